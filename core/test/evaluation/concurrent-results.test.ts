import { describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { payloadOf, useEvaluationKernels } from './evaluationHarness.js';

/**
 * One customer can be evaluated by the same rule or model twice at once: a sweep (its own timer)
 * runs while the event dispatcher delivers a trigger, in one process or in two instances. Storing
 * the same result concurrently must neither fail (a failure counts against the plugin and can trip
 * its breaker) nor publish the change twice.
 *
 * Fails today on PostgreSQL (core bug): ScoreStore.apply and SegmentStore.apply read the current
 * rows, then insert without a lock or upsert, so concurrent first writes hit the primary key
 * ("duplicate key value violates unique constraint scores_pkey / segment_memberships_pkey").
 */
describe.each(TEST_DATABASES)('results stored concurrently for one customer on %s', (kind) => {
  const start = useEvaluationKernels(kind);
  const ATTEMPTS = 8;

  it('stores concurrent classifications of one customer without a failure, as one membership and one segment.entered', async () => {
    const e = await start();
    for (let round = 0; round < 3; round++) {
      const customer = await e.kernel.customers.create({ emails: [`segments-${round}@example.com`] });
      const results = await Promise.allSettled(Array.from({ length: ATTEMPTS }, () => e.kernel.segments.apply(customer.id, 'eval-tier', ['buyer'], e.clock.now())));
      expect(results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
      expect((await e.kernel.segments.listFor(customer.id)).map((row) => row.segment)).toEqual(['buyer']);
      expect(e.events.filter((event) => payloadOf(event).customerId === customer.id).map(payloadOf)).toEqual([
        { eventType: 'segment.entered', customerId: customer.id, model: 'eval-tier', segment: 'buyer' },
      ]);
    }
  });

  it('stores concurrent scores of one customer without a failure, and publishes the first score once', async () => {
    const e = await start();
    for (let round = 0; round < 3; round++) {
      const customer = await e.kernel.customers.create({ emails: [`scores-${round}@example.com`] });
      const results = await Promise.allSettled(
        Array.from({ length: ATTEMPTS }, () => e.kernel.scores.apply(customer.id, 'eval-age', { value: 7, explanation: '7 day(s)' }, e.clock.now())),
      );
      expect(results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))).toEqual([]);
      expect(await e.kernel.scores.listFor(customer.id)).toMatchObject([{ rule: 'eval-age', value: 7 }]);
      expect(e.events.filter((event) => payloadOf(event).customerId === customer.id).map(payloadOf)).toEqual([
        { eventType: 'score.changed', customerId: customer.id, rule: 'eval-age', value: 7, previousValue: null },
      ]);
    }
  });
});
