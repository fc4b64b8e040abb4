import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { recordAnswer as record, SatisfactionTestHosts, scoreChanges as changes, scoreOf as storedScore } from '@rapport/lib-satisfaction/testing';

const NPS = '@rapport/plugin-scoring-nps';
// The plugin is loaded by path from the repository root, as a deployment's config names it.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const START = '2026-03-01T09:00:00.000Z';

const hosts = new SatisfactionTestHosts({ plugin: NPS, plugins: ['./plugins/scoring-nps'], baseDir: ROOT, now: START });
afterEach(() => hosts.stopAll());

const start = (options: { settings?: Record<string, unknown>; plugins?: string[] } = {}) => hosts.start(options);
const scoreOf = (test: TestHost, customerId: string, rule = 'nps') => storedScore(test, customerId, rule);

describe('the nps rule', () => {
  it('scores a customer on each answer, labelling them by their NPS', async () => {
    const test = await start();
    expect(test.plugin(NPS).state).toBe('ACTIVE');
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { nps: 10 } });
    expect(await scoreOf(test, customerId)).toMatchObject({
      value: 100,
      label: 'promoter',
      explanation: '1 promoter, 0 passives and 0 detractors among 1 answer in the last 365 days',
    });

    await record(test, { email: 'ada@example.com', metadata: { nps: 3 } });
    expect(await scoreOf(test, customerId)).toMatchObject({
      value: 0,
      label: 'passive',
      explanation: '1 promoter, 0 passives and 1 detractor among 2 answers in the last 365 days',
    });

    await record(test, { email: 'ada@example.com', metadata: { nps: 9 } });
    await record(test, { email: 'ada@example.com', metadata: { nps: 7 } });
    expect(await scoreOf(test, customerId)).toMatchObject({
      value: 25,
      label: 'passive',
      explanation: '2 promoters, 1 passive and 1 detractor among 4 answers in the last 365 days',
    });

    const other = await record(test, { email: 'bob@example.com', metadata: { nps: 0 } });
    expect(await scoreOf(test, other.customerId)).toMatchObject({ value: -100, label: 'detractor' });

    expect(changes(test)).toEqual([
      { customerId, rule: 'nps', value: 100, previousValue: null },
      { customerId, rule: 'nps', value: 0, previousValue: 100 },
      { customerId, rule: 'nps', value: 33.3, previousValue: 0 },
      { customerId, rule: 'nps', value: 25, previousValue: 33.3 },
      { customerId: other.customerId, rule: 'nps', value: -100, previousValue: null },
    ]);
  });

  it('publishes score.changed only when the value changes, and skips invalid answers', async () => {
    const test = await start();
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { nps: 8 } });
    await record(test, { email: 'ada@example.com', metadata: { nps: 7 } });
    await record(test, { email: 'ada@example.com', metadata: { nps: 11 } });
    await record(test, { email: 'ada@example.com', metadata: { nps: 'ten' } });
    await record(test, { email: 'ada@example.com', metadata: { csat: 1 } });
    expect(await scoreOf(test, customerId)).toMatchObject({ value: 0, label: 'passive', explanation: '0 promoters, 2 passives and 0 detractors among 2 answers in the last 365 days' });
    expect(changes(test)).toEqual([{ customerId, rule: 'nps', value: 0, previousValue: null }]);
    expect(test.plugin(NPS).state).toBe('ACTIVE');
  });

  it('lets answers leave its 365-day window, and removes the score when none is left', async () => {
    const test = await start();
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { nps: 2 } });
    await test.advance('P100D');
    await record(test, { email: 'ada@example.com', metadata: { nps: 10 } });
    expect(await scoreOf(test, customerId)).toMatchObject({ value: 0 });

    // Day 366: the daily re-evaluation drops the first answer; nothing was recorded to trigger it.
    await test.advance('P266D');
    expect(await scoreOf(test, customerId)).toMatchObject({ value: 100, label: 'promoter', explanation: '1 promoter, 0 passives and 0 detractors among 1 answer in the last 365 days' });

    await test.advance('P100D');
    expect(await scoreOf(test, customerId)).toBeUndefined();
  });

  it('uses the window from the settings', async () => {
    const test = await start({ settings: { window: 'P30D' } });
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { nps: 9 } });
    expect(await scoreOf(test, customerId)).toMatchObject({ explanation: '1 promoter, 0 passives and 0 detractors among 1 answer in the last 30 days' });
    await test.advance('P31D');
    expect(await scoreOf(test, customerId)).toBeUndefined();
  });

  it('runs beside the csat plugin, each rule reading its own answers', async () => {
    const test = await start({ plugins: ['./plugins/scoring-nps', './plugins/scoring-csat'] });
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { nps: 10 } });
    await record(test, { email: 'ada@example.com', metadata: { csat: 2 } });
    expect((await test.scores(customerId)).map(({ rule, value }) => ({ rule, value })).sort((a, b) => a.rule.localeCompare(b.rule))).toEqual([
      { rule: 'csat', value: 0 },
      { rule: 'nps', value: 100 },
    ]);
    const result = await test.graphql<{ customers: { edges: { node: { scores: { rule: string; label: string }[] } }[] } }>(
      '{ customers(query: "ada@example.com") { edges { node { scores { rule label } } } } }',
    );
    expect(result.data!.customers.edges[0]!.node.scores).toEqual(expect.arrayContaining([{ rule: 'nps', label: 'promoter' }, { rule: 'csat', label: 'unsatisfied' }]));
  });
});

describe('bad settings', () => {
  it.each([
    ['soon', 'pluginSettings["@rapport/plugin-scoring-nps"].window: must be milliseconds or an ISO-8601 duration of weeks, days, hours, minutes or seconds, such as "P365D"'],
    ['P1Y', 'pluginSettings["@rapport/plugin-scoring-nps"].window: must be milliseconds or an ISO-8601 duration'],
    [-5, 'pluginSettings["@rapport/plugin-scoring-nps"].window: must be >= 1'],
    ['PT0S', 'test host settings: pluginSettings["@rapport/plugin-scoring-nps"].window: must be longer than zero, got "PT0S"'],
  ])('a window of %j makes the plugin FAILED with an error naming the setting', async (window, message) => {
    const test = await start({ settings: { window } });
    expect(test.plugin(NPS).state).toBe('FAILED');
    expect(test.plugin(NPS).error).toContain(message);
  });
});

interface NpsData {
  netPromoterScore: { nps: number | null; responses: number; promoters: number; passives: number; detractors: number; from: string; to: string; channel: string | null };
}

const QUERY = `query ($from: DateTime!, $to: DateTime!, $channel: String) {
  netPromoterScore(from: $from, to: $to, channel: $channel) { nps responses promoters passives detractors from to channel }
}`;

describe('Query.netPromoterScore', () => {
  it('counts every customer\'s answers in the range, per channel', async () => {
    const test = await start();
    await record(test, { email: 'ada@example.com', metadata: { nps: 10 }, occurredAt: '2026-02-01T10:00:00Z' });
    await record(test, { email: 'ada@example.com', metadata: { nps: 8 }, occurredAt: '2026-02-02T10:00:00Z' });
    await record(test, { email: 'bob@example.com', metadata: { nps: 9 }, occurredAt: '2026-02-03T10:00:00Z' });
    await record(test, { email: 'bob@example.com', metadata: { nps: 4 }, occurredAt: '2026-02-04T10:00:00Z' });
    await record(test, { email: 'cy@example.com', channel: 'sms', metadata: { nps: 0 }, occurredAt: '2026-02-05T10:00:00Z' });
    await record(test, { email: 'cy@example.com', channel: 'sms', metadata: { nps: 6 }, occurredAt: '2026-02-06T10:00:00Z' });
    await record(test, { email: 'cy@example.com', channel: 'sms', metadata: { nps: 12 }, occurredAt: '2026-02-07T10:00:00Z' });
    await record(test, { email: 'cy@example.com', metadata: { csat: 5 }, occurredAt: '2026-02-08T10:00:00Z' });
    await record(test, { email: 'ada@example.com', metadata: { nps: 0 }, occurredAt: '2026-01-31T23:59:59Z' });
    await record(test, { email: 'bob@example.com', metadata: { nps: 0 }, occurredAt: '2026-03-01T00:00:00Z' });
    const range = { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };

    const email = await test.graphql<NpsData>(QUERY, { ...range, channel: 'email' });
    expect(email.errors).toBeUndefined();
    expect(email.data!.netPromoterScore).toEqual({
      nps: 25,
      responses: 4,
      promoters: 2,
      passives: 1,
      detractors: 1,
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
      channel: 'email',
    });

    const sms = await test.graphql<NpsData>(QUERY, { ...range, channel: 'sms' });
    expect(sms.data!.netPromoterScore).toMatchObject({ nps: -100, responses: 2, promoters: 0, passives: 0, detractors: 2, channel: 'sms' });

    const all = await test.graphql<NpsData>(QUERY, range);
    expect(all.data!.netPromoterScore).toMatchObject({ nps: -16.7, responses: 6, promoters: 2, passives: 1, detractors: 3, channel: null });
  });

  it('answers nps null when there are no answers', async () => {
    const test = await start();
    const result = await test.graphql<NpsData>('{ netPromoterScore(from: "2026-01-01", to: "2026-02-01") { nps responses promoters passives detractors } }');
    expect(result.data).toEqual({ netPromoterScore: { nps: null, responses: 0, promoters: 0, passives: 0, detractors: 0 } });
  });

  it('refuses from after to with BAD_USER_INPUT', async () => {
    const test = await start();
    const result = await test.graphql<NpsData>(QUERY, { from: '2026-03-01T00:00:00Z', to: '2026-02-28T00:00:00Z' });
    // A plugin's field is nullable: it alone answers null, with the error.
    expect(result.data).toEqual({ netPromoterScore: null });
    expect(result.errors![0]).toMatchObject({
      message: 'from (2026-03-01T00:00:00.000Z) is after to (2026-02-28T00:00:00.000Z); give the earlier date as from.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
