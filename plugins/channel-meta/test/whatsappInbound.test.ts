import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from './support/fakeGraph.js';
import { ACCESS_TOKEN, allInteractions, deliveryOf, metaHost, PAGE_ID, PHONE_NUMBER_ID, postWebhook } from './support/host.js';
import { seconds, waStatus, waText, whatsappPayload } from './support/payloads.js';

const ADA = '4915112345678';

describe('WhatsApp webhooks: messages of every kind, statuses', () => {
  let graph: FakeGraph;
  let host: TestHost;
  const at = new Date(Date.UTC(2026, 0, 10, 12, 0, 0));

  beforeEach(async () => {
    graph = await startFakeGraph({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, pageId: PAGE_ID });
    // The clock runs ten minutes after the customers' messages, as a webhook arrives after the fact.
    host = await metaHost(graph, { start: new Date(at.getTime() + 600_000) });
  });

  afterEach(async () => {
    await host.stop();
    await graph.close();
  });

  function message(id: string, type: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { from: ADA, id, timestamp: seconds(at), type, [type]: body, ...extra };
  }

  it('records each kind as text and typed metadata, from the sender\'s number and profile name', async () => {
    const messages = [
      waText('wamid.T', ADA, 'Hello there', at),
      message('wamid.R', 'reaction', { message_id: 'wamid.T', emoji: '👍' }),
      message('wamid.I', 'image', { id: 'media-1', mime_type: 'image/jpeg', sha256: 'x', caption: 'The broken lid' }),
      message('wamid.I2', 'image', { id: 'media-2', mime_type: 'image/png', sha256: 'y' }),
      message('wamid.D', 'document', { id: 'media-3', mime_type: 'application/pdf', filename: 'invoice.pdf' }),
      message('wamid.A', 'audio', { id: 'media-4', mime_type: 'audio/ogg; codecs=opus', voice: true }),
      message('wamid.S', 'sticker', { id: 'media-5', mime_type: 'image/webp', animated: false }),
      message('wamid.L', 'location', { latitude: 52.52, longitude: 13.405, name: 'Shop', address: 'Main St 1, Berlin' }),
      { from: ADA, id: 'wamid.C', timestamp: seconds(at), type: 'contacts', contacts: [{ name: { formatted_name: 'Bob Builder' }, phones: [{ phone: '+1 555 0100', wa_id: '15550100' }] }] },
      message('wamid.B', 'interactive', { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes, please' } }),
      message('wamid.LR', 'interactive', { type: 'list_reply', list_reply: { id: 'opt-2', title: 'Tomorrow', description: 'after 2pm' } }),
      message('wamid.QB', 'button', { payload: 'STOP', text: 'Stop promotions' }),
      { from: ADA, id: 'wamid.U', timestamp: seconds(at), type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
    ];
    const answer = await postWebhook(host, 'whatsapp', whatsappPayload([{ contacts: [{ wa_id: ADA, name: 'Ada Lovelace' }], messages }]));
    expect(answer.status).toBe(200);

    const [customer] = await host.customers.find({ phone: `+${ADA}` });
    expect(customer).toMatchObject({ displayName: 'Ada Lovelace', phones: [`+${ADA}`] });
    const recorded = await host.interactions.list(customer!.id);
    const byId = new Map(recorded.map((interaction) => [interaction.externalId, interaction]));
    expect(recorded).toHaveLength(messages.length);
    expect(recorded.every((interaction) => interaction.direction === 'INBOUND' && interaction.channel === 'whatsapp')).toBe(true);
    expect(byId.get('wamid.T')).toMatchObject({ text: 'Hello there', occurredAt: at, metadata: { kind: 'text' } });
    expect(byId.get('wamid.R')).toMatchObject({ text: 'Reacted 👍 to a message', metadata: { kind: 'reaction', emoji: '👍', messageId: 'wamid.T' } });
    expect(byId.get('wamid.I')).toMatchObject({ text: 'The broken lid', metadata: { kind: 'image', mediaId: 'media-1', mimeType: 'image/jpeg', caption: 'The broken lid' } });
    expect(byId.get('wamid.I2')).toMatchObject({ text: '[image]', metadata: { kind: 'image', mediaId: 'media-2', caption: null } });
    expect(byId.get('wamid.D')).toMatchObject({ text: '[document: invoice.pdf]', metadata: { kind: 'document', filename: 'invoice.pdf', mimeType: 'application/pdf' } });
    expect(byId.get('wamid.A')).toMatchObject({ text: '[audio]', metadata: { kind: 'audio', mediaId: 'media-4', voice: true } });
    expect(byId.get('wamid.S')).toMatchObject({ text: '[sticker]', metadata: { kind: 'sticker', mediaId: 'media-5', animated: false } });
    expect(byId.get('wamid.L')).toMatchObject({
      text: 'Location: Shop, Main St 1, Berlin (52.52, 13.405)',
      metadata: { kind: 'location', latitude: 52.52, longitude: 13.405, name: 'Shop', address: 'Main St 1, Berlin' },
    });
    expect(byId.get('wamid.C')).toMatchObject({ text: 'Shared contact: Bob Builder +1 555 0100', metadata: { kind: 'contacts', contacts: [{ name: 'Bob Builder', phones: ['+1 555 0100'] }] } });
    expect(byId.get('wamid.B')).toMatchObject({ text: 'Yes, please', metadata: { kind: 'button_reply', replyId: 'yes', title: 'Yes, please' } });
    expect(byId.get('wamid.LR')).toMatchObject({ text: 'Tomorrow', metadata: { kind: 'list_reply', replyId: 'opt-2', description: 'after 2pm' } });
    expect(byId.get('wamid.QB')).toMatchObject({ text: 'Stop promotions', metadata: { kind: 'button', payload: 'STOP' } });
    expect(byId.get('wamid.U')).toMatchObject({ text: '[unsupported message]', metadata: { kind: 'unsupported', type: 'unsupported', reason: 'Message type unknown' } });
  });

  it('records a replayed message once', async () => {
    const payload = whatsappPayload([{ messages: [waText('wamid.ONCE', ADA, 'Is my order on its way?', at)] }]);
    expect((await postWebhook(host, 'whatsapp', payload)).status).toBe(200);
    expect((await postWebhook(host, 'whatsapp', payload)).status).toBe(200);
    const recorded = await allInteractions(host);
    expect(recorded.map((interaction) => interaction.externalId)).toEqual(['wamid.ONCE']);
  });

  it('threads a reply that quotes our message into that message\'s conversation', async () => {
    await postWebhook(host, 'whatsapp', whatsappPayload([{ messages: [waText('wamid.Q1', ADA, 'Where is my parcel?', at)] }]));
    const [customer] = await host.customers.find({ phone: `+${ADA}` });
    const sent = await host.send('whatsapp', { customerId: customer!.id, text: 'It left our warehouse today.' });
    await host.advance('PT2M');
    const reply = { ...waText('wamid.Q2', ADA, 'Thanks!', new Date(at.getTime() + 660_000)), context: { from: '15550001111', id: sent.externalId } };
    await postWebhook(host, 'whatsapp', whatsappPayload([{ messages: [reply] }]));
    const recorded = await host.interactions.list(customer!.id);
    expect(recorded.map((interaction) => interaction.externalId)).toEqual(['wamid.Q1', sent.externalId, 'wamid.Q2']);
    expect(new Set(recorded.map((interaction) => interaction.conversationId)).size).toBe(1);
    expect(recorded[2]!.metadata).toMatchObject({ replyTo: sent.externalId });
  });

  it('records every message and status of a payload with several entries and changes, in one go', async () => {
    await postWebhook(host, 'whatsapp', whatsappPayload([{ messages: [waText('wamid.FIRST', ADA, 'Hi', at)] }]));
    const [ada] = await host.customers.find({ phone: `+${ADA}` });
    const ours = await host.send('whatsapp', { customerId: ada!.id, text: 'How can we help?' });

    const later = new Date(at.getTime() + 120_000);
    const payload = whatsappPayload(
      [
        { contacts: [{ wa_id: '33612345678', name: 'Renée' }], messages: [waText('wamid.M1', '33612345678', 'Bonjour', later)] },
        { statuses: [waStatus(ours.externalId, 'delivered', later)] },
      ],
      [{ contacts: [{ wa_id: '447700900123', name: 'Grace' }], messages: [waText('wamid.M2', '447700900123', 'Hello', later), waText('wamid.M3', '447700900123', 'Anyone?', later)] }],
    );
    const answer = await postWebhook(host, 'whatsapp', payload);
    expect(answer.status).toBe(200);
    expect(answer.interactions.map((interaction) => interaction.externalId).sort()).toEqual(['wamid.M1', 'wamid.M2', 'wamid.M3']);
    const [renee] = await host.customers.find({ phone: '+33612345678' });
    const [grace] = await host.customers.find({ phone: '+447700900123' });
    expect(renee?.displayName).toBe('Renée');
    expect((await host.interactions.list(grace!.id)).map((interaction) => interaction.text)).toEqual(['Hello', 'Anyone?']);
    const [outbound] = await host.interactions.list(ada!.id, { direction: 'OUTBOUND' });
    expect(await deliveryOf(host, outbound!.id)).toMatchObject({ status: 'DELIVERED' });
  });

  it('moves a message\'s status forward only: read before delivered, delivered twice, ends READ', async () => {
    await postWebhook(host, 'whatsapp', whatsappPayload([{ messages: [waText('wamid.IN', ADA, 'Hi', at)] }]));
    const [ada] = await host.customers.find({ phone: `+${ADA}` });
    const ours = await host.send('whatsapp', { customerId: ada!.id, text: 'Hello Ada' });
    const [outbound] = await host.interactions.list(ada!.id, { direction: 'OUTBOUND' });
    expect(await deliveryOf(host, outbound!.id)).toMatchObject({ status: 'QUEUED' });

    const t = (s: number) => new Date(at.getTime() + s * 1000);
    await postWebhook(host, 'whatsapp', whatsappPayload([{ statuses: [waStatus(ours.externalId, 'sent', t(1))] }]));
    expect(await deliveryOf(host, outbound!.id)).toMatchObject({ status: 'SENT' });
    await postWebhook(host, 'whatsapp', whatsappPayload([{ statuses: [waStatus(ours.externalId, 'read', t(3))] }]));
    await postWebhook(host, 'whatsapp', whatsappPayload([{ statuses: [waStatus(ours.externalId, 'delivered', t(2))] }]));
    await postWebhook(host, 'whatsapp', whatsappPayload([{ statuses: [waStatus(ours.externalId, 'delivered', t(2))] }]));
    expect(await deliveryOf(host, outbound!.id)).toEqual({ status: 'READ', error: null });
  });

  it('records a failed status with Meta\'s code and title as the error', async () => {
    await postWebhook(host, 'whatsapp', whatsappPayload([{ messages: [waText('wamid.IN2', ADA, 'Hi', at)] }]));
    const [ada] = await host.customers.find({ phone: `+${ADA}` });
    const ours = await host.send('whatsapp', { customerId: ada!.id, text: 'Hello again' });
    const errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } }];
    await postWebhook(host, 'whatsapp', whatsappPayload([{ statuses: [waStatus(ours.externalId, 'sent', at), waStatus(ours.externalId, 'failed', at, errors)] }]));
    const [outbound] = await host.interactions.list(ada!.id, { direction: 'OUTBOUND' });
    expect(await deliveryOf(host, outbound!.id)).toEqual({ status: 'FAILED', error: '131026: Message undeliverable' });
  });
});
