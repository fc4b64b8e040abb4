import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH_ERRORS, startFakeGraph, type FakeGraph } from './support/fakeGraph.js';
import { ACCESS_TOKEN, globalId, META, metaHost, PAGE_ID, PHONE_NUMBER_ID, postWebhook, settingsFor } from './support/host.js';
import { waText, whatsappPayload } from './support/payloads.js';

const ADA = '4915112345678';
const HOUR = 3600_000;

describe('sending on WhatsApp through the Cloud API (a fake Graph API on a real socket)', () => {
  let graph: FakeGraph;
  let host: TestHost | undefined;
  const start = new Date(Date.UTC(2026, 0, 10, 12, 0, 0));

  beforeEach(async () => {
    graph = await startFakeGraph({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, pageId: PAGE_ID });
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await graph.close();
  });

  /** A host whose customer Ada wrote on WhatsApp at `start`, the clock then at `start`. */
  async function withAda(settings?: Record<string, unknown>): Promise<{ host: TestHost; adaId: string }> {
    host = await metaHost(graph, { start, ...(settings && { settings }) });
    await postWebhook(host, 'whatsapp', whatsappPayload([{ contacts: [{ wa_id: ADA, name: 'Ada' }], messages: [waText('wamid.IN', ADA, 'Hello?', start)] }]));
    const [ada] = await host.customers.find({ phone: `+${ADA}` });
    return { host, adaId: ada!.id };
  }

  async function sendMessage(h: TestHost, input: Record<string, unknown>) {
    return h.graphql<{ sendMessage: { id: string; externalId: string; direction: string; delivery: { status: string } | null } }>(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id externalId direction delivery { status } } }',
      { input },
    );
  }

  it('posts a text message with the bearer token and the number without "+", and records it QUEUED', async () => {
    const { host, adaId } = await withAda();
    const result = await host.send('whatsapp', { customerId: adaId, text: 'Your parcel ships today.' });
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0]).toMatchObject({
      method: 'POST',
      path: `/${PHONE_NUMBER_ID}/messages`,
      authorization: `Bearer ${ACCESS_TOKEN}`,
      contentType: 'application/json',
      body: { messaging_product: 'whatsapp', to: ADA, type: 'text', text: { body: 'Your parcel ships today.' } },
    });
    expect(result).toEqual({ externalId: 'wamid.FAKE1', status: 'QUEUED' });
    const [outbound] = await host.interactions.list(adaId, { direction: 'OUTBOUND' });
    expect(outbound).toMatchObject({ channel: 'whatsapp', externalId: 'wamid.FAKE1', text: 'Your parcel ships today.' });
  });

  it('sends through GraphQL sendMessage with the delivery status QUEUED', async () => {
    const { host, adaId } = await withAda();
    const answer = await sendMessage(host, { customerId: globalId('Customer', adaId), channel: 'whatsapp', text: 'Hi Ada' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.sendMessage).toMatchObject({ externalId: 'wamid.FAKE1', direction: 'OUTBOUND', delivery: { status: 'QUEUED' } });
  });

  it('retries a 5xx and a 429 and sends exactly once', async () => {
    const { host, adaId } = await withAda();
    graph.script(GRAPH_ERRORS.serverError(), GRAPH_ERRORS.rateLimited());
    const result = await host.send('whatsapp', { customerId: adaId, text: 'Third time lucky' });
    expect(graph.requests.map((request) => request.status)).toEqual([500, 429, 200]);
    expect(graph.sent()).toHaveLength(1);
    expect(result.externalId).toBe('wamid.FAKE1');
    expect(await host.interactions.list(adaId, { direction: 'OUTBOUND' })).toHaveLength(1);
  });

  it('sends once per idempotency key: a retried send returns the first message id', async () => {
    const { host, adaId } = await withAda();
    const first = await host.send('whatsapp', { customerId: adaId, text: 'Once only' }, { idempotencyKey: 'run-1/step-2' });
    const again = await host.send('whatsapp', { customerId: adaId, text: 'Once only' }, { idempotencyKey: 'run-1/step-2' });
    expect(again.externalId).toBe(first.externalId);
    expect(graph.sent()).toHaveLength(1);
    expect(await host.interactions.list(adaId, { direction: 'OUTBOUND' })).toHaveLength(1);
  });

  it('fails with DELIVERY_FAILED, Meta\'s code as providerCode and what to do, and records nothing', async () => {
    const { host, adaId } = await withAda();
    graph.script(GRAPH_ERRORS.invalidParameter());
    const answer = await sendMessage(host, { customerId: globalId('Customer', adaId), channel: 'whatsapp', text: 'Refused' });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'DELIVERY_FAILED', providerCode: '100' });
    expect(answer.errors?.[0]?.message).toMatch(/Invalid parameter.*phoneNumberId/s);
    expect(await host.interactions.list(adaId, { direction: 'OUTBOUND' })).toEqual([]);
  });

  it('reports rate limiting that outlasts the retries as DELIVERY_FAILED 130429', async () => {
    const { host, adaId } = await withAda();
    graph.script(GRAPH_ERRORS.rateLimited(), GRAPH_ERRORS.rateLimited(), GRAPH_ERRORS.rateLimited());
    await expect(host.send('whatsapp', { customerId: adaId, text: 'Too many' })).rejects.toMatchObject({ code: 'DELIVERY_FAILED', providerCode: '130429', message: expect.stringMatching(/rate-limiting/) });
    expect(graph.requests).toHaveLength(3);
  });

  it('reports a Graph API that stays down, or cannot be reached, as DELIVERY_FAILED saying so', async () => {
    const { host, adaId } = await withAda();
    graph.script(GRAPH_ERRORS.serverError(), GRAPH_ERRORS.serverError(), GRAPH_ERRORS.serverError());
    await expect(host.send('whatsapp', { customerId: adaId, text: 'Down' })).rejects.toMatchObject({ code: 'DELIVERY_FAILED', message: expect.stringMatching(/server error \(retried already\)/) });
    expect(graph.requests).toHaveLength(3);

    const gone = await startFakeGraph({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, pageId: PAGE_ID });
    await gone.close();
    await host.stop();
    const { host: second, adaId: ada2 } = await withAda(settingsFor(gone));
    await expect(second.send('whatsapp', { customerId: ada2, text: 'Nobody home' })).rejects.toMatchObject({ code: 'DELIVERY_FAILED', message: expect.stringMatching(/could not be reached.*graphApiBaseUrl/) });
  });

  it('turns a wrong access token into advice about the accessToken setting', async () => {
    const { host, adaId } = await withAda(settingsFor(graph, { accessToken: 'EAAG-expired' }));
    await expect(host.send('whatsapp', { customerId: adaId, text: 'x' })).rejects.toMatchObject({ code: 'DELIVERY_FAILED', providerCode: '190', message: expect.stringMatching(/accessToken/) });
  });

  it('maps Meta\'s own re-engagement error 131047 to CHANNEL_WINDOW_CLOSED', async () => {
    const { host, adaId } = await withAda();
    graph.script(GRAPH_ERRORS.reEngagement());
    await expect(host.send('whatsapp', { customerId: adaId, text: 'Late' })).rejects.toMatchObject({ code: 'CHANNEL_WINDOW_CLOSED' });
    expect(await host.interactions.list(adaId, { direction: 'OUTBOUND' })).toEqual([]);
  });

  it('refuses a free-form message 25 hours after the customer wrote, without calling Meta, and sends a template', async () => {
    const { host, adaId } = await withAda();
    await host.advance('PT25H');
    const refused = await sendMessage(host, { customerId: globalId('Customer', adaId), channel: 'whatsapp', text: 'Still there?' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CHANNEL_WINDOW_CLOSED');
    expect(graph.requests).toEqual([]);
    expect(await host.interactions.list(adaId, { direction: 'OUTBOUND' })).toEqual([]);

    const template = { name: 'order_update', language: 'en_US', parameters: ['Ada', '#1042'] };
    const sent = await sendMessage(host, { customerId: globalId('Customer', adaId), channel: 'whatsapp', text: 'Order update for Ada', template });
    expect(sent.errors).toBeUndefined();
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      to: ADA,
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: '#1042' }] }] },
    });
    expect(await host.interactions.list(adaId, { direction: 'OUTBOUND' })).toHaveLength(1);
  });

  it('shows when the reply window closes on the conversation', async () => {
    const { host, adaId } = await withAda();
    const [conversation] = await host.conversations.list(adaId);
    const answer = await host.graphql<{ conversation: { replyWindows: { channel: string; closesAt: string | null; open: boolean }[] } }>(
      'query ($id: ID!) { conversation(id: $id) { replyWindows { channel closesAt open } } }',
      { id: globalId('Conversation', conversation!.id) },
    );
    expect(answer.errors).toBeUndefined();
    const whatsapp = answer.data?.conversation.replyWindows.find((window) => window.channel === 'whatsapp');
    expect(whatsapp).toEqual({ channel: 'whatsapp', closesAt: new Date(start.getTime() + 24 * HOUR).toISOString(), open: true });
  });

  it('refuses a customer without a phone number before calling Meta', async () => {
    host = await metaHost(graph, { start });
    const nobody = await host.customers.create({ displayName: 'No Phone', emails: ['np@example.com'] });
    await expect(host.send('whatsapp', { customerId: nobody.id, text: 'x' })).rejects.toMatchObject({ code: expect.stringMatching(/BAD_USER_INPUT|CHANNEL_WINDOW_CLOSED/) });
    expect(graph.requests).toEqual([]);
  });
});

describe('settings', () => {
  it('refuses to start without the app secret, naming the setting', async () => {
    const graph = await startFakeGraph({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, pageId: PAGE_ID });
    const { appSecret: _omitted, ...settings } = settingsFor(graph);
    const host = await metaHost(graph, { settings });
    try {
      const status = await host.activate(META).catch((error: Error) => ({ state: 'FAILED', error: error.message }));
      expect(status).toMatchObject({ state: 'FAILED', error: expect.stringContaining('appSecret') });
    } finally {
      await host.stop();
      await graph.close();
    }
  });
});
