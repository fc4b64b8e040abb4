import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { startReceiver, until, type Receiver } from './receiver.js';
import { createEndpoint, createWebhookHarness, recordMessage, type WebhookHarness } from './webhookHarness.js';

const ENDPOINT_FIELDS = 'id url events description enabled disabledReason previousSecretExpiresAt createdAt';

describe.each(TEST_DATABASES)('webhooks in GraphQL on %s', (kind) => {
  let h: WebhookHarness | undefined;
  let r: Receiver | undefined;
  afterEach(async () => {
    await h?.close();
    await r?.close();
    h = undefined;
  });

  it('creates (the secret shown once), lists, logs deliveries, redelivers, sends a test event and deletes', async () => {
    h = await createWebhookHarness(kind);
    r = await startReceiver();
    r.answer = (request) => (request.json.type === 'webhook.test' ? { status: 200, body: 'ok' } : 500);

    const { createWebhookEndpoint } = await h.data(
      `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } } }`,
      { input: { url: r.url, events: ['customer.created', 'conversation.*', 'customer.created'], description: '  Data warehouse  ' } },
    );
    const { secret, endpoint } = createWebhookEndpoint;
    r.secrets = [secret];
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ url: r.url, events: ['customer.created', 'conversation.*'], description: 'Data warehouse', enabled: true, disabledReason: null, previousSecretExpiresAt: null });
    expect(Buffer.from(endpoint.id, 'base64url').toString()).toMatch(/^WebhookEndpoint:/);

    // The secret is not readable afterwards: no field holds it.
    const listed = await h.data(`{ webhookEndpoints { ${ENDPOINT_FIELDS} } }`);
    expect(listed.webhookEndpoints).toEqual([endpoint]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const secretField = await h.gql('{ webhookEndpoints { secret } }');
    expect(secretField.errors?.[0]?.message).toMatch(/Cannot query field "secret" on type "WebhookEndpoint"/);

    await recordMessage(h, 'log@example.com', 'hello');
    await h.kernel.webhookWorker.deliverDue();
    const { sendTestWebhook } = await h.data('mutation($id: ID!) { sendTestWebhook(id: $id) { id eventType status attempts } }', { id: endpoint.id });
    expect(sendTestWebhook).toMatchObject({ eventType: 'webhook.test', status: 'PENDING', attempts: 0 });
    await h.kernel.webhookWorker.deliverDue();
    const test = r.received.find((x) => x.json.type === 'webhook.test')!;
    expect(test.verified).toEqual([true]);
    expect(test.json.data).toMatchObject({ endpointUrl: r.url });

    const log = await h.data(
      'query($id: ID!) { webhookEndpoint(id: $id) { deliveries(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id eventId eventType status attempts responseStatus payload attemptLog { at durationMs responseStatus responseBody error } } } } } }',
      { id: endpoint.id },
    );
    const { deliveries } = log.webhookEndpoint;
    expect(deliveries.totalCount).toBe(3);
    expect(deliveries.pageInfo.hasNextPage).toBe(true);
    // Newest first: the test event, then the conversation and customer events.
    expect(deliveries.edges[0].node).toMatchObject({ id: sendTestWebhook.id, status: 'SUCCEEDED', attempts: 1, responseStatus: 200 });
    expect(deliveries.edges[0].node.attemptLog).toEqual([{ at: expect.any(String), durationMs: expect.any(Number), responseStatus: 200, responseBody: 'ok', error: null }]);
    const next = await h.data('query($id: ID!, $after: String) { webhookEndpoint(id: $id) { deliveries(first: 2, after: $after) { pageInfo { hasNextPage } edges { node { id eventType status responseStatus payload } } } } }', {
      id: endpoint.id,
      after: deliveries.pageInfo.endCursor,
    });
    const older = next.webhookEndpoint.deliveries;
    expect(older.pageInfo.hasNextPage).toBe(false);
    const created = older.edges[0].node;
    expect(created).toMatchObject({ eventType: 'customer.created', status: 'PENDING', responseStatus: 500 });
    expect(created.payload).toMatchObject({ type: 'customer.created', data: { customerId: expect.any(String) } });

    // A redelivery is a new delivery of the same event: same body, same webhook-id.
    r.answer = () => 200;
    const { redeliverWebhook } = await h.data('mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id eventId status } }', { id: created.id });
    expect(redeliverWebhook.id).not.toBe(created.id);
    const original = r.received.find((x) => x.json.type === 'customer.created')!;
    expect(redeliverWebhook.eventId).toBe(original.id);
    // The redelivery waits behind the original (same customer, still pending for its retry): both
    // succeed once the retry is due.
    const succeeded = () => r!.received.filter((x) => x.id === original.id && x.status === 200);
    await until(async () => {
      await h!.kernel.webhookWorker.deliverDue();
      return succeeded().length === 2;
    }, 'the retry and the redelivery');
    expect(new Set(r.received.filter((x) => x.id === original.id).map((x) => x.body)).size).toBe(1);

    const { auditEvents } = await h.data('{ auditEvents(first: 50) { edges { node { action targetType changes } } } }');
    const actions = auditEvents.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(actions).toEqual(expect.arrayContaining(['webhookEndpoint.create', 'webhookEndpoint.test', 'webhookDelivery.redeliver']));
    expect(JSON.stringify(auditEvents)).not.toContain(secret);

    expect(await h.data('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: endpoint.id })).toEqual({ deleteWebhookEndpoint: true });
    expect((await h.data('{ webhookEndpoints { id } }')).webhookEndpoints).toEqual([]);
    expect(await h.count('webhook_deliveries')).toBe(0);
    expect(await h.count('webhook_attempts')).toBe(0);
    const gone = await h.gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: endpoint.id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const wrongType = await h.gql('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: redeliverWebhook.id });
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await h.data('{ auditEvents(action: "webhookEndpoint.delete") { totalCount } }')).auditEvents.totalCount).toBe(1);
  });

  it('needs access:manage: an AGENT and a VIEWER are refused, with nothing written', async () => {
    h = await createWebhookHarness(kind);
    const { id } = await createEndpoint(h, 'https://hooks.example.com/rapport', ['*']);
    for (const role of ['AGENT', 'VIEWER'] as const) {
      const token = await h.createKey(role);
      const list = await h.gql('{ webhookEndpoints { id } }', {}, token);
      expect(list.errors?.[0]?.extensions?.code, role).toBe('PERMISSION_DENIED');
      const create = await h.gql('mutation { createWebhookEndpoint(input: { url: "https://hooks.example.com/x", events: ["*"] }) { secret } }', {}, token);
      expect(create.errors?.[0]?.extensions?.code, role).toBe('PERMISSION_DENIED');
      expect(create.errors?.[0]?.message).toContain('access:manage');
      const rotate = await h.gql('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id }, token);
      expect(rotate.errors?.[0]?.extensions?.code, role).toBe('PERMISSION_DENIED');
    }
    expect(await h.count('webhook_endpoints')).toBe(1);
  });
});
