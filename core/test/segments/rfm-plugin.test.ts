import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { BUYERS, expectedSegments } from '../../../plugins/segmentation-rfm/test/expected.js';
import { useRuleModelKernels } from './ruleModelKernels.js';

const RFM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../plugins/segmentation-rfm');
const DAY = 86_400_000;

// The RFM plugin's NTILE ranks run as window functions in SQL: the same hand-worked quintiles on both databases.
describe.each(TEST_DATABASES)('@rapport/plugin-segmentation-rfm on %s', (kind) => {
  const start = useRuleModelKernels(kind);

  it('places twelve buyers by their quintiles, leaves other currencies and old purchases out', async () => {
    const k = await start({ plugins: [RFM_DIR] });
    const ids: string[] = [];
    for (const buyer of BUYERS) {
      const occurredAt = new Date(k.clock.now().getTime() - buyer.daysAgo * DAY);
      const inputs = Array.from({ length: buyer.count }, () => ({ email: buyer.email, channel: 'email', direction: 'INBOUND' as const, type: 'purchase', text: 'Order', metadata: { amount: buyer.amount, currency: 'EUR' }, occurredAt }));
      ids.push((await k.kernel.interactions.recordMany(inputs))[0]!.customerId);
    }
    const dollars = (await k.kernel.interactions.record({ email: 'usd@example.com', channel: 'email', direction: 'INBOUND', type: 'purchase', text: 'Order', metadata: { amount: 9999, currency: 'USD' } })).customerId;
    const old = (await k.kernel.interactions.record({ email: 'old@example.com', channel: 'email', direction: 'INBOUND', type: 'purchase', text: 'Order', metadata: { amount: 9999, currency: 'EUR' }, occurredAt: new Date(k.clock.now().getTime() - 400 * DAY) })).customerId;
    await k.kernel.segmentSchedule.refreshAll();
    const segmentsOf = async (id: string) => (await k.kernel.segments.listFor(id, 'rfm')).map((row) => row.segment);
    expect(await Promise.all(ids.map(segmentsOf))).toEqual(expectedSegments().map((segment) => [segment]));
    expect(await segmentsOf(dollars)).toEqual([]);
    expect(await segmentsOf(old)).toEqual([]);
  });
});
