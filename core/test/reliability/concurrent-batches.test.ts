import { afterEach, describe, expect, it } from 'vitest';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

/**
 * Batches recorded at the same time that name the same new customers (importers running in
 * parallel, as the soak benchmark's fill does): each new customer is created once, every
 * interaction is stored once, and no call fails because another one created a customer first.
 */
describe.each(TEST_DATABASES)('concurrent batches naming the same new customers (%s)', (kind) => {
  let h: KernelHarness;
  afterEach(() => h.close());

  it('all succeed, with each customer created once', async () => {
    h = await createKernelHarness(kind, []);
    const CUSTOMERS = 60;
    const BATCHES = 6;
    const PER_BATCH = 120;
    // Every batch names every customer, each in another order, so they collide on every one.
    const batches = Array.from({ length: BATCHES }, (_, batch) =>
      Array.from({ length: PER_BATCH }, (_, i) => {
        const customer = (i * (batch + 1) * 7 + batch) % CUSTOMERS;
        return {
          email: `shared${customer}@example.com`,
          channel: 'email',
          direction: 'INBOUND' as const,
          type: 'message',
          text: `batch ${batch} message ${i}`,
          externalId: `b${batch}-m${i}`,
          occurredAt: new Date(Date.UTC(2026, 2, 1, 9, batch, i % 60)),
        };
      }),
    );
    const outcomes = await Promise.allSettled(batches.map((inputs) => h.kernel.interactions.recordMany(inputs)));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [String((outcome.reason as Error).message)] : []));
    expect(failures).toEqual([]);
    expect(await h.count('interactions')).toBe(BATCHES * PER_BATCH);
    expect(await h.count('customers')).toBe(CUSTOMERS);
    expect(await h.count('customer_identities')).toBe(CUSTOMERS);
  });
});
