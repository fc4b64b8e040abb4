import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { recordAnswer as record, SatisfactionTestHosts, scoreChanges as changes, scoreOf } from '@rapport/lib-satisfaction/testing';

const CSAT = '@rapport/plugin-scoring-csat';
// The plugin is loaded by path from the repository root, as a deployment's config names it.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const START = '2026-03-01T09:00:00.000Z';

const hosts = new SatisfactionTestHosts({ plugin: CSAT, plugins: ['./plugins/scoring-csat'], baseDir: ROOT, now: START });
afterEach(() => hosts.stopAll());

const start = (settings?: Record<string, unknown>) => hosts.start({ settings });
const csatOf = (test: TestHost, customerId: string) => scoreOf(test, customerId, 'csat');

describe('the csat rule', () => {
  it('scores a customer on each answer, with a label and an explanation', async () => {
    const test = await start();
    expect(test.plugin(CSAT).state).toBe('ACTIVE');
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { csat: 5 } });
    expect(await csatOf(test, customerId)).toMatchObject({ value: 100, label: 'satisfied', explanation: '1 of 1 answer satisfied in the last 90 days' });

    await record(test, { email: 'ada@example.com', metadata: { csat: 2 } });
    expect(await csatOf(test, customerId)).toMatchObject({ value: 50, label: 'neutral', explanation: '1 of 2 answers satisfied in the last 90 days' });

    await record(test, { email: 'ada@example.com', metadata: { csat: 3 } });
    expect(await csatOf(test, customerId)).toMatchObject({ value: 33.3, label: 'unsatisfied', explanation: '1 of 3 answers satisfied in the last 90 days' });

    expect(changes(test)).toEqual([
      { customerId, rule: 'csat', value: 100, previousValue: null },
      { customerId, rule: 'csat', value: 50, previousValue: 100 },
      { customerId, rule: 'csat', value: 33.3, previousValue: 50 },
    ]);
  });

  it('publishes score.changed only when the value changes', async () => {
    const test = await start();
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { csat: 4 } });
    await record(test, { email: 'ada@example.com', metadata: { csat: 5 } });
    // The value is still 100; the explanation follows the new answer.
    expect(await csatOf(test, customerId)).toMatchObject({ value: 100, explanation: '2 of 2 answers satisfied in the last 90 days' });
    expect(changes(test)).toEqual([{ customerId, rule: 'csat', value: 100, previousValue: null }]);
  });

  it('skips answers off the scale or not numbers, and interactions that are not survey answers', async () => {
    const test = await start();
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { csat: 1 } });
    await record(test, { email: 'ada@example.com', metadata: { csat: 9 } });
    await record(test, { email: 'ada@example.com', metadata: { csat: 'great' } });
    await record(test, { email: 'ada@example.com', metadata: { csat: null } });
    await record(test, { email: 'ada@example.com', metadata: { nps: 10 } });
    await record(test, { email: 'ada@example.com', type: 'message', metadata: { csat: 5 } });
    expect(await csatOf(test, customerId)).toMatchObject({ value: 0, label: 'unsatisfied', explanation: '0 of 1 answer satisfied in the last 90 days' });
    expect(test.plugin(CSAT).state).toBe('ACTIVE');

    // A customer whose only answers are invalid has no score at all.
    const other = await record(test, { email: 'bob@example.com', metadata: { csat: 0 } });
    expect(await csatOf(test, other.customerId)).toBeUndefined();
  });

  it('lets answers leave the window as days pass, and removes the score when none is left', async () => {
    const test = await start();
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { csat: 5 } });
    await test.advance('P45D');
    await record(test, { email: 'ada@example.com', metadata: { csat: 1 } });
    expect(await csatOf(test, customerId)).toMatchObject({ value: 50, explanation: '1 of 2 answers satisfied in the last 90 days' });

    // Day 91: the daily re-evaluation drops the first answer; nothing was recorded to trigger it.
    await test.advance('P46D');
    expect(await csatOf(test, customerId)).toMatchObject({ value: 0, label: 'unsatisfied', explanation: '0 of 1 answer satisfied in the last 90 days' });

    // Day 136: the second answer is out of the window too.
    await test.advance('P45D');
    expect(await csatOf(test, customerId)).toBeUndefined();
    expect(changes(test).slice(0, 3)).toEqual([
      { customerId, rule: 'csat', value: 100, previousValue: null },
      { customerId, rule: 'csat', value: 50, previousValue: 100 },
      { customerId, rule: 'csat', value: 0, previousValue: 50 },
    ]);
  });

  it('uses the window from the settings', async () => {
    const test = await start({ window: 'P7D' });
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { csat: 4 } });
    expect(await csatOf(test, customerId)).toMatchObject({ value: 100, explanation: '1 of 1 answer satisfied in the last 7 days' });
    await test.advance('P6D');
    expect(await csatOf(test, customerId)).toMatchObject({ value: 100 });
    await test.advance('P2D');
    expect(await csatOf(test, customerId)).toBeUndefined();
  });

  it('takes the window in milliseconds too', async () => {
    const test = await start({ window: 86_400_000 });
    const { customerId } = await record(test, { email: 'ada@example.com', metadata: { csat: 2 } });
    expect(await csatOf(test, customerId)).toMatchObject({ value: 0, explanation: '0 of 1 answer satisfied in the last day' });
  });

  it('shows the score in GraphQL under Customer.scores', async () => {
    const test = await start();
    await record(test, { email: 'ada@example.com', metadata: { csat: 5 } });
    await record(test, { email: 'ada@example.com', metadata: { csat: 4 } });
    const result = await test.graphql<{ customers: { edges: { node: { scores: unknown[] } }[] } }>(
      '{ customers(query: "ada@example.com") { edges { node { scores { rule value label explanation computedAt } } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers.edges[0]!.node.scores).toEqual([
      { rule: 'csat', value: 100, label: 'satisfied', explanation: '2 of 2 answers satisfied in the last 90 days', computedAt: START },
    ]);
  });

  it('scores the survivor of a merge over both customers\' answers', async () => {
    const test = await start();
    const ada = await record(test, { email: 'ada@example.com', metadata: { csat: 5 } });
    const bob = await record(test, { email: 'bob@example.com', metadata: { csat: 1 } });
    const ids = await test.graphql<{ customers: { edges: { node: { id: string; emails: string[] } }[] } }>('{ customers { edges { node { id emails } } } }');
    const idOf = (email: string) => ids.data!.customers.edges.find((edge) => edge.node.emails.includes(email))!.node.id;
    const merged = await test.graphql('mutation ($target: ID!, $source: ID!) { mergeCustomers(input: { targetId: $target, sourceId: $source }) { id } }', {
      target: idOf('ada@example.com'),
      source: idOf('bob@example.com'),
    });
    expect(merged.errors).toBeUndefined();
    await test.advance(0);
    expect(await csatOf(test, ada.customerId)).toMatchObject({ value: 50, label: 'neutral', explanation: '1 of 2 answers satisfied in the last 90 days' });
    expect(await csatOf(test, bob.customerId)).toBeUndefined();
  });
});

describe('bad settings', () => {
  it.each([
    ['soon', 'pluginSettings["@rapport/plugin-scoring-csat"].window: must be milliseconds or an ISO-8601 duration of weeks, days, hours, minutes or seconds, such as "P90D"'],
    ['P3M', 'pluginSettings["@rapport/plugin-scoring-csat"].window: must be milliseconds or an ISO-8601 duration'],
    [0, 'pluginSettings["@rapport/plugin-scoring-csat"].window: must be >= 1'],
    [true, 'pluginSettings["@rapport/plugin-scoring-csat"].window: must be of type string,integer'],
    ['P0D', 'test host settings: pluginSettings["@rapport/plugin-scoring-csat"].window: must be longer than zero, got "P0D"; use a duration such as "P90D".'],
  ])('a window of %j makes the plugin FAILED with an error naming the setting', async (window, message) => {
    const test = await start({ window });
    const status = test.plugin(CSAT);
    expect(status.state).toBe('FAILED');
    expect(status.error).toContain(message);
  });

  it('refuses settings it does not know', async () => {
    const test = await start({ windw: 'P30D' });
    expect(test.plugin(CSAT)).toMatchObject({ state: 'FAILED' });
    expect(test.plugin(CSAT).error).toContain('pluginSettings["@rapport/plugin-scoring-csat"].windw: is not a known field; check its spelling');
  });
});

interface SatisfactionData {
  satisfaction: { csat: number | null; responses: number; satisfied: number; from: string; to: string; channel: string | null };
}

const QUERY = `query ($from: DateTime!, $to: DateTime!, $channel: String) {
  satisfaction(from: $from, to: $to, channel: $channel) { csat responses satisfied from to channel }
}`;

describe('Query.satisfaction', () => {
  async function seed(test: TestHost) {
    // February: three customers over two channels (a 3 is not satisfied); one answer in March and one in January fall outside.
    await record(test, { email: 'ada@example.com', metadata: { csat: 5 }, occurredAt: '2026-02-01T10:00:00Z' });
    await record(test, { email: 'ada@example.com', metadata: { csat: 2 }, occurredAt: '2026-02-10T10:00:00Z' });
    await record(test, { email: 'bob@example.com', metadata: { csat: 4 }, occurredAt: '2026-02-15T10:00:00Z' });
    await record(test, { email: 'bob@example.com', channel: 'chat', metadata: { csat: 1 }, occurredAt: '2026-02-16T10:00:00Z' });
    await record(test, { email: 'cy@example.com', channel: 'chat', metadata: { csat: 5 }, occurredAt: '2026-02-20T10:00:00Z' });
    await record(test, { email: 'ada@example.com', channel: 'chat', metadata: { csat: 3 }, occurredAt: '2026-02-20T11:00:00Z' });
    await record(test, { email: 'cy@example.com', channel: 'chat', metadata: { csat: 'n/a' }, occurredAt: '2026-02-21T10:00:00Z' });
    await record(test, { email: 'cy@example.com', metadata: { nps: 10 }, occurredAt: '2026-02-22T10:00:00Z' });
    await record(test, { email: 'cy@example.com', type: 'message', metadata: { csat: 5 }, occurredAt: '2026-02-23T10:00:00Z' });
    await record(test, { email: 'ada@example.com', metadata: { csat: 1 }, occurredAt: '2026-01-31T23:59:59Z' });
    await record(test, { email: 'bob@example.com', metadata: { csat: 1 }, occurredAt: '2026-03-01T00:00:00Z' });
  }

  it('counts every customer\'s answers in the range, per channel', async () => {
    const test = await start();
    await seed(test);
    const range = { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };

    const email = await test.graphql<SatisfactionData>(QUERY, { ...range, channel: 'email' });
    expect(email.errors).toBeUndefined();
    expect(email.data!.satisfaction).toEqual({ csat: 66.7, responses: 3, satisfied: 2, from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', channel: 'email' });

    const chat = await test.graphql<SatisfactionData>(QUERY, { ...range, channel: 'chat' });
    expect(chat.data!.satisfaction).toMatchObject({ csat: 33.3, responses: 3, satisfied: 1, channel: 'chat' });

    const all = await test.graphql<SatisfactionData>(QUERY, range);
    expect(all.data!.satisfaction).toMatchObject({ csat: 50, responses: 6, satisfied: 3, channel: null });
  });

  it('takes literal arguments too', async () => {
    const test = await start();
    await seed(test);
    const result = await test.graphql<SatisfactionData>('{ satisfaction(from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z", channel: "email") { csat responses satisfied } }');
    expect(result.data).toEqual({ satisfaction: { csat: 66.7, responses: 3, satisfied: 2 } });
  });

  it('answers csat null when there are no answers', async () => {
    const test = await start();
    await seed(test);
    const result = await test.graphql<SatisfactionData>(QUERY, { from: '2025-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z', channel: 'sms' });
    expect(result.data!.satisfaction).toMatchObject({ csat: null, responses: 0, satisfied: 0, channel: 'sms' });
  });

  it('refuses from after to with BAD_USER_INPUT', async () => {
    const test = await start();
    const result = await test.graphql<SatisfactionData>(QUERY, { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({
      message: 'from (2026-03-01T00:00:00.000Z) is after to (2026-02-01T00:00:00.000Z); give the earlier date as from.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('activates the plugin for the query when it has not started yet', async () => {
    const host = await hosts.start({ startup: false });
    expect(host.plugin(CSAT).state).toBe('INSTALLED');
    const result = await host.graphql<SatisfactionData>(QUERY, { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(result.data!.satisfaction).toMatchObject({ csat: null, responses: 0 });
    expect(host.plugin(CSAT).state).toBe('ACTIVE');
  });
});
