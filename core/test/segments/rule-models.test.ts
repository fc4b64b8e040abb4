import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleSegmentationModel } from '@rapport/sdk';
import { resolveService } from '../../src/container/bindService.js';
import { RuleModelRefresh } from '../../src/segments/RuleModelRefresh.js';
import { validateRuleTree } from '../../src/segments/ruleTree.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { useRuleModelKernels, type RuleModelKernel } from './ruleModelKernels.js';

const PLUGIN = '@fixtures/rule-models';
const FIXTURE = path.join(FIXTURES, 'rule-models-js');

/** Gold from 100 spent, silver from 50, any other buyer, and those who never wrote. */
const TIERS: RuleSegmentationModel = {
  segments: [
    { id: 'gold', rules: { field: 'purchases.total', op: 'gte', value: 100 } },
    { id: 'silver', rules: { field: 'purchases.total', op: 'gte', value: 50 } },
    { id: 'buyer', rules: { field: 'purchases.count', op: 'gte', value: 1 } },
    { id: 'quiet', rules: { field: 'interactions.count', op: 'eq', value: 0 } },
  ],
};

describe.each(TEST_DATABASES)('segmentation models of rule trees on %s', (kind) => {
  const start = useRuleModelKernels(kind);
  const withModel = (model: unknown, more: { shareWith?: RuleModelKernel; schedule?: boolean } = {}) => start({ plugins: [FIXTURE], settings: { [PLUGIN]: { model } }, ...more });

  const buy = async (k: RuleModelKernel, email: string, amount: number) =>
    (await k.kernel.interactions.record({ email, channel: 'email', direction: 'INBOUND', type: 'purchase', text: 'Order', metadata: { amount, currency: 'EUR' } })).customerId;
  const segmentsOf = async (k: RuleModelKernel, customerId: string) => (await k.kernel.segments.listFor(customerId, 'tiers')).map((row) => row.segment);
  const refresh = (k: RuleModelKernel) => resolveService(k.kernel.container, RuleModelRefresh).refresh('tiers');

  it('places customers by precedence when exclusive, and moves each change once, leaving before entering', async () => {
    const k = await withModel(TIERS);
    const ada = await buy(k, 'ada@example.com', 60);
    const bo = await buy(k, 'bo@example.com', 10);
    const cy = (await k.kernel.customers.create({ displayName: 'Cy' })).id;
    expect(await refresh(k)).toEqual({ entered: 3, left: 0, members: 3 });
    expect([await segmentsOf(k, ada), await segmentsOf(k, bo), await segmentsOf(k, cy)]).toEqual([['silver'], ['buyer'], ['quiet']]);

    await buy(k, 'ada@example.com', 60);
    expect(await refresh(k)).toEqual({ entered: 1, left: 1, members: 3 });
    expect(await segmentsOf(k, ada)).toEqual(['gold']);
    // Nothing changed since: nothing moves.
    expect(await refresh(k)).toEqual({ entered: 0, left: 0, members: 3 });
    await k.settle();
    expect(k.moves('tiers').filter(([, customer]) => customer === ada)).toEqual([
      ['entered', ada, 'silver'],
      ['left', ada, 'silver'],
      ['entered', ada, 'gold'],
    ]);
    const rows = await k.sql<{ payload: unknown }>("select payload from event_outbox where type in ('segment.entered', 'segment.left')");
    expect(rows).toHaveLength(5);
  });

  it('puts a customer in every matching segment when not exclusive', async () => {
    const k = await withModel({ ...TIERS, exclusive: false });
    const ada = await buy(k, 'ada@example.com', 150);
    await refresh(k);
    expect((await segmentsOf(k, ada)).sort()).toEqual(['buyer', 'gold', 'silver']);
  });

  it('refreshes when registered, and after membership events, coalesced, with the schedule', async () => {
    const k = await withModel(TIERS, { schedule: true });
    const cy = (await k.kernel.customers.create({ displayName: 'Cy' })).id;
    await k.kernel.dispatcher.dispatch();
    // Not yet: the refresh after an event waits for the coalescing delay, on the core's clock.
    expect(await segmentsOf(k, cy)).toEqual([]);
    await k.clock.advance(5_000);
    await k.kernel.segmentSchedule.flush();
    expect(await segmentsOf(k, cy)).toEqual(['quiet']);
    expect((await k.sql<{ refreshed_at: unknown }>('select refreshed_at from rule_models where id = ?', ['tiers']))[0]?.refreshed_at).not.toBeNull();
  });

  it('lets one instance refresh at a time: the lease, and each change moved once by two instances at once', async () => {
    const first = await withModel(TIERS);
    const second = await withModel(TIERS, { shareWith: first });
    await buy(first, 'ada@example.com', 120);
    await buy(first, 'bo@example.com', 20);
    const results = (await Promise.all([refresh(first), refresh(second)])).filter((result) => result !== undefined);
    expect(results.reduce((sum, result) => sum + result!.entered, 0)).toBe(2);
    const outbox = await first.sql<{ payload: unknown }>("select payload from event_outbox where type = 'segment.entered'");
    expect(outbox).toHaveLength(2);
    // While another instance holds the lease, a refresh is skipped.
    const later = kind === 'postgresql' ? new Date(first.clock.now().getTime() + 60_000) : first.clock.now().getTime() + 60_000;
    await first.sql('update rule_models set lease_until = ? where id = ?', [later, 'tiers']);
    expect(await refresh(second)).toBeUndefined();
  });

  it('ranks customers in equal groups by a value, read as rank.<name>; no value, no rank', async () => {
    const k = await withModel({
      ranks: { spend: { of: 'purchases.total', buckets: 2 } },
      segments: [
        { id: 'gold', rules: { field: 'rank.spend', op: 'eq', value: 2 } },
        { id: 'silver', rules: { field: 'rank.spend', op: 'lte', value: 1 } },
        { id: 'quiet', rules: { field: 'rank.spend', op: 'notExists' } },
      ],
    });
    const spent = [10, 40, 30, 20];
    const ids = [];
    for (const [index, amount] of spent.entries()) ids.push(await buy(k, `c${index}@example.com`, amount));
    const none = (await k.kernel.customers.create({ displayName: 'None' })).id;
    await refresh(k);
    // Sorted: 10, 20 | 30, 40.
    expect(await Promise.all(ids.map((id) => segmentsOf(k, id)))).toEqual([['silver'], ['gold'], ['gold'], ['silver']]);
    expect(await segmentsOf(k, none)).toEqual(['quiet']);
  });

  it('stops refreshing a model whose plugin is disabled', async () => {
    const k = await withModel(TIERS);
    await k.kernel.host.setEnabled(PLUGIN, false);
    await buy(k, 'ada@example.com', 120);
    expect(await refresh(k)).toBeUndefined();
    await k.kernel.segmentSchedule.refreshAll();
    expect(await k.sql("select * from segment_memberships where model = 'tiers'")).toEqual([]);
  });

  it('fails the activation for a bad tree or an undeclared segment, naming plugin, segment and path', async () => {
    const bad = await withModel({ segments: [TIERS.segments[0], { id: 'silver', rules: { all: [{ field: 'purchases.total', op: 'between', value: 5 }] } }] });
    expect(bad.kernel.host.status(PLUGIN)).toMatchObject({ state: 'FAILED', error: expect.stringContaining(`Segmentation model "tiers" of plugin "${PLUGIN}", segment "silver": segments[1].rules.all[0].op`) });
    const undeclared = await withModel({ segments: [{ id: 'platinum', rules: { all: [] } }] });
    expect(undeclared.kernel.host.status(PLUGIN).error).toMatch(/segment "platinum": segments\[0\]\.id: "platinum" is not declared/);
    const unknownRank = await withModel({ segments: [{ id: 'gold', rules: { field: 'rank.spend', op: 'eq', value: 1 } }] });
    expect(unknownRank.kernel.host.status(PLUGIN).error).toContain('segments[0].rules.field: rank.spend is not a rank of this model');
  });
});

describe('rank leaves outside a model', () => {
  it('are BAD_USER_INPUT in customers(where:) and defineSegment, saying where they may be used', () => {
    expect(() => validateRuleTree({ field: 'rank.recency', op: 'gte', value: 4 }, 'where')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'where.field', message: expect.stringContaining('only the rules of a model that declares it in "ranks"') }),
    );
  });
});
