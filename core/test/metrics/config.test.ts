import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rapport/sdk';
import { loadConfig } from '../../src/config/loadConfig.js';
import { MAX_OPERATION_NAMES, OperationNames } from '../../src/metrics/OperationNames.js';
import { writeConfig } from '../cli/runCli.js';

describe('metrics and shutdown in rapport.config.json', () => {
  it('has /metrics off and a 10 s shutdown bound by default', async () => {
    const config = await loadConfig({ file: writeConfig({}), env: {} });
    expect(config.metrics).toEqual({});
    expect(config.server.shutdownTimeoutMs).toBe(10_000);
  });

  it('reads metrics.token, RAPPORT_METRICS_TOKEN when the file has none, and server.shutdownTimeout as a duration', async () => {
    const file = writeConfig({ metrics: { token: 'from-the-file-0123456789' }, server: { shutdownTimeout: '25s' } });
    const config = await loadConfig({ file, env: { RAPPORT_METRICS_TOKEN: 'from-the-environment-0123' } });
    expect(config.metrics.token).toBe('from-the-file-0123456789');
    expect(config.server.shutdownTimeoutMs).toBe(25_000);
    const fromEnv = await loadConfig({ file: writeConfig({}), env: { RAPPORT_METRICS_TOKEN: 'from-the-environment-0123' } });
    expect(fromEnv.metrics.token).toBe('from-the-environment-0123');
  });

  it('refuses a short token and an out-of-range bound, naming the field', async () => {
    const file = writeConfig({ metrics: { token: 'short' }, server: { shutdownTimeout: '1h' } });
    const error = await loadConfig({ file, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('metrics.token');
    const bound = await loadConfig({ file: writeConfig({ server: { shutdownTimeout: '1h' } }), env: {} }).catch((e: unknown) => e);
    expect((bound as ConfigError).problems).toEqual([{ file: expect.any(String), field: 'server.shutdownTimeout', message: 'must be from 100 ms to 10 min, got "1h"' }]);
    const env = await loadConfig({ file: writeConfig({}), env: { RAPPORT_METRICS_TOKEN: 'short' } }).catch((e: unknown) => e);
    expect((env as ConfigError).problems).toEqual([{ file: 'environment', field: 'RAPPORT_METRICS_TOKEN', message: 'must be at least 16 characters (a shorter token is easy to guess)' }]);
  });
});

describe('operation names as labels', () => {
  it('names unnamed operations "anonymous" and shares "other" past the cap', () => {
    const names = new OperationNames();
    expect(names.label(undefined)).toBe('anonymous');
    expect(names.label('')).toBe('anonymous');
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(names.label(`Op${i}`)).toBe(`Op${i}`);
    expect(names.label('OneTooMany')).toBe('other');
    // A name seen before the cap keeps its series.
    expect(names.label('Op7')).toBe('Op7');
    expect(names.label('x'.repeat(300))).toBe('other');
  });
});
