import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigError } from '@rapport/sdk';
import { loadConfig } from '../../src/config/loadConfig.js';
import { DEFAULT_DATABASE_CONNECT_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_SERVER_TIMEOUTS } from '../../src/config/RapportConfig.js';
import { DEFAULT_CONNECTION_LIMITS } from '../../src/server/createHttpServer.js';
import { writeConfig } from '../cli/runCli.js';
import { FIXTURES } from '../plugin-host/fixtures.js';

/** The problems loadConfig reports for a config file, as `field: message`. */
async function problemsOf(config: Record<string, unknown>): Promise<{ file: string; problems: string[] }> {
  const file = writeConfig(config);
  const error = (await loadConfig({ file, env: {} }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )) as ConfigError | undefined;
  expect(error, 'loadConfig should have refused the file').toBeDefined();
  expect(error!.code).toBe('CONFIG_INVALID');
  for (const problem of error!.problems) expect(problem.file).toBe(file);
  return { file, problems: error!.problems.map(({ field, message }) => `${field}: ${message}`) };
}

describe('pluginSettings for plugins that are not listed', () => {
  it('names pluginSettings.<name> and the plugins that are listed', async () => {
    const { problems } = await problemsOf({
      plugins: ['@rapport/plugin-scoring-csat'],
      pluginSettings: { '@rapport/plugin-scoring-csat': { window: 'P90D' }, '@x/not-loaded': { a: 1 } },
    });
    expect(problems).toEqual([
      'pluginSettings.@x/not-loaded: are settings for a plugin that is not in "plugins" (the plugins listed are "@rapport/plugin-scoring-csat"); ' +
        'add the plugin to "plugins" or remove its settings',
    ]);
  });

  it('says so when no plugin is listed at all', async () => {
    const { problems } = await problemsOf({ pluginSettings: { '@x/not-loaded': {} } });
    expect(problems).toEqual([expect.stringMatching(/^pluginSettings\.@x\/not-loaded: .*\(no plugins are listed\)/)]);
  });

  it('knows a plugin given by path under the name in its package.json', async () => {
    const file = writeConfig({});
    const entry = `./${path.relative(path.dirname(file), path.join(FIXTURES, 'good-js'))}`;
    writeFileSync(file, JSON.stringify({ plugins: [entry], pluginSettings: { '@fixtures/good': { colour: 'blue' } } }));
    await expect(loadConfig({ file, env: {} })).resolves.toMatchObject({ pluginSettings: { '@fixtures/good': { colour: 'blue' } } });

    // Settings keyed by the entry rather than the plugin's name are never read.
    writeFileSync(file, JSON.stringify({ plugins: [entry], pluginSettings: { [entry]: {} } }));
    await expect(loadConfig({ file, env: {} })).rejects.toThrow(`pluginSettings.${entry}: are settings for a plugin that is not in "plugins" (the plugins listed are "@fixtures/good")`);
  });
});

describe('numeric bounds', () => {
  it('refuses absurd and fractional numbers, naming each field and its bounds', async () => {
    const { problems } = await problemsOf({
      events: { batchSize: 1e12, pollIntervalMs: 2.5 },
      workflows: { maxStepAttempts: 0 },
      graphql: { limits: { maxDepth: 1e9 } },
      rateLimit: { max: -1 },
      server: { maxConnections: 10_000_000 },
      channels: { maxBodyBytes: 1e15 },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'server.maxConnections: must be <= 1000000',
        'channels.maxBodyBytes: must be <= 104857600',
        'events.batchSize: must be <= 10000',
        'events.pollIntervalMs: must be of type integer',
        'workflows.maxStepAttempts: must be >= 1',
        'graphql.limits.maxDepth: must be <= 1000',
        'rateLimit.max: must be >= 1',
      ]),
    );
  });

  it('accepts values at the bounds', async () => {
    const file = writeConfig({ events: { batchSize: 10_000, coalesceMs: 0 }, server: { maxConnections: 1 } });
    await expect(loadConfig({ file, env: {} })).resolves.toMatchObject({ events: { batchSize: 10_000, coalesceMs: 0 }, server: { maxConnections: 1 } });
  });
});

describe('durations', () => {
  it('reads milliseconds, ISO-8601 and short forms', async () => {
    const file = writeConfig({
      server: { timeouts: { headers: '2s', request: 'PT1M', keepAlive: 750 } },
      database: { connectTimeout: '500ms' },
      conversations: { window: '2d' },
    });
    const config = await loadConfig({ file, env: {} });
    expect(config.server.timeouts).toEqual({ headersMs: 2_000, requestMs: 60_000, keepAliveMs: 750 });
    expect(config.database.connectTimeoutMs).toBe(500);
    expect(config.conversationWindowMs).toBe(2 * 86_400_000);
  });

  it('refuses negative, unreadable and out-of-range durations, naming the field and the range', async () => {
    const { problems } = await problemsOf({
      server: { timeouts: { headers: -5, keepAlive: 'P1000D' } },
      database: { connectTimeout: 'soon' },
      auth: { sessionTtl: 'PT1S' },
    });
    expect(problems).toEqual([
      'auth.sessionTtl: must be from 1 min to 365 days, got "PT1S"',
      'database.connectTimeout: must be milliseconds or a duration such as "30s" or "PT10S" (from 0 to 1 h), got "soon"',
      'server.timeouts.headers: must be milliseconds or a duration such as "10s" or "PT10S" (from 100 ms to 10 min), got -5',
      'server.timeouts.keepAlive: must be from 100 ms to 10 min, got "P1000D"',
    ]);
  });

  it('refuses a headers timeout longer than the request timeout', async () => {
    const { problems } = await problemsOf({ server: { timeouts: { headers: '20s', request: '10s' } } });
    expect(problems).toEqual(['server.timeouts.headers: must not be longer than server.timeouts.request (10000 ms), got 20000 ms']);
  });
});

describe('defaults', () => {
  it('bounds the server and retries the database for 30 s unless told otherwise', async () => {
    const config = await loadConfig({ file: writeConfig({}), env: {} });
    expect(config.server).toMatchObject({ timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 }, maxConnections: 1_000 });
    expect(config.database).toEqual({ url: 'sqlite:./.rapport/rapport.db', connectTimeoutMs: 30_000, urlFrom: { file: config.file, field: 'database.url' } });
    expect(DEFAULT_DATABASE_CONNECT_TIMEOUT_MS).toBe(30_000);
    // The server's own defaults (for servers made without a config) are the config's.
    expect(DEFAULT_CONNECTION_LIMITS).toEqual({ timeouts: DEFAULT_SERVER_TIMEOUTS, maxConnections: DEFAULT_MAX_CONNECTIONS });
  });

  it('remembers where the database URL came from, for errors about it', async () => {
    const file = writeConfig({ database: { url: 'sqlite:./a.db' } });
    expect((await loadConfig({ file, env: { RAPPORT_DATABASE_URL: 'sqlite:./b.db' } })).database.urlFrom).toEqual({ file: 'environment', field: 'RAPPORT_DATABASE_URL' });
    expect((await loadConfig({ file, env: {}, overrides: { database: 'sqlite:./c.db' } })).database.urlFrom).toEqual({ file: 'command line', field: '--database' });
  });
});

describe('bots and their hand-off', () => {
  it('refuses a bot timeout that the event handler budget would cut short', async () => {
    const { problems } = await problemsOf({ pluginHost: { handlerTimeoutMs: 5_000 }, botHandoff: { timeout: '5s' } });
    expect(problems).toEqual(['botHandoff.timeout: must be shorter than pluginHost.handlerTimeoutMs (5000 ms), got 5000 ms']);
  });

  it('refuses an assignment mode it does not know, naming the ones it does', async () => {
    const { problems } = await problemsOf({ assignment: { mode: 'random' } });
    expect(problems).toEqual(['assignment.mode: must be one of "manual", "round-robin"']);
  });

  it('reads bots, botHandoff and assignment, with defaults for what is left out', async () => {
    const file = writeConfig({ bots: { chat: 'faq' }, botHandoff: { timeout: 'PT3S', words: ['humano'] }, assignment: { mode: 'round-robin' } });
    const config = await loadConfig({ file, env: {} });
    expect(config.bots).toEqual({ chat: 'faq' });
    expect(config.botHandoff).toMatchObject({ timeoutMs: 3_000, words: ['humano'], minConfidence: 0.5, maxUnansweredTurns: 2 });
    expect(config.assignment).toEqual({ mode: 'round-robin' });
  });
});

describe('business hours and SLA targets', () => {
  it('reads a weekly calendar, holidays and targets', async () => {
    const file = writeConfig({
      businessHours: { timezone: 'Europe/Berlin', weekly: { mon: ['13:30-17:00', '09:00-12:30'], fri: ['09:00-24:00'] }, holidays: ['2026-12-25'] },
      sla: { firstResponse: 'PT1H', resolution: '2d' },
    });
    const { kpis } = await loadConfig({ file, env: {} });
    expect(kpis.businessHours!.timezone).toBe('Europe/Berlin');
    expect(kpis.businessHours!.weekly.mon).toEqual([
      { startMinute: 540, endMinute: 750 },
      { startMinute: 810, endMinute: 1020 },
    ]);
    expect(kpis.businessHours!.weekly.fri).toEqual([{ startMinute: 540, endMinute: 1440 }]);
    expect(kpis.businessHours!.weekly.sat).toEqual([]);
    expect([...kpis.businessHours!.holidays]).toEqual(['2026-12-25']);
    expect(kpis.sla).toEqual({ firstResponseMs: 3_600_000, resolutionMs: 2 * 86_400_000 });
  });

  it('has neither by default', async () => {
    expect((await loadConfig({ file: writeConfig({}), env: {} })).kpis).toEqual({ businessHours: null, sla: null });
  });

  it('names each field that is wrong and says what it takes', async () => {
    const { problems } = await problemsOf({
      businessHours: { timezone: 'Europe/Atlantis', weekly: { mon: ['9:00-17:00', '10:00-09:00'], tue: ['09:00-13:00', '12:00-17:00'] }, holidays: ['2026-02-30'] },
      sla: { firstResponse: '10s' },
    });
    expect(problems).toEqual([
      'businessHours.timezone: must be an IANA time zone such as "Europe/Berlin" or "America/New_York", got "Europe/Atlantis"',
      'businessHours.weekly.mon[0]: must be a span of local time "HH:MM-HH:MM" that ends after it starts (at most "24:00"), such as "09:00-17:00", got "9:00-17:00"',
      'businessHours.weekly.mon[1]: must be a span of local time "HH:MM-HH:MM" that ends after it starts (at most "24:00"), such as "09:00-17:00", got "10:00-09:00"',
      'businessHours.weekly.tue: has spans that overlap (09:00-13:00, 12:00-17:00); list each stretch of open hours once',
      'businessHours.holidays[0]: must be a date YYYY-MM-DD that exists, got "2026-02-30"',
      'sla.firstResponse: must be from 1 min to 365 days, got "10s"',
    ]);
  });

  it('refuses a week without open hours, and a day it does not know', async () => {
    expect((await problemsOf({ businessHours: { timezone: 'UTC', weekly: {} } })).problems).toEqual([
      'businessHours.weekly: must open on at least one day, e.g. { "mon": ["09:00-17:00"] }',
    ]);
    expect((await problemsOf({ businessHours: { timezone: 'UTC', weekly: { monday: ['09:00-17:00'] } } })).problems).toEqual([expect.stringMatching(/^businessHours\.weekly.*monday/)]);
  });
});
