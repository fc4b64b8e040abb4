import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordAnswer, SatisfactionTestHosts, scoreChanges, scoreOf } from '@rapport/lib-satisfaction/testing';

// registerSatisfactionPlugin is tested through a plugin of a metric the library does not ship,
// so nothing here leans on what CSAT or NPS happen to share.
const EFFORT = '@fixtures/scoring-effort';
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const hosts = new SatisfactionTestHosts({ plugin: EFFORT, plugins: ['./scoring-effort'], baseDir: FIXTURES, now: '2026-03-01T09:00:00.000Z' });
afterEach(() => hosts.stopAll());

const QUERY = `query ($from: DateTime!, $to: DateTime!, $channel: String) {
  customerEffort(from: $from, to: $to, channel: $channel) { ces responses total from to channel }
}`;

describe('registerSatisfactionPlugin', () => {
  it('registers the rule over the window from the settings', async () => {
    const host = await hosts.start({ settings: { window: 'P7D' } });
    expect(host.plugin(EFFORT).state).toBe('ACTIVE');
    const { customerId } = await recordAnswer(host, { email: 'ada@example.com', metadata: { ces: 6 } });
    await recordAnswer(host, { email: 'ada@example.com', metadata: { ces: '3' } });
    await recordAnswer(host, { email: 'ada@example.com', metadata: { ces: 9 } });
    await recordAnswer(host, { email: 'ada@example.com', type: 'message', metadata: { ces: 1 } });
    expect(await scoreOf(host, customerId, 'ces')).toMatchObject({ value: 4.5, label: 'hard', explanation: '2 answers in the last 7 days' });
    expect(scoreChanges(host)).toEqual([
      { customerId, rule: 'ces', value: 6, previousValue: null },
      { customerId, rule: 'ces', value: 4.5, previousValue: 6 },
    ]);

    await host.advance('P8D');
    expect(await scoreOf(host, customerId, 'ces')).toBeUndefined();
  });

  it('answers the org-wide query with the value under its field, the counts and the range', async () => {
    const host = await hosts.start();
    await recordAnswer(host, { email: 'ada@example.com', metadata: { ces: 7 }, occurredAt: '2026-02-01T10:00:00Z' });
    await recordAnswer(host, { email: 'bob@example.com', metadata: { ces: 4 }, occurredAt: '2026-02-02T10:00:00Z' });
    await recordAnswer(host, { email: 'bob@example.com', channel: 'chat', metadata: { ces: 2 }, occurredAt: '2026-02-03T10:00:00Z' });
    await recordAnswer(host, { email: 'cy@example.com', metadata: { ces: 5 }, occurredAt: '2026-03-01T00:00:00Z' });

    const email = await host.graphql(QUERY, { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z', channel: 'email' });
    expect(email.errors).toBeUndefined();
    expect(email.data).toEqual({
      customerEffort: { ces: 5.5, responses: 2, total: 11, from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', channel: 'email' },
    });
    const none = await host.graphql(QUERY, { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' });
    expect(none.data).toMatchObject({ customerEffort: { ces: null, responses: 0, total: 0, channel: null } });
  });

  it('refuses from after to with BAD_USER_INPUT', async () => {
    const host = await hosts.start();
    const result = await host.graphql(QUERY, { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
    expect(result.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('fails activation on a bad window, naming the setting, with nothing registered', async () => {
    const host = await hosts.start({ settings: { window: 'P0D' } });
    expect(host.plugin(EFFORT)).toMatchObject({ state: 'FAILED' });
    expect(host.plugin(EFFORT).error).toContain('pluginSettings["@fixtures/scoring-effort"].window: must be longer than zero, got "P0D"');
    const { customerId } = await recordAnswer(host, { email: 'ada@example.com', metadata: { ces: 6 } });
    expect(await scoreOf(host, customerId, 'ces')).toBeUndefined();
  });
});
