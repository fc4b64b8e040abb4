import { describe, expect, it } from 'vitest';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { claimDeliveriesStatement, WebhookDeliveryStore } from '../../src/webhooks/WebhookDeliveryStore.js';
import { useCountedDatabases } from '../support/countedKernel.js';
import { planScans, queueWithStaleStatistics } from '../support/planScans.js';

const NOW = new Date('2026-03-20T12:00:00Z');
const LEASE = new Date(NOW.getTime() + 30_000);

/**
 * As the outbox's claim (events/outbox-claim-plan.test.ts): a segment of thousands entering at
 * once gives a subscribed endpoint thousands of pending deliveries, after statistics that saw
 * none. The probe for a customer's earlier pending delivery to the endpoint must still go through
 * the (endpoint, customer) index, not rescan every pending delivery per candidate.
 */
describe('the webhook delivery claim on postgresql, with statistics that saw nothing pending', () => {
  const openCounted = useCountedDatabases('postgresql');

  it('probes each (endpoint, customer) through its index, and claims the oldest deliveries', async () => {
    const { database } = await openCounted();
    const sql = SqlSession.autocommit(database);
    await sql.run(
      `insert into webhook_endpoints (id, url, events, enabled, secret, created_at, updated_at) values ('hook', 'http://127.0.0.1:9/', '["segment.entered"]', true, 'secret', ?, ?)`,
      [sql.date(NOW), sql.date(NOW)],
    );
    await queueWithStaleStatistics(sql, 'webhook_deliveries', 'succeeded', (from, to) =>
      sql.run(
        `insert into webhook_deliveries (id, endpoint_id, event_id, event_type, customer_id, body, next_attempt_at, created_at)
           select 'd-' || n, 'hook', 'e-' || n, 'segment.entered', 'c-' || n, '{}', ?, ?
             from generate_series(cast(? as integer), cast(? as integer)) n order by n`,
        [sql.date(NOW), sql.date(NOW), from, to],
      ),
    );

    const scans = await planScans(database, claimDeliveriesStatement('postgresql', sql.date(NOW), sql.date(LEASE), 100), 'webhook_deliveries');
    expect(scans.filter((scan) => scan.alias === 'p').map((scan) => scan.how)).toEqual(['webhook_deliveries_endpoint_customer_index']);

    const claimed = await new WebhookDeliveryStore(database).claim(NOW, LEASE, 100);
    expect(claimed.map((delivery) => delivery.customerId)).toEqual(Array.from({ length: 100 }, (_, i) => `c-${3_001 + i}`));
  });
});
