import { afterEach, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/webhooks/addressGuard.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { startReceiver, until, type Receiver } from './receiver.js';
import { createWebhookHarness, type WebhookHarness } from './webhookHarness.js';

const CREATE = 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }';

describe('the SSRF guard\'s address ranges', () => {
  it('refuses loopback, private, link-local, unspecified and other non-public addresses, and accepts public ones', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not an address']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });
});

describe.each(TEST_DATABASES)('the SSRF guard on %s', (kind) => {
  let h: WebhookHarness | undefined;
  let r: Receiver | undefined;
  afterEach(async () => {
    await h?.close();
    await r?.close();
    h = undefined;
    r = undefined;
  });

  it('refuses private and loopback URLs at create time with BAD_USER_INPUT naming url', async () => {
    h = await createWebhookHarness(kind, { webhooks: { allowPrivateAddresses: false } });
    for (const url of ['http://127.0.0.1:9/hooks', 'https://localhost/hooks', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'https://10.0.0.5/hooks', 'http://192.168.0.10/hooks']) {
      const result = await h.gql(CREATE, { input: { url, events: ['*'] } });
      expect(result.errors?.[0]?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      expect(result.errors?.[0]?.message, url).toMatch(/SSRF guard.*webhooks\.allowPrivateAddresses/);
    }
    for (const [url, message] of [
      ['ftp://example.com/x', /https:\/\//],
      ['not a url', /not a URL/],
      ['https://user:pw@example.com/x', /credentials/],
    ] as const) {
      const result = await h.gql(CREATE, { input: { url, events: ['*'] } });
      expect(result.errors?.[0]?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      expect(result.errors?.[0]?.message).toMatch(message);
    }
    const badEvents = await h.gql(CREATE, { input: { url: 'https://example.com/x', events: ['conversation.*.x'] } });
    expect(badEvents.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
    const noEvents = await h.gql(CREATE, { input: { url: 'https://example.com/x', events: [] } });
    expect(noEvents.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
    expect(await h.count('webhook_endpoints')).toBe(0);
  });

  it('refuses at connect time a host that resolves to loopback, whatever it resolved to when created', async () => {
    r = await startReceiver();
    const port = new URL(r.url).port;
    // Created while private addresses were allowed (the same database, another configuration):
    // what counts is the address at each connection, as with a name re-pointed by DNS rebinding.
    const allowing = await createWebhookHarness(kind, { keepDatabase: true });
    await allowing.data(CREATE, { input: { url: `http://localhost:${port}/hooks`, events: ['webhook.test', 'customer.created'] } });
    await allowing.close();

    h = await createWebhookHarness(kind, { database: allowing.testDatabase, webhooks: { allowPrivateAddresses: false } });
    try {
      const { webhookEndpoints } = await h.data('{ webhookEndpoints { id } }');
      const { sendTestWebhook } = await h.data('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: webhookEndpoints[0].id });
      await h.kernel.webhookWorker.deliverDue();
      const { webhookEndpoints: after } = await h.data('{ webhookEndpoints { deliveries { edges { node { id status attempts responseStatus lastError attemptLog { error responseStatus } } } } } }');
      const delivery = after[0].deliveries.edges[0].node;
      expect(delivery.id).toBe(sendTestWebhook.id);
      expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, responseStatus: null });
      expect(delivery.lastError).toMatch(/localhost resolves to (127\.0\.0\.1|::1).*SSRF guard/);
      expect(delivery.attemptLog[0].error).toMatch(/SSRF guard/);
      expect(r.received).toHaveLength(0);
    } finally {
      await h.close();
      h = undefined;
      await allowing.testDatabase.destroy();
    }
  });

  it('delivers to loopback when webhooks.allowPrivateAddresses is set', async () => {
    r = await startReceiver();
    h = await createWebhookHarness(kind, { startWorker: true, webhooks: { allowPrivateAddresses: true } });
    const { createWebhookEndpoint } = await h.data(CREATE, { input: { url: r.url.replace('127.0.0.1', 'localhost'), events: ['*'] } });
    await h.data('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: createWebhookEndpoint.endpoint.id });
    await until(() => r!.received.length === 1, 'the test event');
  });
});
