import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@rapport/sdk';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';

function configFile(config: object): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rapport-tracing-config-')), 'rapport.config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('the tracing config', () => {
  it('is off by default', async () => {
    const config = await loadConfig({ file: configFile({}), env: {} });
    expect(config.tracing).toBeUndefined();
  });

  it('sends to the collector’s /v1/traces, under service.name "rapport" unless named', async () => {
    const plain = await loadConfig({ file: configFile({ tracing: { otlpEndpoint: 'http://collector:4318/' } }), env: {} });
    expect(plain.tracing).toEqual({ tracesUrl: 'http://collector:4318/v1/traces', serviceName: 'rapport' });
    const named = await loadConfig({ file: configFile({ tracing: { otlpEndpoint: 'https://otel.example', serviceName: 'crm-eu' } }), env: {} });
    expect(named.tracing).toEqual({ tracesUrl: 'https://otel.example/v1/traces', serviceName: 'crm-eu' });
  });

  it('takes the OpenTelemetry environment over the file, and OTEL_SDK_DISABLED turns it off', async () => {
    const file = configFile({ tracing: { otlpEndpoint: 'http://from-file:4318', serviceName: 'from-file' } });
    expect((await loadConfig({ file, env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://from-env:4318', OTEL_SERVICE_NAME: 'from-env' } })).tracing).toEqual({
      tracesUrl: 'http://from-env:4318/v1/traces',
      serviceName: 'from-env',
    });
    expect((await loadConfig({ file, env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom/path' } })).tracing?.tracesUrl).toBe('http://traces:4318/custom/path');
    expect((await loadConfig({ file: configFile({}), env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://from-env:4318' } })).tracing?.tracesUrl).toBe('http://from-env:4318/v1/traces');
    expect((await loadConfig({ file, env: { OTEL_SDK_DISABLED: 'true' } })).tracing).toBeUndefined();
  });

  it('refuses an endpoint that is no http URL, naming the field and the form it takes', async () => {
    const fromFile = loadConfig({ file: configFile({ tracing: { otlpEndpoint: 'collector:4318' } }), env: {} });
    await expect(fromFile).rejects.toThrow(ConfigError);
    await expect(fromFile).rejects.toThrow(/tracing\.otlpEndpoint/);
    const fromEnv = loadConfig({ file: configFile({}), env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' } });
    await expect(fromEnv).rejects.toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:\/\/ or https:\/\/ URL such as "http:\/\/collector:4318"/);
  });
});
