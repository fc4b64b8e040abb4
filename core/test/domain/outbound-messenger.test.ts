import { afterEach, describe, expect, it } from 'vitest';
import type { Customer, DeliveredEvent, OutboundMessage, SendResult } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const CHANNELS = '@fixtures/outbound-channels';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Fixture {
  sent: { channel: string; message: OutboundMessage; idempotencyKey: string | undefined }[];
  deliveries(): number;
  send(channel: string, message: OutboundMessage, options?: { idempotencyKey?: string }): Promise<SendResult>;
}

describe.each(TEST_DATABASES)('the outbound path (OutboundMessenger) on %s', (kind) => {
  let h: KernelHarness;
  let clock: FakeClock;
  let recorded: DeliveredEvent[];
  afterEach(() => h.close());

  async function setUp() {
    clock = new FakeClock('2026-03-02T09:00:00.000Z');
    h = await createKernelHarness(kind, ['outbound-channels-js'], { clock });
    recorded = [];
    h.kernel.events.subscribe('interaction.recorded', (event) => void recorded.push(event));
  }
  const fixture = () => h.kernel.host.getExports(CHANNELS) as Fixture;
  const lastSent = () => fixture().sent.at(-1)!;
  const send = (customer: Customer, channel: string, text: string, extra: Record<string, unknown> = {}) =>
    h.kernel.messenger.send({ customerId: customer.id, channel, text, ...extra });
  const inbound = (customer: Customer, channel: string, externalId: string | undefined, extra: Record<string, unknown> = {}) =>
    h.kernel.interactions.record({ customerId: customer.id, channel, direction: 'INBOUND', type: 'message', text: 'Hello', externalId, ...extra });
  const ada = () =>
    h.kernel.customers.create({
      displayName: 'Ada Lovelace',
      emails: ['ada@example.com', 'ada@work.example'],
      phones: ['+44 20 7946 0958'],
      handles: [
        { channel: 'twitter', handle: '@ada_tw' },
        { channel: 'chat', handle: 'ada.chat' },
        { channel: 'dm', handle: '@ada' },
      ],
    });

  it('addresses the message by the channel\'s manifest address kind, with the customer\'s name', async () => {
    await setUp();
    const customer = await ada();
    const to: Record<string, string | undefined> = {};
    for (const channel of ['email', 'sms', 'chat', 'dm']) {
      await send(customer, channel, `Hi on ${channel}`);
      expect(lastSent()).toMatchObject({ channel, message: { customerId: customer.id, toName: 'Ada Lovelace', text: `Hi on ${channel}` } });
      to[channel] = lastSent().message.to;
    }
    // email: the first address; sms: the first phone (E.164); chat (no address declared) and dm: the handle on that channel.
    expect(to).toEqual({ email: 'ada@example.com', sms: '+442079460958', chat: 'ada.chat', dm: '@ada' });

    // A customer with no name, no phone and no handles.
    const bob = await h.kernel.customers.create({ emails: ['bob@example.com'] });
    await send(bob, 'email', 'Hi Bob');
    expect(lastSent().message.to).toBe('bob@example.com');
    expect('toName' in lastSent().message).toBe(false);
    await clock.advance('PT1M');
    await send(bob, 'chat', 'Hi Bob');
    expect(lastSent().message.to).toBeUndefined();
    // The provider refuses an SMS without a number: its own error, with its code, and nothing recorded.
    await expect(send(bob, 'sms', 'Hi Bob')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('no phone number') });
    expect((await h.kernel.interactions.list(bob.id)).map((i) => i.channel)).toEqual(['email', 'chat']);
  });

  it('threads into the customer\'s open conversation, with the conversation\'s earlier external ids on that channel, oldest first', async () => {
    await setUp();
    const customer = await ada();
    const first = await inbound(customer, 'email', 'in-1', { subject: 'Late order' });
    const conversationId = first.conversationId!;
    await clock.advance('PT1M');

    const reply = await send(customer, 'email', 'It ships today.', { subject: 'Re: Late order', html: '<p>It ships today.</p>', metadata: { agent: 'grace' } });
    expect(lastSent().message).toMatchObject({ conversationId, references: ['in-1'], subject: 'Re: Late order', html: '<p>It ships today.</p>', metadata: { agent: 'grace' } });
    expect(reply.result).toEqual({ externalId: 'email-out-1', metadata: { provider: 'outbound-fixture' } });
    expect(reply.interaction).toMatchObject({
      customerId: customer.id,
      conversationId,
      channel: 'email',
      direction: 'OUTBOUND',
      type: 'message',
      subject: 'Re: Late order',
      text: 'It ships today.',
      externalId: 'email-out-1',
      occurredAt: clock.now(),
      metadata: { agent: 'grace', provider: 'outbound-fixture', html: '<p>It ships today.</p>' },
    });
    expect(await h.kernel.interactions.get(reply.interaction.id)).toEqual(reply.interaction);
    expect((await h.kernel.conversations.get(conversationId))?.firstResponseAt).toEqual(clock.now());

    // In the same conversation, and not email: another channel, a note, and a message with no external id.
    await clock.advance('PT1M');
    await inbound(customer, 'sms', 'sms-in-1');
    await h.kernel.interactions.record({ customerId: customer.id, channel: 'email', direction: 'INTERNAL', type: 'note', text: 'VIP', externalId: 'note-1' });
    await inbound(customer, 'email', undefined);
    // Recorded late, but it happened before everything else: it comes first.
    await inbound(customer, 'email', 'in-0', { occurredAt: new Date(first.occurredAt.getTime() - 60_000) });
    await clock.advance('PT1M');

    await send(customer, 'email', 'Anything else?');
    expect(lastSent().message).toMatchObject({ conversationId, references: ['in-0', 'in-1', 'email-out-1'] });
    await send(customer, 'sms', 'Texting you too.');
    expect(lastSent().message).toMatchObject({ conversationId, references: ['sms-in-1'] });
    const conversations = new Set((await h.kernel.interactions.list(customer.id)).map((i) => i.conversationId));
    expect([...conversations]).toEqual([conversationId]);
  });

  it('gives at most the 50 most recent external ids of the thread', async () => {
    await setUp();
    const customer = await ada();
    const start = clock.now().getTime();
    await h.kernel.interactions.recordMany(
      Array.from({ length: 55 }, (_, i) => ({
        customerId: customer.id,
        channel: 'email',
        direction: 'INBOUND' as const,
        type: 'message',
        externalId: `e-${i}`,
        occurredAt: new Date(start + i * 1_000),
      })),
    );
    await clock.advance('PT1M');
    await send(customer, 'email', 'Reply');
    expect(lastSent().message.references).toEqual(Array.from({ length: 50 }, (_, i) => `e-${i + 5}`));
  });

  it('opens a conversation when the customer has no open one, and gives no references when there is nothing to thread', async () => {
    await setUp();
    const bob = await h.kernel.customers.create({ displayName: 'Bob', emails: ['bob@example.com'] });
    const first = await send(bob, 'email', 'Welcome!');
    expect(lastSent().message.conversationId).toBeUndefined();
    expect(lastSent().message.references).toBeUndefined();
    const opened = await h.kernel.conversations.get(first.interaction.conversationId!);
    expect(opened).toMatchObject({ customerId: bob.id, status: 'OPEN', channels: ['email'] });

    await send(bob, 'email', 'Did you see our welcome?');
    expect(lastSent().message).toMatchObject({ conversationId: opened!.id, references: ['email-out-1'] });

    // An open conversation with nothing on this channel: the conversation, but no references (not an empty list).
    const carol = await h.kernel.customers.create({ emails: ['carol@example.com'] });
    const chat = await inbound(carol, 'chat', 'chat-in-1');
    await send(carol, 'email', 'Following up by email');
    expect(lastSent().message.conversationId).toBe(chat.conversationId);
    expect(lastSent().message.references).toBeUndefined();
  });

  it('uses the conversation given, even a resolved one, and only an open one by default', async () => {
    await setUp();
    const customer = await ada();
    const first = await inbound(customer, 'email', 'in-1');
    await h.kernel.conversations.resolve(first.conversationId!);
    await clock.advance('PT1H');

    const survey = await send(customer, 'email', 'How did we do?', { conversationId: first.conversationId });
    expect(lastSent().message).toMatchObject({ conversationId: first.conversationId, references: ['in-1'] });
    expect(survey.interaction.conversationId).toBe(first.conversationId);
    expect((await h.kernel.conversations.get(first.conversationId!))?.status).toBe('RESOLVED');

    const news = await send(customer, 'email', 'Our new catalogue');
    expect(lastSent().message.conversationId).toBeUndefined();
    expect(lastSent().message.references).toBeUndefined();
    expect(news.interaction.conversationId).not.toBe(first.conversationId);
  });

  it('passes an idempotency key: a provider that answers the same key with the same externalId makes the repeat record nothing new', async () => {
    await setUp();
    const customer = await ada();
    const once = await h.kernel.messenger.send({ customerId: customer.id, channel: 'email', text: 'Your survey' }, { idempotencyKey: 'run-1:survey' });
    const again = await h.kernel.messenger.send({ customerId: customer.id, channel: 'email', text: 'Your survey' }, { idempotencyKey: 'run-1:survey' });
    expect(fixture().sent.map((s) => s.idempotencyKey)).toEqual(['run-1:survey', 'run-1:survey']);
    expect(fixture().deliveries()).toBe(1);
    expect(again.result.externalId).toBe(once.result.externalId);
    expect(again.interaction).toEqual(once.interaction);
    expect(await h.kernel.interactions.list(customer.id)).toHaveLength(1);
    expect(recorded).toHaveLength(1);

    // Without a key of the caller's, each send gets a fresh one.
    await send(customer, 'email', 'One');
    await send(customer, 'email', 'One');
    const [a, b] = fixture().sent.slice(2).map((s) => s.idempotencyKey);
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
    expect(await h.kernel.interactions.list(customer.id)).toHaveLength(3);
  });

  it('fails with DELIVERY_FAILED when the provider cannot deliver, and records nothing', async () => {
    await setUp();
    const customer = await ada();
    const conversationsBefore = await h.count('conversations');
    await expect(send(customer, 'email', 'Please FAIL')).rejects.toMatchObject({
      code: 'DELIVERY_FAILED',
      message: expect.stringContaining('the fixture provider is down'),
    });
    await expect(send(customer, 'email', 'NO-ID please')).rejects.toMatchObject({ code: 'DELIVERY_FAILED', message: expect.stringContaining('no externalId') });
    expect(fixture().sent).toHaveLength(2);
    expect(await h.count('interactions')).toBe(0);
    expect(await h.count('conversations')).toBe(conversationsBefore);
    expect(recorded).toEqual([]);
  });

  it('refuses bad requests with NOT_FOUND and BAD_USER_INPUT before delivering anything', async () => {
    await setUp();
    const customer = await ada();
    const other = await h.kernel.customers.create({ emails: ['bob@example.com'] });
    const othersConversation = (await inbound(other, 'chat', 'bob-1')).conversationId!;
    const attempts: [Record<string, unknown>, string, RegExp][] = [
      [{ customerId: 'no-such-customer', channel: 'email', text: 'Hi' }, 'NOT_FOUND', /no-such-customer/],
      [{ customerId: customer.id, channel: 'email', text: 'Hi', conversationId: 'no-such-conversation' }, 'NOT_FOUND', /no-such-conversation/],
      [{ customerId: customer.id, channel: 'email', text: 'Hi', conversationId: othersConversation }, 'BAD_USER_INPUT', /another customer/],
      [{ customerId: customer.id, channel: 'email', text: '' }, 'BAD_USER_INPUT', /text/],
      [{ customerId: customer.id, channel: 'email', text: '   ' }, 'BAD_USER_INPUT', /text/],
      [{ customerId: customer.id, channel: ' ', text: 'Hi' }, 'BAD_USER_INPUT', /channel/],
      [{ customerId: customer.id, channel: 'fax', text: 'Hi' }, 'NOT_FOUND', /fax/],
    ];
    for (const [request, code, message] of attempts) {
      await expect(h.kernel.messenger.send(request as never), JSON.stringify(request)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    }
    // Never even activated to deliver.
    expect(h.kernel.host.status(CHANNELS).state).toBe('INSTALLED');
    expect(await h.kernel.interactions.list(customer.id)).toEqual([]);
  });

  it('takes a plugin\'s ctx.channels.send through the same path: addressed, threaded and recorded', async () => {
    await setUp();
    const customer = await ada();
    const first = await inbound(customer, 'email', 'in-1');
    await h.kernel.host.activate(CHANNELS);
    await clock.advance('PT1M');
    const result = await fixture().send('email', { customerId: customer.id, text: 'From the plugin' }, { idempotencyKey: 'plugin-1' });
    expect(lastSent()).toMatchObject({
      idempotencyKey: 'plugin-1',
      message: { to: 'ada@example.com', toName: 'Ada Lovelace', conversationId: first.conversationId, references: ['in-1'] },
    });
    const timeline = await h.kernel.interactions.list(customer.id);
    expect(timeline.map((i) => [i.direction, i.externalId, i.conversationId])).toEqual([
      ['INBOUND', 'in-1', first.conversationId],
      ['OUTBOUND', result.externalId, first.conversationId],
    ]);
  });
});
