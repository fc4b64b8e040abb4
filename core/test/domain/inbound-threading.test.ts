import { afterEach, describe, expect, it } from 'vitest';
import type { Customer, DeliveredEvent, InboundMessage } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

/** Replies to earlier messages (`InboundMessage.references`) join their conversation. */
describe.each(TEST_DATABASES)('inbound threading by references on %s', (kind) => {
  let h: KernelHarness;
  let clock: FakeClock;
  let ada: Customer;
  let events: DeliveredEvent[];
  afterEach(() => h.close());

  async function setUp() {
    clock = new FakeClock('2026-03-02T09:00:00.000Z');
    // The default conversation window: three days.
    h = await createKernelHarness(kind, ['outbound-channels-js'], { clock });
    ada = await h.kernel.customers.create({ displayName: 'Ada', emails: ['ada@example.com'], handles: [{ channel: 'chat', handle: 'ada.chat' }] });
    events = [];
    for (const type of ['conversation.opened', 'interaction.recorded'] as const) h.kernel.events.subscribe(type, (event) => void events.push(event));
  }

  /** A webhook request to a channel of the fixture, carrying `messages`, through the core's inbound path. */
  const receive = async (channel: string, messages: Partial<InboundMessage>[]) =>
    (
      await h.kernel.inbound.receive(channel, {
        method: 'POST',
        url: `/channels/${channel}/inbound`,
        publicUrl: `http://localhost/channels/${channel}/inbound`,
        headers: { 'content-type': 'application/json' },
        body: new TextEncoder().encode(JSON.stringify({ messages })),
        contentType: 'application/json',
      })
    ).interactions;
  const email = (externalId: string, extra: Partial<InboundMessage> = {}): Partial<InboundMessage> => ({
    externalId,
    from: { email: 'ada@example.com', name: 'Ada' },
    subject: 'Order 17',
    text: `Message ${externalId}`,
    occurredAt: clock.now().toISOString(),
    metadata: {},
    ...extra,
  });
  const receiveOne = async (channel: string, message: Partial<InboundMessage>) => (await receive(channel, [message]))[0]!;
  const conversation = async (id: string | null) => (await h.kernel.conversations.get(id!))!;
  const openedEvents = () => events.filter((event) => event.eventType === 'conversation.opened');

  it('joins the conversation of the message replied to, though another open one is more recent and it is outside the window', async () => {
    await setUp();
    const first = await receiveOne('email', email('a-1'));
    await clock.advance('PT1H');
    const answer = await h.kernel.messenger.send({ customerId: ada.id, channel: 'email', text: 'It ships today.' });
    expect(answer.interaction.conversationId).toBe(first.conversationId);

    // Four days later (outside the three-day window) Ada writes on chat: a new conversation.
    await clock.advance('P4D');
    const chat = await receiveOne('chat', { ...email('c-1'), from: { handle: 'ada.chat' } });
    expect(chat.customerId).toBe(ada.id);
    expect(chat.conversationId).not.toBe(first.conversationId);
    expect((await conversation(first.conversationId)).status).toBe('OPEN');
    await clock.advance('PT1M');

    // Without references an email joins the recent chat conversation…
    const unrelated = await receiveOne('email', email('a-2', { subject: 'Another thing' }));
    expect(unrelated.conversationId).toBe(chat.conversationId);
    // …with them, the thread it answers.
    const opened = openedEvents().length;
    const reply = await receiveOne('email', email('a-3', { subject: 'Re: Order 17', references: ['a-1', answer.result.externalId] }));
    expect(reply).toMatchObject({ customerId: ada.id, conversationId: first.conversationId, type: 'message', direction: 'INBOUND' });
    expect(openedEvents()).toHaveLength(opened);
    const thread = await conversation(first.conversationId);
    expect(thread).toMatchObject({ status: 'OPEN', lastActivityAt: clock.now(), channels: ['email'] });
    expect((await h.kernel.interactions.list(ada.id)).filter((i) => i.conversationId === first.conversationId).map((i) => i.externalId)).toEqual([
      'a-1',
      answer.result.externalId,
      'a-3',
    ]);
  });

  it('follows the newest referenced interaction of the customer', async () => {
    await setUp();
    const first = await receiveOne('email', email('a-1'));
    await clock.advance('P4D');
    const second = await receiveOne('email', email('a-2'));
    await clock.advance('P4D');
    const chat = await receiveOne('chat', { ...email('c-1'), from: { handle: 'ada.chat' } });
    expect(new Set([first.conversationId, second.conversationId, chat.conversationId]).size).toBe(3);
    await clock.advance('PT1M');

    // a-2 is the newer of the two, wherever it stands in the list.
    const reply = await receiveOne('email', email('a-3', { references: ['a-2', 'a-1', 'unknown@example.com'] }));
    expect(reply.conversationId).toBe(second.conversationId);
  });

  it('opens a new conversation for a new message that replies into a resolved one, and leaves that one resolved', async () => {
    await setUp();
    const first = await receiveOne('email', email('a-1'));
    await clock.advance('PT1H');
    const answer = await h.kernel.messenger.send({ customerId: ada.id, channel: 'email', text: 'Done, closing this.' });
    await h.kernel.conversations.resolve(first.conversationId!);
    const resolved = await conversation(first.conversationId);
    await clock.advance('PT2H');

    const opened = openedEvents().length;
    const reply = await receiveOne('email', email('a-2', { references: ['a-1', answer.result.externalId] }));
    expect(reply.conversationId).not.toBe(first.conversationId);
    expect(await conversation(reply.conversationId)).toMatchObject({ customerId: ada.id, status: 'OPEN', openedAt: clock.now() });
    expect(openedEvents().slice(opened).map((event) => (event as unknown as { conversationId: string }).conversationId)).toEqual([reply.conversationId]);
    expect(await conversation(first.conversationId)).toEqual(resolved);
  });

  it('adds a survey answer that replies into a resolved conversation to it, without reopening it', async () => {
    await setUp();
    const first = await receiveOne('email', email('a-1'));
    await h.kernel.conversations.resolve(first.conversationId!);
    await clock.advance('P1D');
    const survey = await h.kernel.messenger.send({ customerId: ada.id, channel: 'email', text: 'How did we do?', conversationId: first.conversationId! });
    await clock.advance('PT3H');

    const opened = openedEvents().length;
    const answer = await receiveOne('email', email('a-2', { type: 'survey_response', text: '4', metadata: { csat: 4 }, references: [survey.result.externalId] }));
    expect(answer).toMatchObject({ conversationId: first.conversationId, type: 'survey_response', metadata: { csat: 4 } });
    expect(openedEvents()).toHaveLength(opened);
    expect(await conversation(first.conversationId)).toMatchObject({ status: 'RESOLVED', resolvedAt: new Date('2026-03-02T09:00:00.000Z'), lastActivityAt: clock.now() });
    expect(events.at(-1)).toMatchObject({ eventType: 'interaction.recorded', interactionId: answer.id, conversationId: first.conversationId, type: 'survey_response' });
  });

  it('ignores references to another customer\'s messages', async () => {
    await setUp();
    const bobs = await receiveOne('email', { ...email('b-1'), from: { email: 'bob@example.com' } });
    expect(bobs.customerId).not.toBe(ada.id);
    await clock.advance('PT1M');

    const reply = await receiveOne('email', email('a-1', { references: ['b-1'] }));
    expect(reply.customerId).toBe(ada.id);
    expect(reply.conversationId).not.toBe(bobs.conversationId);
    expect(await conversation(reply.conversationId)).toMatchObject({ customerId: ada.id, status: 'OPEN' });
    expect((await h.kernel.interactions.list(bobs.customerId)).map((i) => i.externalId)).toEqual(['b-1']);
  });

  it('ignores references to interactions on another channel', async () => {
    await setUp();
    const chat = await receiveOne('chat', { ...email('shared-1'), from: { handle: 'ada.chat' } });
    await clock.advance('P4D');
    const reply = await receiveOne('email', email('a-1', { references: ['shared-1'] }));
    expect(reply.conversationId).not.toBe(chat.conversationId);
  });

  it('lets an explicit conversation win over references (recording directly)', async () => {
    await setUp();
    const first = await receiveOne('email', email('a-1'));
    await clock.advance('P4D');
    const second = await receiveOne('email', email('a-2'));
    expect(second.conversationId).not.toBe(first.conversationId);
    await clock.advance('PT1M');
    const direct = await h.kernel.interactions.record({
      customerId: ada.id,
      channel: 'email',
      direction: 'INBOUND',
      type: 'message',
      externalId: 'a-3',
      references: ['a-1'],
    });
    expect(direct.conversationId).toBe(first.conversationId);
    const explicit = await h.kernel.interactions.record({
      customerId: ada.id,
      channel: 'email',
      direction: 'INBOUND',
      type: 'message',
      externalId: 'a-4',
      references: ['a-1'],
      conversationId: second.conversationId!,
    });
    expect(explicit.conversationId).toBe(second.conversationId);
  });

  it('records InboundMessage.type as the interaction type, `message` by default', async () => {
    await setUp();
    const stored = await receive('email', [email('m-1'), email('m-2', { type: 'survey_response', metadata: { nps: 9 } }), email('m-3', { type: 'purchase', metadata: { amount: 42.5, currency: 'EUR' } })]);
    expect(stored.map((i) => [i.externalId, i.type, i.metadata])).toEqual([
      ['m-1', 'message', {}],
      ['m-2', 'survey_response', { nps: 9 }],
      ['m-3', 'purchase', { amount: 42.5, currency: 'EUR' }],
    ]);
    const listed = await h.kernel.interactions.list(ada.id);
    expect(listed.map((i) => [i.externalId, i.type]).sort()).toEqual([
      ['m-1', 'message'],
      ['m-2', 'survey_response'],
      ['m-3', 'purchase'],
    ]);

    // A plugin's invalid message is refused whole, and nothing of the request is stored.
    const count = await h.count('interactions');
    await expect(receive('email', [email('m-4'), email('m-5', { type: ' ' })])).rejects.toMatchObject({ code: 'NOT_AVAILABLE', message: expect.stringContaining('empty type') });
    await expect(receive('email', [email('m-6', { references: 'm-1' as never })])).rejects.toMatchObject({
      code: 'NOT_AVAILABLE',
      message: expect.stringContaining('references'),
    });
    expect(await h.count('interactions')).toBe(count);
  });
});
