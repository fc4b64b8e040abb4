import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { startReceiver, until, type Receiver } from './receiver.js';
import { createEndpoint, createWebhookHarness, recordMessage, type WebhookHarness } from './webhookHarness.js';

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

describe.each(TEST_DATABASES)('webhook delivery on %s', (kind) => {
  let h: WebhookHarness | undefined;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };
  afterEach(async () => {
    await h?.close();
    h = undefined;
    for (const r of receivers.splice(0)) await r.close();
  });

  it('retries after 500s, then succeeds, with the same webhook-id, verified by standardwebhooks', async () => {
    h = await createWebhookHarness(kind, { startWorker: true });
    const r = await receiver();
    let calls = 0;
    r.answer = () => (++calls <= 2 ? { status: 500, body: 'x'.repeat(3_000) } : 204);
    const { id, secret } = await createEndpoint(h, r.url, ['customer.created']);
    r.secrets = [secret];
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const { customerId } = await recordMessage(h, 'ada@example.com', 'hello');
    await until(() => r.received.length >= 3, 'three attempts');
    // The receiver answered before the worker recorded the answer.
    await until(async () => (await h!.count('webhook_deliveries', "status = 'succeeded'")) === 1, 'the success to be recorded');

    expect(r.received.map((x) => x.status)).toEqual([500, 500, 204]);
    expect(new Set(r.received.map((x) => x.id)).size).toBe(1);
    expect(r.received.every((x) => x.verified[0] === true)).toBe(true);
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
    const [first] = r.received;
    expect(first!.json).toEqual({ type: 'customer.created', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), data: { customerId } });
    expect(first!.headers['content-type']).toBe('application/json');
    expect(first!.headers['user-agent']).toMatch(/^Rapport-Webhooks\//);
    expect(Math.abs(first!.timestamp - Date.now() / 1000)).toBeLessThan(60);

    const { webhookEndpoint } = await h.data(
      'query($id: ID!) { webhookEndpoint(id: $id) { enabled deliveries(first: 5) { totalCount edges { node { eventId eventType status attempts responseStatus nextAttemptAt lastError attemptLog { responseStatus responseBody durationMs error } } } } } }',
      { id },
    );
    const delivery = webhookEndpoint.deliveries.edges[0].node;
    expect(webhookEndpoint.deliveries.totalCount).toBe(1);
    expect(delivery).toMatchObject({ eventId: first!.id, eventType: 'customer.created', status: 'SUCCEEDED', attempts: 3, responseStatus: 204, nextAttemptAt: null, lastError: null });
    expect(delivery.attemptLog.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([500, 500, 204]);
    // The response body is kept, cut to 1 KB.
    expect(delivery.attemptLog[0].responseBody).toBe('x'.repeat(1_024));
  });

  it('disables the endpoint on 410 Gone, with an audit event, and sends nothing more until it is enabled', async () => {
    h = await createWebhookHarness(kind, { startWorker: true });
    const r = await receiver();
    r.answer = () => 410;
    const { id } = await createEndpoint(h, r.url, ['customer.created']);
    await recordMessage(h, 'gone@example.com', 'hello');
    await until(() => r.received.length >= 1, 'the first attempt');
    await until(async () => (await h!.count('webhook_deliveries', "status = 'failed'")) === 1, 'the delivery to fail');

    const query = 'query($id: ID!) { webhookEndpoint(id: $id) { enabled disabledReason deliveries { edges { node { status attempts responseStatus } } } } }';
    const { webhookEndpoint } = await h.data(query, { id });
    expect(webhookEndpoint).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410 Gone') });
    expect(webhookEndpoint.deliveries.edges[0].node).toEqual({ status: 'FAILED', attempts: 1, responseStatus: 410 });
    const { auditEvents } = await h.data('{ auditEvents(action: "webhookEndpoint.disable") { edges { node { actor { kind } targetType changes } } } }');
    expect(auditEvents.edges).toHaveLength(1);
    expect(auditEvents.edges[0].node).toMatchObject({ actor: { kind: 'SYSTEM' }, targetType: 'WebhookEndpoint' });

    await recordMessage(h, 'later@example.com', 'hello');
    expect(await h.count('webhook_deliveries')).toBe(1);
    const test = await h.gql('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id });
    expect(test.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    r.answer = () => 200;
    const { setWebhookEndpointEnabled } = await h.data('mutation($id: ID!) { setWebhookEndpointEnabled(id: $id, enabled: true) { enabled disabledReason } }', { id });
    expect(setWebhookEndpointEnabled).toEqual({ enabled: true, disabledReason: null });
    await recordMessage(h, 'again@example.com', 'hello');
    await until(() => r.received.some((x) => x.status === 200), 'a delivery after re-enabling');
  });

  it('signs with both secrets during the overlap after a rotation, then with the new one only', async () => {
    h = await createWebhookHarness(kind, { startWorker: true, webhooks: { secretOverlapMs: 1_500 } });
    const r = await receiver();
    const { id, secret: oldSecret } = await createEndpoint(h, r.url, ['customer.created']);
    const { rotateWebhookSecret } = await h.data('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id previousSecretExpiresAt } } }', { id });
    const newSecret = rotateWebhookSecret.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotateWebhookSecret.endpoint.previousSecretExpiresAt).not.toBeNull();
    r.secrets = [oldSecret, newSecret];

    await h.data('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id });
    await until(() => r.received.length === 1, 'the test event during the overlap');
    const during = r.received[0]!;
    expect(during.json.type).toBe('webhook.test');
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(during.signature).toMatch(/^v1,\S+ v1,\S+$/);
    expect(during.verified).toEqual([true, true]);
    // A receiver that knows only one of the secrets verifies too.
    r.secrets = [oldSecret];

    await new Promise((resolve) => setTimeout(resolve, 1_600));
    r.secrets = [oldSecret, newSecret];
    await recordMessage(h, 'after@example.com', 'hello');
    await until(() => r.received.length === 2, 'the event after the overlap');
    const after = r.received[1]!;
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(after.verified).toEqual([false, true]);
    const { webhookEndpoint } = await h.data('query($id: ID!) { webhookEndpoint(id: $id) { previousSecretExpiresAt } }', { id });
    expect(webhookEndpoint.previousSecretExpiresAt).toBeNull();
  });

  it('loses nothing across a restart in the middle of the retries', async () => {
    const attempts = new Map<string, number>();
    const r = await receiver();
    // Every event fails twice, then succeeds.
    r.answer = (request) => {
      const n = (attempts.get(request.id) ?? 0) + 1;
      attempts.set(request.id, n);
      return n <= 2 ? 503 : 200;
    };
    const first = await createWebhookHarness(kind, { startWorker: true, keepDatabase: true, webhooks: { retryScheduleMs: [150, 300, 300] } });
    const { secret } = await createEndpoint(first, r.url, ['*']);
    r.secrets = [secret];
    for (const n of [1, 2, 3]) await recordMessage(first, `c${n}@example.com`, `message ${n}`);
    const expected = await first.count('webhook_deliveries');
    expect(expected).toBeGreaterThanOrEqual(6);
    await until(() => r.received.length >= 2, 'a first failed attempt');
    await first.close();
    const succeededBefore = r.received.filter((x) => x.status === 200).length;
    expect(succeededBefore).toBeLessThan(expected);

    h = await createWebhookHarness(kind, { database: first.testDatabase, startWorker: true, webhooks: { retryScheduleMs: [150, 300, 300] } });
    try {
      await until(() => r.received.filter((x) => x.status === 200).length >= expected, 'every event to succeed after the restart', 20_000);
      await until(async () => (await h!.count('webhook_deliveries', "status = 'succeeded'")) === expected, 'every success to be recorded');
      const succeeded = r.received.filter((x) => x.status === 200).map((x) => x.id);
      // Each event reached the receiver once with success: deduplicating by webhook-id, nothing is missing or twice.
      expect(new Set(succeeded).size).toBe(expected);
      expect(succeeded).toHaveLength(expected);
      expect(r.received.every((x) => x.verified[0])).toBe(true);
    } finally {
      await h.close();
      h = undefined;
      await first.testDatabase.destroy();
    }
  });

  it('delivers in order per customer: a later event waits while an earlier one is retried', async () => {
    h = await createWebhookHarness(kind, { startWorker: true });
    const r = await receiver();
    let failedOnce = false;
    r.answer = (request) => {
      if (!failedOnce && request.json.type === 'interaction.recorded') {
        failedOnce = true;
        return 500;
      }
      return 200;
    };
    await createEndpoint(h, r.url, ['interaction.recorded']);
    const { customerId } = await recordMessage(h, 'order@example.com', 'first');
    await recordMessage(h, 'order@example.com', 'second');
    await recordMessage(h, 'order@example.com', 'third');
    await until(() => r.received.filter((x) => x.status === 200).length === 3, 'three successes');

    const outboxOrder: { id: string }[] = await h.kernel.database.orm.em
      .getConnection()
      .execute("select id from event_outbox where type = 'interaction.recorded' and customer_id = ? order by seq", [rawId(customerId)]);
    expect(r.received.map((x) => x.id)).toEqual([outboxOrder[0]!.id, ...outboxOrder.map((row) => row.id)]);
    expect(r.received.map((x) => x.status)).toEqual([500, 200, 200, 200]);
  });

  it('matches wildcard subscriptions, and a plugin\'s own event type like a core one', async () => {
    h = await createWebhookHarness(kind, { startWorker: true, plugins: ['tier-publisher-js'] });
    const [conversations, everything, tiers] = [await receiver(), await receiver(), await receiver()];
    await createEndpoint(h, conversations.url, ['conversation.*']);
    await createEndpoint(h, everything.url, ['*']);
    await createEndpoint(h, tiers.url, ['acme.tier.changed']);

    const { customerId } = await recordMessage(h, 'tiers@example.com', 'hello');
    const exports = h.kernel.host.getExports('@fixtures/tier-publisher') as { changeTier(customerId: string, tier: string): Promise<void> };
    await exports.changeTier(rawId(customerId), 'gold');
    await until(() => tiers.received.length === 1 && everything.received.some((x) => x.json.type === 'acme.tier.changed'), 'the tier event');
    await until(() => conversations.received.length >= 1, 'the conversation event');

    expect(new Set(conversations.received.map((x) => x.json.type))).toEqual(new Set(['conversation.opened']));
    expect(new Set(everything.received.map((x) => x.json.type))).toEqual(new Set(['customer.created', 'conversation.opened', 'interaction.recorded', 'acme.tier.changed']));
    expect(tiers.received[0]!.json).toMatchObject({ type: 'acme.tier.changed', data: { customerId, tier: 'gold' } });
    const recorded = everything.received.find((x) => x.json.type === 'interaction.recorded')!;
    // Ids in the data are the API's global ids.
    expect(recorded.json.data).toMatchObject({ customerId, interactionId: expect.any(String) });
    expect(Buffer.from(String(recorded.json.data.interactionId), 'base64url').toString()).toMatch(/^Interaction:/);
  });
});
