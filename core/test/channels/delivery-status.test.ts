import { afterEach, describe, expect, it } from 'vitest';
import type { Customer, DeliveredEvent, DeliveryReceipt, InboundMessage } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const FIXTURE = '@fixtures/provider-channels';

describe.each(TEST_DATABASES)('delivery status, merged records and reply windows on %s', (kind) => {
  let h: KernelHarness;
  let clock: FakeClock;
  let changes: DeliveredEvent<'interaction.delivery_changed'>[];
  afterEach(() => h?.close());

  async function setUp() {
    clock = new FakeClock('2026-05-04T09:00:00.000Z');
    h = await createKernelHarness(kind, ['provider-channels-js'], { clock });
    changes = [];
    h.kernel.events.subscribe('interaction.delivery_changed', (event) => void changes.push(event));
  }
  const webhook = (channel: string, body: object) =>
    h.kernel.inbound.receive(channel, {
      method: 'POST',
      url: `/channels/${channel}/inbound`,
      publicUrl: `http://localhost/channels/${channel}/inbound`,
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode(JSON.stringify(body)),
      contentType: 'application/json',
    });
  const receipts = (channel: string, ...list: DeliveryReceipt[]) => webhook(channel, { receipts: list });
  const delivery = async (channel: string, externalId: string) => (await h.kernel.deliveries.deliveriesOf([{ channel, externalId }]))[0];
  const ada = (): Promise<Customer> => h.kernel.customers.create({ displayName: 'Ada', phones: ['+44 20 7946 0958'] });
  const inboundText = (channel: string, externalId: string): Partial<InboundMessage> => ({
    externalId,
    from: { phone: '+442079460958' },
    text: 'Hello',
    occurredAt: clock.now().toISOString(),
    metadata: {},
  });

  it('starts a sent message QUEUED (or where the channel says), moves it only forward, and publishes each move once', async () => {
    await setUp();
    const customer = await ada();
    const { interaction } = await h.kernel.messenger.send({ customerId: customer.id, channel: 'texts', text: 'Your order shipped' });
    expect(await delivery('texts', interaction.externalId!)).toMatchObject({ status: 'QUEUED', error: null });
    expect(changes).toEqual([]);

    // Out of order and twice: DELIVERED, then a late SENT, then READ twice, then a DELIVERED after READ.
    await receipts('texts', { externalId: interaction.externalId!, status: 'DELIVERED' });
    await receipts('texts', { externalId: interaction.externalId!, status: 'SENT' });
    await receipts('texts', { externalId: interaction.externalId!, status: 'READ' }, { externalId: interaction.externalId!, status: 'READ' });
    await receipts('texts', { externalId: interaction.externalId!, status: 'DELIVERED' });
    expect((await delivery('texts', interaction.externalId!))!.status).toBe('READ');
    expect(changes.map((event) => [event.previousStatus, event.status])).toEqual([
      ['QUEUED', 'DELIVERED'],
      ['DELIVERED', 'READ'],
    ]);
    expect(changes[0]).toMatchObject({ interactionId: interaction.id, customerId: customer.id, channel: 'texts' });

    // A channel that reports the SMTP-style accept starts at SENT; a failure keeps the provider's error.
    const sent = await h.kernel.messenger.send({ customerId: customer.id, channel: 'texts', text: 'SENT at once' });
    expect((await delivery('texts', sent.interaction.externalId!))!.status).toBe('SENT');
    await receipts('texts', { externalId: sent.interaction.externalId!, status: 'FAILED', error: '30003: Unreachable destination handset' });
    expect(await delivery('texts', sent.interaction.externalId!)).toMatchObject({ status: 'FAILED', error: '30003: Unreachable destination handset' });
    expect(changes.at(-1)).toMatchObject({ status: 'FAILED', previousStatus: 'SENT', error: '30003: Unreachable destination handset' });
    // A delivery confirmation outranks a failure report; QUEUED never comes back.
    await receipts('texts', { externalId: sent.interaction.externalId!, status: 'QUEUED' });
    expect((await delivery('texts', sent.interaction.externalId!))!.status).toBe('FAILED');
  });

  it('keeps a receipt that beats the send\'s record and publishes it once the message is recorded', async () => {
    await setUp();
    const customer = await ada();
    // The provider's callback for texts-1 arrives before the send has returned and been recorded.
    await receipts('texts', { externalId: 'texts-1', status: 'DELIVERED' });
    expect(await delivery('texts', 'texts-1')).toMatchObject({ status: 'DELIVERED' });
    expect(changes).toEqual([]);
    const { interaction } = await h.kernel.messenger.send({ customerId: customer.id, channel: 'texts', text: 'Hi' });
    expect(interaction.externalId).toBe('texts-1');
    expect((await delivery('texts', 'texts-1'))!.status).toBe('DELIVERED');
    expect(changes.map((event) => [event.previousStatus, event.status, event.interactionId])).toEqual([['QUEUED', 'DELIVERED', interaction.id]]);
  });

  it('applies ctx.interactions.updateDelivery from a plugin, and refuses a receipt that is not one', async () => {
    await setUp();
    const customer = await ada();
    const { interaction } = await h.kernel.messenger.send({ customerId: customer.id, channel: 'texts', text: 'Hi' });
    const plugin = h.kernel.host.getExports(FIXTURE) as { updateDelivery(update: object): Promise<{ status: string }> };
    expect(await plugin.updateDelivery({ channel: 'texts', externalId: interaction.externalId, status: 'SENT' })).toMatchObject({ status: 'SENT' });
    await expect(plugin.updateDelivery({ channel: 'texts', externalId: interaction.externalId, status: 'LOST' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(receipts('texts', { externalId: '', status: 'READ' })).rejects.toMatchObject({ code: 'NOT_AVAILABLE', message: expect.stringContaining('receipt 0 has no externalId') });
    expect((await delivery('texts', interaction.externalId!))!.status).toBe('SENT');
  });

  it('records a webhook\'s messages and receipts together, or neither', async () => {
    await setUp();
    const customer = await ada();
    const { interaction } = await h.kernel.messenger.send({ customerId: customer.id, channel: 'texts', text: 'Hi' });
    const before = await h.count('interactions');
    // The second message has no sender: the whole request is refused, the receipt with it.
    await expect(
      webhook('texts', { messages: [inboundText('texts', 'in-1'), { externalId: 'in-2', text: 'x', metadata: {} }], receipts: [{ externalId: interaction.externalId, status: 'READ' }] }),
    ).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
    expect(await h.count('interactions')).toBe(before);
    expect((await delivery('texts', interaction.externalId!))!.status).toBe('QUEUED');
    await webhook('texts', { messages: [inboundText('texts', 'in-1')], receipts: [{ externalId: interaction.externalId, status: 'READ' }] });
    expect(await h.count('interactions')).toBe(before + 1);
    expect((await delivery('texts', interaction.externalId!))!.status).toBe('READ');
  });

  it('turns a provider\'s refusal into DELIVERY_FAILED with its code, recording nothing', async () => {
    await setUp();
    const customer = await ada();
    const before = await h.count('interactions');
    await expect(h.kernel.messenger.send({ customerId: customer.id, channel: 'texts', text: 'REFUSE me' })).rejects.toMatchObject({
      code: 'DELIVERY_FAILED',
      providerCode: '21211',
      message: expect.stringContaining("The 'To' number is not a valid phone number."),
    });
    expect(await h.count('interactions')).toBe(before);
  });

  it('keeps one call record per id, merged by callbacks in any order, with the missed-call event once', async () => {
    await setUp();
    const missed: DeliveredEvent<'calls.call_missed'>[] = [];
    h.kernel.events.subscribe('calls.call_missed', (event) => void missed.push(event));
    const from = '+442079460958';
    // Recording first, then no-answer, then a late ringing, the transcript, and no-answer again.
    await webhook('calls', { call: { sid: 'CA1', from, recordingUrl: 'https://rec.example/CA1' } });
    await webhook('calls', { call: { sid: 'CA1', from, status: 'no-answer' } });
    await webhook('calls', { call: { sid: 'CA1', from, status: 'ringing' } });
    await webhook('calls', { call: { sid: 'CA1', from, transcript: 'Please call me back about my order.' } });
    await webhook('calls', { call: { sid: 'CA1', from, status: 'no-answer' } });
    const [customer] = await h.kernel.customers.find({ phone: from });
    const calls = await h.kernel.interactions.list(customer!.id, { channel: 'calls' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ type: 'call', text: 'Please call me back about my order.', metadata: { status: 'no-answer', recordingUrl: 'https://rec.example/CA1' } });
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ sid: 'CA1', status: 'no-answer', interactionId: calls[0]!.id, customerId: customer!.id, channel: 'calls' });

    // A call missed in its first callback publishes the event with the new record.
    await webhook('calls', { call: { sid: 'CA2', from, status: 'busy' } });
    expect(missed.map((event) => event.sid)).toEqual(['CA1', 'CA2']);
  });

  it('refuses a channel\'s event of a core type, and a free-form message outside the reply window, but sends a template', async () => {
    await setUp();
    const customer = await ada();
    // Never wrote on wa: the window is not open.
    await expect(h.kernel.messenger.send({ customerId: customer.id, channel: 'wa', text: 'Hello?' })).rejects.toMatchObject({
      code: 'CHANNEL_WINDOW_CLOSED',
      message: expect.stringContaining('send an approved template'),
    });
    await webhook('wa', { messages: [inboundText('wa', 'wa-in-1')] });
    await clock.advance('PT23H');
    const inWindow = await h.kernel.messenger.send({ customerId: customer.id, channel: 'wa', text: 'Answer within the window' });
    const fixture = h.kernel.host.getExports(FIXTURE) as { sent: { message: { lastInboundAt?: Date; template?: object } }[] };
    expect(fixture.sent.at(-1)!.message.lastInboundAt).toEqual(new Date('2026-05-04T09:00:00.000Z'));
    expect(inWindow.interaction.text).toBe('Answer within the window');

    await clock.advance('PT1H1M');
    const before = await h.count('interactions');
    const sends = fixture.sent.length;
    await expect(h.kernel.messenger.send({ customerId: customer.id, channel: 'wa', text: 'Too late' })).rejects.toMatchObject({
      code: 'CHANNEL_WINDOW_CLOSED',
      message: expect.stringContaining('closed at 2026-05-05T09:00:00.000Z'),
    });
    expect(fixture.sent.length).toBe(sends);
    expect(await h.count('interactions')).toBe(before);
    expect(await h.kernel.replyWindows.windowsOf(customer.id, ['wa', 'texts'])).toEqual([{ channel: 'wa', closesAt: new Date('2026-05-05T09:00:00.000Z'), open: false }]);

    const template = { name: 'order_update', language: 'en_US', parameters: ['17', 'shipped'] };
    const { interaction } = await h.kernel.messenger.send({ customerId: customer.id, channel: 'wa', template });
    expect(fixture.sent.at(-1)!.message.template).toEqual(template);
    expect(interaction).toMatchObject({ text: '[template order_update (en_US): 17 | shipped]', metadata: { template } });
    // A channel without templates refuses one, naming the field.
    await expect(h.kernel.messenger.send({ customerId: customer.id, channel: 'texts', template })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'template' });
    await expect(webhook('wa', { messages: [{ ...inboundText('wa', 'wa-in-2'), events: [{ type: 'interaction.recorded' }] }] })).rejects.toMatchObject({
      code: 'NOT_AVAILABLE',
      message: expect.stringContaining('never core ones'),
    });
  });
});
