import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleSegmentationModel } from '@rapport/sdk';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import type { SegmentRefreshOptions } from '../../src/segments/SegmentRefreshOptions.js';
import { useRuleModelKernels, type RuleModelKernel } from './ruleModelKernels.js';

/*
 * The refresh after events looks only at the customers the events named (SegmentRefreshSchedule,
 * docs/architecture/segments.md "When"). Each test changes one customer through the core (an
 * event) and another behind its back, in SQL (no event): the coalesced refresh must place the
 * first and leave the second, which only a refresh of everyone (the schedule's own) places.
 */

const PLUGIN = '@fixtures/rule-models';
const FIXTURE = path.join(FIXTURES, 'rule-models-js');
const COALESCE_MS = 5_000;

const PLANS: RuleSegmentationModel = { segments: [{ id: 'gold', rules: { field: 'attributes.plan', op: 'eq', value: 'pro' } }] };
/** The same segment (the fixture declares gold and silver) beside a rank, which compares customers with each other. */
const RANKED: RuleSegmentationModel = {
  ranks: { spend: { of: 'purchases.total', buckets: 2 } },
  segments: [
    { id: 'gold', rules: { field: 'attributes.plan', op: 'eq', value: 'pro' } },
    { id: 'silver', rules: { field: 'rank.spend', op: 'eq', value: 2 } },
  ],
};

describe.each(TEST_DATABASES)('refreshes after events, for the customers they named, on %s', (kind) => {
  const start = useRuleModelKernels(kind);
  const withModel = (model: RuleSegmentationModel, segments?: Partial<SegmentRefreshOptions>) =>
    start({ plugins: [FIXTURE], settings: { [PLUGIN]: { model } }, schedule: true, ...(segments && { segments }) });

  const customer = async (k: RuleModelKernel, name: string) => (await k.kernel.customers.create({ displayName: name, attributes: { plan: 'free' } })).id;
  /** Sets a customer's plan (pro by default) without the core knowing: no event. */
  const behindItsBack = (k: RuleModelKernel, id: string, plan = 'pro') =>
    k.sql(kind === 'postgresql' ? 'update customers set attributes = cast(? as jsonb) where id = ?' : 'update customers set attributes = ? where id = ?', [JSON.stringify({ plan }), id]);
  const throughTheCore = (k: RuleModelKernel, id: string) => k.kernel.customers.update(id, { attributes: { plan: 'pro' } });
  /** Delivers the events, lets the coalescing delay pass and waits for the refreshes it asked for. */
  const coalescedRefresh = async (k: RuleModelKernel) => {
    await k.kernel.dispatcher.dispatch();
    await k.clock.advance(COALESCE_MS);
    await k.kernel.segmentSchedule.flush();
  };
  const members = async (k: RuleModelKernel, model: string, segment: string) =>
    (await k.sql<{ customer_id: string }>('select customer_id from segment_memberships where model = ? and segment = ? order by customer_id', [model, segment])).map((row) => row.customer_id);
  const definition = async (k: RuleModelKernel) =>
    (await k.sql<{ refreshed_at: unknown; member_count: unknown }>("select refreshed_at, member_count from segment_definitions where id = 'pro'"))[0]!;

  it('a defined segment: places the customer an event named, and leaves the refresh of everyone to the schedule', async () => {
    const k = await withModel(PLANS);
    const [ada, bo] = [await customer(k, 'Ada'), await customer(k, 'Bo')];
    await k.kernel.segmentDefinitions.define({ id: 'pro', name: 'Pro', rules: { field: 'attributes.plan', op: 'eq', value: 'pro' } });
    await k.settle();
    const defined = await definition(k);

    await k.clock.advance(1_000);
    await behindItsBack(k, bo);
    await throughTheCore(k, ada);
    await coalescedRefresh(k);
    expect(await members(k, 'rules', 'pro')).toEqual([ada]);
    // The count is the segment's; the time of the last refresh of everyone stays.
    expect(Number((await definition(k)).member_count)).toBe(1);
    expect((await definition(k)).refreshed_at).toEqual(defined.refreshed_at);

    await k.kernel.segmentSchedule.refreshAll();
    expect(await members(k, 'rules', 'pro')).toEqual([ada, bo].sort());
    expect((await definition(k)).refreshed_at).not.toEqual(defined.refreshed_at);
    await k.settle();
    expect(k.moves('rules')).toEqual([
      ['entered', ada, 'pro'],
      ['entered', bo, 'pro'],
    ]);
  });

  it('a segment leaves only the customers named: one who stopped matching behind its back stays until the refresh of everyone', async () => {
    const k = await withModel(PLANS);
    const [ada, bo] = [await customer(k, 'Ada'), await customer(k, 'Bo')];
    for (const id of [ada, bo]) await throughTheCore(k, id);
    await coalescedRefresh(k);
    expect(await members(k, 'tiers', 'gold')).toEqual([ada, bo].sort());

    await behindItsBack(k, bo, 'free');
    await k.kernel.customers.update(ada, { attributes: { plan: 'free' } });
    await coalescedRefresh(k);
    expect(await members(k, 'tiers', 'gold')).toEqual([bo]);
    await k.kernel.segmentSchedule.refreshAll();
    expect(await members(k, 'tiers', 'gold')).toEqual([]);
  });

  it('a model with ranks places the customers an event named in the buckets of its last ranking of everyone, and leaves the rest to the schedule', async () => {
    const k = await withModel(RANKED, { placeRanksFrom: 1 });
    const spend = new Map<string, number>();
    for (let i = 1; i <= 40; i++) {
      const { customerId } = await k.kernel.interactions.record({ email: `buyer${i}@example.com`, channel: 'email', direction: 'INBOUND', type: 'purchase', text: 'Order', metadata: { amount: i } });
      spend.set(customerId, i);
    }
    await k.settle();
    await k.kernel.segmentSchedule.refreshAll();
    /** The top half by spend (ties cannot happen here): the second of two buckets. */
    const topHalf = () => [...spend].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([id]) => id).sort();
    expect(await members(k, 'tiers', 'silver')).toEqual(topHalf());
    const before = await members(k, 'tiers', 'silver');
    const spent = (amount: number) => [...spend].find(([, value]) => value === amount)![0];
    const [throughCore, behindBack, lastInTop] = [spent(3), spent(5), spent(21)];

    // Through the core, 100 more for the one who spent 3; behind its back, 205 instead of 5.
    await k.kernel.interactions.record({ customerId: throughCore, channel: 'email', direction: 'INBOUND', type: 'purchase', text: 'Order', metadata: { amount: 100 } });
    spend.set(throughCore, 103);
    await k.sql(
      kind === 'postgresql' ? "update interactions set metadata = cast(? as jsonb) where customer_id = ? and type = 'purchase'" : "update interactions set metadata = ? where customer_id = ? and type = 'purchase'",
      [JSON.stringify({ amount: 205 }), behindBack],
    );
    spend.set(behindBack, 205);
    await coalescedRefresh(k);
    // Placed against the last buckets: in. The one a full ranking would push out stays until it runs.
    expect(await members(k, 'tiers', 'silver')).toEqual([...before, throughCore].sort());
    expect(await members(k, 'tiers', 'silver')).toContain(lastInTop);

    await k.kernel.segmentSchedule.refreshAll();
    expect(await members(k, 'tiers', 'silver')).toEqual(topHalf());
    expect(await members(k, 'tiers', 'silver')).not.toContain(lastInTop);
  });

  it('a model with ranks that ranked fewer customers than placeRanksFrom ranks everyone after an event', async () => {
    const k = await withModel(RANKED);
    const [ada, bo] = [await customer(k, 'Ada'), await customer(k, 'Bo')];
    await k.settle();
    await behindItsBack(k, bo);
    await throughTheCore(k, ada);
    await coalescedRefresh(k);
    expect(await members(k, 'tiers', 'gold')).toEqual([ada, bo].sort());
  });

  it(`beyond scopedUpTo customers, the refresh after events is one of everyone`, async () => {
    const k = await withModel(PLANS, { scopedUpTo: 1 });
    const [ada, bo, cy] = [await customer(k, 'Ada'), await customer(k, 'Bo'), await customer(k, 'Cy')];
    await k.settle();
    await behindItsBack(k, cy);
    await throughTheCore(k, ada);
    await throughTheCore(k, bo);
    await coalescedRefresh(k);
    expect(await members(k, 'tiers', 'gold')).toEqual([ada, bo, cy].sort());
  });

  it('asks again for a refresh of some customers that found another instance holding the lease', async () => {
    const k = await withModel(PLANS);
    const ada = await customer(k, 'Ada');
    await k.settle();
    const later = kind === 'postgresql' ? new Date(k.clock.now().getTime() + 60_000) : k.clock.now().getTime() + 60_000;
    await k.sql("update rule_models set lease_until = ? where id = 'tiers'", [later]);
    await throughTheCore(k, ada);
    await coalescedRefresh(k);
    expect(await members(k, 'tiers', 'gold')).toEqual([]);
    await k.sql("update rule_models set lease_until = null where id = 'tiers'");
    await k.clock.advance(COALESCE_MS);
    await k.kernel.segmentSchedule.flush();
    expect(await members(k, 'tiers', 'gold')).toEqual([ada]);
  });
});
