import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRAPH_ERRORS, startFakeGraph, type FakeGraph } from './support/fakeGraph.js';
import { ACCESS_TOKEN, allInteractions, deliveryOf, metaHost, PAGE_ID, PHONE_NUMBER_ID, postWebhook, settingsFor } from './support/host.js';
import { messengerPayload, mMessage } from './support/payloads.js';

const PSID = '6543210987654321';
const HOUR = 3600_000;

describe('Messenger: webhooks, receipts, and sends as the page', () => {
  let graph: FakeGraph;
  let host: TestHost | undefined;

  beforeEach(async () => {
    graph = await startFakeGraph({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, pageId: PAGE_ID });
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await graph.close();
  });

  /**
   * A host whose clock starts `hoursAgo` before the present, with the customer's message then.
   * Messenger's 24-hour rule is measured on the system clock (as Meta measures it), so the clock
   * is then moved up to the present.
   */
  async function customerWrote(hoursAgo: number, settings?: Record<string, unknown>): Promise<{ host: TestHost; customerId: string; wroteAt: Date }> {
    const wroteAt = new Date(Date.now() - hoursAgo * HOUR);
    host = await metaHost(graph, { start: wroteAt, ...(settings && { settings }) });
    const answer = await postWebhook(host, 'messenger', messengerPayload(mMessage(PSID, { mid: 'm_IN', text: 'Is the shop open on Sunday?' }, wroteAt)));
    expect(answer.status).toBe(200);
    await host.advance(hoursAgo * HOUR);
    const [customer] = await host.customers.find({ handle: { channel: 'messenger', handle: PSID } });
    return { host, customerId: customer!.id, wroteAt };
  }

  it('records text and attachments from the page-scoped id, and skips echoes and the page\'s own messages', async () => {
    const at = new Date(Date.UTC(2026, 0, 10, 12));
    host = await metaHost(graph, { start: new Date(at.getTime() + 60_000) });
    const payload = messengerPayload(
      mMessage(PSID, { mid: 'm_TEXT', text: 'Hello page' }, at),
      mMessage(PSID, { mid: 'm_IMG', attachments: [{ type: 'image', payload: { url: 'https://cdn.example/lid.jpg' } }] }, at),
      mMessage(PSID, { mid: 'm_STK', attachments: [{ type: 'image', payload: { url: 'https://cdn.example/s.png', sticker_id: 369239263222822 } }] }, at),
      mMessage(PSID, { mid: 'm_TWO', text: 'Both receipts', attachments: [{ type: 'file', payload: { url: 'https://cdn.example/a.pdf' } }, { type: 'video', payload: { url: 'https://cdn.example/b.mp4' } }] }, at),
      mMessage(PSID, { mid: 'm_QR', text: 'Red', quick_reply: { payload: 'COLOR_RED' }, reply_to: { mid: 'm_TEXT' } }, at),
      // Our own message, echoed back; and one the page sent from its inbox.
      { sender: { id: PAGE_ID }, recipient: { id: PSID }, timestamp: at.getTime(), message: { mid: 'm_ECHO', text: 'Hi from us', is_echo: true, app_id: 1 } },
      { sender: { id: PAGE_ID }, recipient: { id: PSID }, timestamp: at.getTime(), message: { mid: 'm_PAGE', text: 'Typed in the inbox' } },
      { sender: { id: '999' }, recipient: { id: PAGE_ID }, timestamp: at.getTime(), message: { mid: 'm_ECHO2', text: 'echo', is_echo: true } },
    );
    const answer = await postWebhook(host, 'messenger', payload);
    expect(answer.status).toBe(200);
    const recorded = await allInteractions(host);
    const byId = new Map(recorded.map((interaction) => [interaction.externalId, interaction]));
    expect([...byId.keys()].sort()).toEqual(['m_IMG', 'm_QR', 'm_STK', 'm_TEXT', 'm_TWO']);
    expect(byId.get('m_TEXT')).toMatchObject({ channel: 'messenger', direction: 'INBOUND', text: 'Hello page', occurredAt: at, metadata: { kind: 'text' } });
    expect(byId.get('m_IMG')).toMatchObject({ text: '[image]', metadata: { kind: 'image', url: 'https://cdn.example/lid.jpg' } });
    expect(byId.get('m_STK')).toMatchObject({ text: '[sticker]', metadata: { kind: 'sticker', stickerId: '369239263222822' } });
    expect(byId.get('m_TWO')).toMatchObject({
      text: 'Both receipts',
      metadata: { kind: 'document', attachments: [{ kind: 'document', url: 'https://cdn.example/a.pdf' }, { kind: 'video', url: 'https://cdn.example/b.mp4' }] },
    });
    expect(byId.get('m_QR')).toMatchObject({ text: 'Red', metadata: { quickReplyPayload: 'COLOR_RED', replyTo: 'm_TEXT' } });
    const [customer] = await host.customers.find({ handle: { channel: 'messenger', handle: PSID } });
    expect(customer?.id).toBe(byId.get('m_TEXT')!.customerId);
  });

  it('replies within 24 hours as a RESPONSE, to the page-scoped id, with the token', async () => {
    const { host, customerId } = await customerWrote(2);
    const result = await host.send('messenger', { customerId, text: 'Yes, 10 to 4.' });
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0]).toMatchObject({
      path: `/${PAGE_ID}/messages`,
      authorization: `Bearer ${ACCESS_TOKEN}`,
      body: { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Yes, 10 to 4.' } },
    });
    expect(graph.requests[0]!.body).not.toHaveProperty('tag');
    expect(result).toEqual({ externalId: 'm_FAKE1', status: 'QUEUED' });
  });

  it('replies after 30 hours with the HUMAN_AGENT tag, using the page token when one is set', async () => {
    const pageToken = 'EAAG-page-token';
    const graphWithPageToken = await startFakeGraph({ accessToken: pageToken, phoneNumberId: PHONE_NUMBER_ID, pageId: PAGE_ID });
    try {
      const { host, customerId } = await customerWrote(30, settingsFor(graphWithPageToken, { messengerAccessToken: pageToken }));
      await host.send('messenger', { customerId, text: 'Sorry for the wait: yes.' });
      expect(graphWithPageToken.requests).toHaveLength(1);
      expect(graphWithPageToken.requests[0]!.body).toEqual({ recipient: { id: PSID }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Sorry for the wait: yes.' } });
    } finally {
      await graphWithPageToken.close();
    }
  });

  it('refuses a reply after 7 days (the manifest\'s window) without calling Meta', async () => {
    const { host, customerId } = await customerWrote(8 * 24);
    await expect(host.send('messenger', { customerId, text: 'Hello?' })).rejects.toMatchObject({ code: 'CHANNEL_WINDOW_CLOSED' });
    expect(graph.requests).toEqual([]);
  });

  it('maps Meta\'s "outside of allowed window" to CHANNEL_WINDOW_CLOSED and other errors to DELIVERY_FAILED', async () => {
    const { host, customerId } = await customerWrote(1);
    graph.script(GRAPH_ERRORS.messengerOutsideWindow());
    await expect(host.send('messenger', { customerId, text: 'a' })).rejects.toMatchObject({ code: 'CHANNEL_WINDOW_CLOSED' });
    graph.script(GRAPH_ERRORS.invalidParameter());
    await expect(host.send('messenger', { customerId, text: 'b' })).rejects.toMatchObject({ code: 'DELIVERY_FAILED', providerCode: '100' });
    expect(await host.interactions.list(customerId, { direction: 'OUTBOUND' })).toEqual([]);
  });

  it('marks listed mids DELIVERED and everything sent up to a read watermark READ', async () => {
    const { host, customerId } = await customerWrote(1);
    const first = await host.send('messenger', { customerId, text: 'One' });
    await host.advance('PT1M');
    const second = await host.send('messenger', { customerId, text: 'Two' });
    await host.advance('PT1M');
    const third = await host.send('messenger', { customerId, text: 'Three' });
    const sent = await host.interactions.list(customerId, { direction: 'OUTBOUND' });
    const idOf = (externalId: string) => sent.find((interaction) => interaction.externalId === externalId)!.id;

    const event = (body: Record<string, unknown>) => ({ sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp: Date.now(), ...body });
    await postWebhook(host, 'messenger', messengerPayload(event({ delivery: { mids: [first.externalId, second.externalId, third.externalId], watermark: Date.now() } })));
    expect(await deliveryOf(host, idOf(third.externalId))).toMatchObject({ status: 'DELIVERED' });

    // Read up to the second message (the host's clock is where the sends were stamped).
    const watermark = sent.find((interaction) => interaction.externalId === second.externalId)!.occurredAt.getTime();
    await postWebhook(host, 'messenger', messengerPayload(event({ read: { watermark } })));
    expect(await deliveryOf(host, idOf(first.externalId))).toMatchObject({ status: 'READ' });
    expect(await deliveryOf(host, idOf(second.externalId))).toMatchObject({ status: 'READ' });
    expect(await deliveryOf(host, idOf(third.externalId))).toMatchObject({ status: 'DELIVERED' });

    // A late delivery receipt does not undo the read.
    await postWebhook(host, 'messenger', messengerPayload(event({ delivery: { mids: [first.externalId], watermark } })));
    expect(await deliveryOf(host, idOf(first.externalId))).toMatchObject({ status: 'READ' });
  });

  it('takes a delivery receipt without mids as everything sent up to its watermark, and skips events it does not record', async () => {
    const { host, customerId } = await customerWrote(1);
    const first = await host.send('messenger', { customerId, text: 'One' });
    const [sent] = await host.interactions.list(customerId, { direction: 'OUTBOUND' });
    await host.advance('PT1M');
    const second = await host.send('messenger', { customerId, text: 'Two' });
    const answer = await postWebhook(
      host,
      'messenger',
      messengerPayload(
        { sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp: Date.now(), delivery: { watermark: sent!.occurredAt.getTime() } },
        // An opt-in through a checkbox plugin names the person by user_ref, with no sender id.
        { sender: { user_ref: 'ref-1' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), optin: { ref: 'newsletter', user_ref: 'ref-1' } },
      ),
    );
    expect(answer.status).toBe(200);
    const all = await host.interactions.list(customerId, { direction: 'OUTBOUND' });
    const idOf = (externalId: string) => all.find((interaction) => interaction.externalId === externalId)!.id;
    expect(await deliveryOf(host, idOf(first.externalId))).toMatchObject({ status: 'DELIVERED' });
    expect(await deliveryOf(host, idOf(second.externalId))).toMatchObject({ status: 'QUEUED' });
  });

  it('ignores a read receipt from someone it does not know', async () => {
    const { host } = await customerWrote(1);
    const answer = await postWebhook(host, 'messenger', messengerPayload({ sender: { id: '1111' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), read: { watermark: Date.now() } }));
    expect(answer.status).toBe(200);
    expect(await host.customers.find({ handle: { channel: 'messenger', handle: '1111' } })).toEqual([]);
  });
});
