import { afterEach, describe, expect, it, vi } from 'vitest';
import { WEBHOOK_ENDPOINT_CHANGES_CHANNEL } from '../../src/persistence/migrations/0019_webhook_endpoint_changes.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { startReceiver, type Receiver } from './receiver.js';
import { createEndpoint, createWebhookHarness, recordMessage, type WebhookHarness } from './webhookHarness.js';

/** The read of the enabled endpoints (WebhookEndpointStore.recipients). */
const isRecipientsRead = (sql: string) => /from webhook_endpoints where enabled = true/.test(sql);

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

/** Endpoint ids with a delivery of `customer.created` for this customer (a global id). */
async function recordedFor(h: WebhookHarness, customerId: string): Promise<string[]> {
  const rows: { endpoint_id: string }[] = await h.kernel.database.orm.em
    .getConnection()
    .execute("select endpoint_id from webhook_deliveries where event_type = 'customer.created' and customer_id = ? order by endpoint_id", [rawId(customerId)]);
  return rows.map((row) => row.endpoint_id);
}

function useHarnesses() {
  const harnesses: WebhookHarness[] = [];
  const receivers: Receiver[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0).reverse()) await h.close();
    for (const r of receivers.splice(0)) await r.close();
  });
  return { harnesses, receivers };
}

describe.each(TEST_DATABASES)('the endpoints an event is recorded for, on %s', (kind) => {
  const { harnesses, receivers } = useHarnesses();

  it('reads them once while none changes, and a change here counts for the very next event', async () => {
    let reads = 0;
    const h = await createWebhookHarness(kind, { onQuery: (sql) => void (isRecipientsRead(sql) && reads++) });
    harnesses.push(h);
    const r = await startReceiver();
    receivers.push(r);
    const first = rawId((await createEndpoint(h, r.url, ['customer.created'])).id);
    // Nothing is kept before the watch listens (PostgreSQL confirms LISTEN asynchronously).
    await vi.waitFor(() => expect(h.kernel.database.watch(WEBHOOK_ENDPOINT_CHANGES_CHANNEL).live).toBe(true));

    reads = 0;
    const customers: string[] = [];
    for (let i = 0; i < 6; i++) customers.push((await recordMessage(h, `steady-${i}@example.com`, 'hello')).customerId);
    for (const customerId of customers) await vi.waitFor(async () => expect(await recordedFor(h, customerId)).toEqual([first]));
    // Six messages, three events each, in several batches: one read.
    expect(reads).toBe(1);

    const second = rawId((await createEndpoint(h, r.url, ['customer.*'])).id);
    const afterCreate = (await recordMessage(h, 'after-create@example.com', 'hello')).customerId;
    await vi.waitFor(async () => expect(await recordedFor(h, afterCreate)).toEqual([first, second].sort()));

    await h.data('mutation($id: ID!) { setWebhookEndpointEnabled(id: $id, enabled: false) { enabled } }', { id: Buffer.from(`WebhookEndpoint:${first}`).toString('base64url') });
    const afterDisable = (await recordMessage(h, 'after-disable@example.com', 'hello')).customerId;
    await vi.waitFor(async () => expect(await recordedFor(h, afterDisable)).toEqual([second]));
    expect(reads).toBe(3);
  });
});

describe('the endpoints another instance changes, on postgresql', () => {
  const { harnesses, receivers } = useHarnesses();

  it('hears an endpoint another instance creates, and records the next event for it', async () => {
    const a = await createWebhookHarness('postgresql', { keepDatabase: true });
    harnesses.push(a);
    const b = await createWebhookHarness('postgresql', { database: a.testDatabase });
    harnesses.push(b);
    const r = await startReceiver();
    receivers.push(r);
    const watch = a.kernel.database.watch(WEBHOOK_ENDPOINT_CHANGES_CHANNEL);
    const existing = rawId((await createEndpoint(a, r.url, ['customer.created'])).id);
    // Instance A now keeps what it read (its watch is live).
    const before = (await recordMessage(a, 'before@example.com', 'hello')).customerId;
    await vi.waitFor(async () => expect(await recordedFor(a, before)).toEqual([existing]));
    await vi.waitFor(() => expect(watch.live).toBe(true));
    await recordMessage(a, 'kept@example.com', 'hello');

    const heard = watch.generation;
    const created = rawId((await createEndpoint(b, r.url, ['customer.created'])).id);
    await vi.waitFor(() => expect(watch.generation).toBeGreaterThan(heard));
    const after = (await recordMessage(a, 'after@example.com', 'hello')).customerId;
    await vi.waitFor(async () => expect(await recordedFor(a, after)).toEqual([existing, created].sort()));
  });
});
