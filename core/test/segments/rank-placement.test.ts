import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleSegmentationModel } from '@rapport/sdk';
import { resolveService } from '../../src/container/bindService.js';
import { RuleModelRefresh } from '../../src/segments/RuleModelRefresh.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { useRuleModelKernels } from './ruleModelKernels.js';

const PLUGIN = '@fixtures/rule-models';
const FIXTURE = path.join(FIXTURES, 'rule-models-js');
const DAY = 86_400_000;
const BUYERS = 60;

/**
 * Every kind of rank, each bucket of each told apart by a segment (alternate buckets in, the
 * others out), so a customer placed one bucket off moves. Not exclusive: every segment is decided
 * on its own.
 */
const MODEL: RuleSegmentationModel = {
  ranks: {
    recency: { of: 'purchases.lastAt', buckets: 4 },
    frequency: { of: 'purchases.count', buckets: 4 },
    monetary: { of: 'purchases.total', buckets: 5, within: 'P365D', currency: 'EUR' },
  },
  segments: [
    { id: 'gold', rules: { field: 'rank.monetary', op: 'in', value: [1, 3, 5] } },
    { id: 'silver', rules: { field: 'rank.frequency', op: 'in', value: [1, 3] } },
    { id: 'buyer', rules: { field: 'rank.recency', op: 'in', value: [1, 3] } },
    { id: 'quiet', rules: { field: 'rank.monetary', op: 'in', value: [2] } },
  ],
  exclusive: false,
};

/*
 * A customer placed alone in the buckets a ranking of everyone left (rankTables.ts) lands where
 * that ranking put them, when nothing changed: for times, counts and sums, with ties on every
 * value that straddle bucket ends (NTILE splits them by id), on both databases.
 */
describe.each(TEST_DATABASES)('placing customers in the buckets of the last ranking, on %s', (kind) => {
  const start = useRuleModelKernels(kind);

  it('puts every customer, placed alone, where the ranking of everyone put them', async () => {
    const k = await start({ plugins: [FIXTURE], settings: { [PLUGIN]: { model: MODEL } }, segments: { placeRanksFrom: 1 } });
    const now = k.clock.now().getTime();
    const customers: string[] = [];
    for (let i = 0; i < BUYERS; i++) {
      // Ties in groups that straddle the ends of buckets (of 15 and 12 buyers): 7 buyers share an
      // amount, 4 a last purchase, every third buyer a count (20 each).
      const purchase = (n: number) => ({
        email: `buyer${i}@example.com`,
        channel: 'email',
        direction: 'INBOUND' as const,
        type: 'purchase',
        text: 'Order',
        metadata: { amount: Math.floor(i / 7) + 1, currency: 'EUR' },
        occurredAt: new Date(now - Math.floor(i / 4) * DAY - n * 400 * DAY),
      });
      // The later purchases are older than the window: they count for recency and frequency, not for the sum.
      const recorded = await k.kernel.interactions.recordMany([purchase(0), ...Array.from({ length: i % 3 }, (_, n) => purchase(n + 1))]);
      customers.push(recorded[0]!.customerId);
    }
    // Buyers that one rank does not count: only purchases older than its window, or in another currency.
    for (const [i, metadata, daysAgo] of [[BUYERS, { amount: 5, currency: 'EUR' }, 500], [BUYERS + 1, { amount: 7, currency: 'EUR' }, 700], [BUYERS + 2, { amount: 9, currency: 'USD' }, 3]] as const) {
      const recorded = await k.kernel.interactions.record({ email: `buyer${i}@example.com`, channel: 'email', direction: 'INBOUND', type: 'purchase', text: 'Order', metadata, occurredAt: new Date(now - daysAgo * DAY) });
      customers.push(recorded.customerId);
    }
    await k.settle();
    await k.kernel.segmentSchedule.refreshAll();
    const memberships = () => k.sql<{ customer_id: string; segment: string }>("select customer_id, segment from segment_memberships where model = 'tiers' order by customer_id, segment");
    const ranked = await memberships();
    // Every segment holds some and not all: a bucket off would show.
    for (const segment of ['gold', 'silver', 'buyer', 'quiet']) {
      const count = ranked.filter((row) => row.segment === segment).length;
      expect(count, segment).toBeGreaterThan(0);
      expect(count, segment).toBeLessThan(BUYERS);
    }
    const refreshedAt = await k.sql("select refreshed_at from rule_models where id = 'tiers'");
    // Later, so a refresh of everyone would leave another time.
    await k.clock.advance(1_000);

    const refresher = resolveService(k.kernel.container, RuleModelRefresh);
    for (const id of customers) expect(await refresher.refresh('tiers', undefined, [id]), id).toEqual({ entered: 0, left: 0, members: ranked.length });
    expect(await memberships()).toEqual(ranked);
    // Each was placed, not ranked again with everyone: the last refresh of everyone is the same.
    expect(await k.sql("select refreshed_at from rule_models where id = 'tiers'")).toEqual(refreshedAt);
  });
});
