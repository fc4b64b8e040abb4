import { afterEach, describe, expect, it } from 'vitest';
import { createChannelRoute } from '../../src/channels/inboundRoute.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const message = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  from: { email: 'Ada@Example.com', name: 'Ada Lovelace' },
  subject: 'Order 17',
  text: 'Where is my parcel?',
  occurredAt: '2026-03-02T09:00:00Z',
  metadata: { via: 'test' },
  ...extra,
});

describe.each(TEST_DATABASES)('POST /channels/:id/inbound on %s', (kind) => {
  let h: KernelHarness;
  let url: string;
  afterEach(() => h.close());

  async function post(channel: string, body: unknown, headers: Record<string, string> = { 'x-webhook-secret': 's3cret' }) {
    const response = await fetch(`${url}/channels/${channel}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function start() {
    h = await createKernelHarness(kind, ['inbound-webhook-js']);
    url = await h.serve([createChannelRoute(h.kernel.inbound, h.kernel.logger)]);
  }

  it('activates the channel plugin, stores the messages, and recognizes a repeated delivery', async () => {
    await start();
    expect(h.kernel.host.status('@fixtures/inbound-webhook').state).toBe('INSTALLED');
    const first = await post('webhook', { messages: [message('m-1'), message('m-2', { text: 'Hello?', occurredAt: '2026-03-02T09:01:00Z' })] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: 2 });
    expect(h.kernel.host.status('@fixtures/inbound-webhook').state).toBe('ACTIVE');
    const [customer] = await h.kernel.customers.find({ email: 'ada@example.com' });
    expect(customer).toMatchObject({ displayName: 'Ada Lovelace', emails: ['ada@example.com'] });
    const stored = await h.kernel.interactions.list(customer!.id);
    expect(stored.map((i) => [i.externalId, i.direction, i.type, i.channel, i.subject])).toEqual([
      ['m-1', 'INBOUND', 'message', 'webhook', 'Order 17'],
      ['m-2', 'INBOUND', 'message', 'webhook', 'Order 17'],
    ]);
    expect(stored[0]!.metadata).toEqual({ via: 'test' });
    expect(stored[0]!.conversationId).toBe(stored[1]!.conversationId);

    const again = await post('webhook', { messages: [message('m-1'), message('m-2')] });
    expect(again).toEqual(first);
    expect(await h.count('interactions')).toBe(2);
    expect(await h.count('customers')).toBe(1);
  });

  it('answers 400 with the plugin\'s reason for bad input, and writes nothing', async () => {
    await start();
    expect(await post('webhook', '{ not json')).toEqual({
      status: 400,
      body: { error: 'The body is not JSON; send { "messages": [...] }.', code: 'BAD_USER_INPUT' },
    });
    expect(await post('webhook', { messages: [] }, {})).toEqual({
      status: 400,
      body: { error: 'The x-webhook-secret header is missing or wrong.', code: 'BAD_USER_INPUT' },
    });
    // The second message is invalid: the first is not stored either.
    expect(await post('webhook', { messages: [message('m-1'), message('m-2', { occurredAt: 'soon' })] })).toEqual({
      status: 400,
      body: { error: 'occurredAt must be an ISO-8601 date-time, got "soon".', code: 'BAD_USER_INPUT' },
    });
    expect(await h.count('interactions')).toBe(0);
    expect(await h.count('customers')).toBe(0);
  });

  it('answers 502 when the plugin returns a message without a sender, and writes nothing', async () => {
    await start();
    const response = await post('webhook', { messages: [message('m-1'), message('m-2', { from: {} })] });
    expect(response).toEqual({
      status: 502,
      body: {
        error: 'The "webhook" channel plugin returned an invalid message: message 1 has no sender (from.email, from.phone or from.handle).',
        code: 'NOT_AVAILABLE',
      },
    });
    expect(await h.count('interactions')).toBe(0);
  });

  it('answers 404 for a channel nobody contributes, and 405 for methods other than GET and POST', async () => {
    await start();
    expect(await post('fax', { messages: [] })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const put = await fetch(`${url}/channels/webhook/inbound`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });
});
