import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { writeConfig } from '../cli/runCli.js';

describe('loadConfig', () => {
  it('applies defaults, then the file, then the environment, then the command line', async () => {
    const file = writeConfig({ server: { port: 5000 }, database: { url: 'sqlite:./data.db' }, plugins: ['./p'], pluginHost: { activationTimeoutMs: 500 } });
    const config = await loadConfig({ file, env: { PORT: '6000', LOG_LEVEL: 'warn' }, overrides: { database: 'postgres://127.0.0.1:5432/test' } });
    expect(config).toMatchObject({
      file,
      baseDir: path.dirname(file),
      server: { host: '127.0.0.1', port: 6000 },
      database: { url: 'postgres://127.0.0.1:5432/test' },
      plugins: ['./p'],
      pluginSettings: {},
      logLevel: 'warn',
      pluginHost: { activationTimeoutMs: 500, handlerTimeoutMs: 10_000, circuitBreakerThreshold: 5 },
    });
  });

  it('reads RAPPORT_CONFIG when no file is given', async () => {
    const file = writeConfig({ plugins: ['@acme/x'] });
    expect((await loadConfig({ env: { RAPPORT_CONFIG: file } })).plugins).toEqual(['@acme/x']);
  });

  it('runs with defaults when there is no config file at all', async () => {
    const config = await loadConfig({ cwd: path.dirname(writeConfig({}, 'other.json')), env: {} });
    expect(config).toMatchObject({ server: { port: 4000 }, database: { url: 'sqlite:./.rapport/rapport.db' }, plugins: [] });
    expect(config.file).toMatch(/rapport\.config\.json \(not found; using defaults\)$/);
  });

  it('names the file and every invalid field', async () => {
    const file = writeConfig({ database: { url: 'mysql://x' }, pluginHost: { handlerTimeoutMs: 0 }, logLevel: 'loud' });
    await expect(loadConfig({ file, env: {} })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: [
        'Invalid configuration:',
        `${file}: database.url: must be a database URL: sqlite:<file>, sqlite::memory: or postgres://user@host:port/db`,
        `${file}: pluginHost.handlerTimeoutMs: must be >= 1`,
        `${file}: logLevel: must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent"`,
      ].join('\n'),
    });
  });

  it('names the environment variable that is invalid', async () => {
    await expect(loadConfig({ file: writeConfig({}), env: { RAPPORT_DATABASE_URL: 'oracle:x', LOG_LEVEL: 'loud' } })).rejects.toThrow(
      'Invalid configuration:\nenvironment: RAPPORT_DATABASE_URL: must be sqlite:<file>, sqlite::memory: or postgres://…, got "oracle:x"\n' +
        'environment: LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
    );
  });

  it('reads the CORS allowlist, none by default, and names an entry that is not an origin', async () => {
    expect((await loadConfig({ file: writeConfig({}), env: {} })).server.cors).toEqual({ origins: [] });
    const origins = ['https://app.example.com', 'http://localhost:5173', 'https://*.example.com'];
    expect((await loadConfig({ file: writeConfig({ server: { cors: { origins } } }), env: {} })).server.cors.origins).toEqual(origins);

    const file = writeConfig({ server: { cors: { origins: ['https://app.example.com/', 'https://App.example.com'] } } });
    const error = await loadConfig({ file, env: {} }).catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).toContain(`${file}: server.cors.origins[0]: must be an origin in lower case without a path or trailing slash`);
    expect((error as Error).message).toContain(`${file}: server.cors.origins[1]: must be an origin`);
  });

  it('reads redis.channelPrefix, none by default, and names one that cannot be a channel prefix', async () => {
    expect((await loadConfig({ file: writeConfig({ redis: { url: 'redis://127.0.0.1:6379' } }), env: {} })).redis).toEqual({ url: 'redis://127.0.0.1:6379' });
    const prefixed = writeConfig({ redis: { url: 'redis://127.0.0.1:6379', channelPrefix: 'rapport:staging:' } });
    expect((await loadConfig({ file: prefixed, env: {} })).redis).toEqual({ url: 'redis://127.0.0.1:6379', channelPrefix: 'rapport:staging:' });
    const bad = writeConfig({ redis: { url: 'redis://127.0.0.1:6379', channelPrefix: 'has spaces' } });
    await expect(loadConfig({ file: bad, env: {} })).rejects.toThrow(`${bad}: redis.channelPrefix: must be up to 64 letters, digits`);
  });
});
