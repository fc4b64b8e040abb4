import { afterEach, describe, expect, it } from 'vitest';
import { createDomainHarness, DAY, type DomainHarness } from '../support/domainHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const at = (iso: string) => new Date(iso);

describe.each(TEST_DATABASES)('interactions and conversations on %s', (kind) => {
  let h: DomainHarness;
  afterEach(() => h.close());

  it('creates the customer of an unknown identity, opens a conversation, and publishes in order', async () => {
    h = await createDomainHarness(kind);
    const first = await h.interactions.record({ email: 'Ada@Example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'Hello' });
    const [customer] = await h.customers.find({ email: 'ada@example.com' });
    expect(first).toMatchObject({ customerId: customer!.id, channel: 'email', direction: 'INBOUND', text: 'Hello', metadata: {} });
    expect(first.conversationId).toEqual(expect.any(String));
    expect(first.occurredAt).toEqual(h.clock.now());
    expect(h.events.map((e) => e.eventType)).toEqual(['customer.created', 'conversation.opened', 'interaction.recorded']);
    expect(h.events[2]).toMatchObject({
      interactionId: first.id,
      customerId: customer!.id,
      conversationId: first.conversationId,
      channel: 'email',
      type: 'message',
      direction: 'INBOUND',
    });
    const again = await h.interactions.record({ phone: '+33612345678', channel: 'sms', direction: 'INBOUND', type: 'message' });
    expect(again.customerId).not.toBe(customer!.id);
  });

  it('is idempotent on (channel, externalId), even under concurrent requests', async () => {
    h = await createDomainHarness(kind);
    const input = { email: 'ada@example.com', channel: 'email', direction: 'INBOUND' as const, type: 'message', externalId: '<m1@mail>' };
    const first = await h.interactions.record(input);
    h.events.length = 0;
    expect((await h.interactions.record({ ...input, text: 'changed' })).id).toBe(first.id);
    expect(h.events).toEqual([]);
    const racing = await Promise.all(Array.from({ length: 5 }, () => h.interactions.record({ ...input, externalId: '<m2@mail>' })));
    expect(new Set(racing.map((i) => i.id)).size).toBe(1);
    expect(await h.count('interactions')).toBe(2);
    // The same external id on another channel is another interaction.
    await h.interactions.record({ ...input, channel: 'chat' });
    expect(await h.count('interactions')).toBe(3);
  });

  it('lists a customer\'s interactions ordered by occurredAt, whatever the recording order', async () => {
    h = await createDomainHarness(kind);
    const base = { email: 'ada@example.com', channel: 'email', direction: 'INBOUND' as const };
    await h.interactions.record({ ...base, type: 'message', occurredAt: '2026-03-02T10:00:00Z', text: 'second' });
    await h.interactions.record({ ...base, type: 'purchase', occurredAt: '2026-03-01T10:00:00Z', metadata: { amount: 42.5, currency: 'EUR' } });
    await h.interactions.record({ ...base, type: 'message', occurredAt: '2026-03-03T10:00:00Z', text: 'third' });
    const [customer] = await h.customers.find({ email: 'ada@example.com' });
    const all = await h.interactions.list(customer!.id);
    expect(all.map((i) => i.occurredAt.toISOString())).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z']);
    expect(all[0]!.metadata).toEqual({ amount: 42.5, currency: 'EUR' });
    expect((await h.interactions.list(customer!.id, { type: 'message', newestFirst: true, limit: 1 })).map((i) => i.text)).toEqual(['third']);
    await h.interactions.record({ ...base, channel: 'sms', direction: 'OUTBOUND', type: 'message', occurredAt: '2026-03-04T10:00:00Z', text: 'reply' });
    const texts = async (options: Parameters<typeof h.interactions.list>[1]) => (await h.interactions.list(customer!.id, options)).map((i) => i.text);
    expect(await texts({ channel: 'sms' })).toEqual(['reply']);
    expect(await texts({ direction: 'INBOUND', type: 'message' })).toEqual(['second', 'third']);
    expect(await texts({ since: new Date('2026-03-02T10:00:00Z') })).toEqual(['second', 'third', 'reply']);
    await expect(h.interactions.list(customer!.id, { limit: 2.5 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    const reply = (await h.interactions.list(customer!.id, { channel: 'sms' }))[0]!;
    expect(await h.interactions.get(reply.id)).toEqual(reply);
    expect(await h.interactions.get('no-such-id')).toBeUndefined();
  });

  it('carries a conversation across channels, measures the first response, and resolves it', async () => {
    h = await createDomainHarness(kind);
    const email = await h.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', occurredAt: at('2026-03-02T09:00:00Z') });
    const customerId = email.customerId;
    const sms = await h.interactions.record({ customerId, channel: 'sms', direction: 'INBOUND', type: 'message', occurredAt: at('2026-03-02T12:00:00Z') });
    expect(sms.conversationId).toBe(email.conversationId);
    const reply = await h.interactions.record({ customerId, channel: 'chat', direction: 'OUTBOUND', type: 'message', occurredAt: at('2026-03-02T12:30:00Z') });
    expect(reply.conversationId).toBe(email.conversationId);
    await h.interactions.record({ customerId, channel: 'email', direction: 'OUTBOUND', type: 'message', occurredAt: at('2026-03-02T13:00:00Z') });

    let conversation = (await h.conversations.get(email.conversationId!))!;
    expect(conversation).toMatchObject({
      status: 'OPEN',
      channels: ['email', 'sms', 'chat'],
      openedChannel: 'email',
      firstResponseAt: at('2026-03-02T12:30:00Z'),
      firstResponseTimeMs: 3.5 * 3_600_000,
      resolvedAt: null,
    });

    await h.clock.set('2026-03-03T09:00:00Z');
    conversation = await h.conversations.resolve(email.conversationId!);
    expect(conversation).toMatchObject({ status: 'RESOLVED', resolvedAt: at('2026-03-03T09:00:00Z'), resolutionTimeMs: DAY });
    expect(h.events.filter((e) => e.eventType === 'conversation.resolved')).toMatchObject([{ conversationId: email.conversationId, customerId }]);
    await h.conversations.resolve(email.conversationId!);
    expect(h.events.filter((e) => e.eventType === 'conversation.resolved')).toHaveLength(1);

    const after = await h.interactions.record({ customerId, channel: 'sms', direction: 'INBOUND', type: 'message', occurredAt: at('2026-03-03T10:00:00Z') });
    expect(after.conversationId).not.toBe(email.conversationId);
  });

  it('opens a new conversation after the window, and routes by thread key', async () => {
    h = await createDomainHarness(kind, { conversationWindowMs: DAY });
    const first = await h.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', occurredAt: at('2026-03-01T09:00:00Z') });
    const customerId = first.customerId;
    const late = await h.interactions.record({ customerId, channel: 'email', direction: 'INBOUND', type: 'message', occurredAt: at('2026-03-02T09:00:01Z') });
    expect(late.conversationId).not.toBe(first.conversationId);
    const threadA = await h.interactions.record({ customerId, channel: 'email', direction: 'INBOUND', type: 'message', threadKey: 'order-17', occurredAt: at('2026-03-02T10:00:00Z') });
    expect(threadA.conversationId).not.toBe(late.conversationId);
    const threadAgain = await h.interactions.record({ customerId, channel: 'chat', direction: 'INBOUND', type: 'message', threadKey: 'order-17', occurredAt: at('2026-03-05T10:00:00Z') });
    expect(threadAgain.conversationId).toBe(threadA.conversationId);
    const note = await h.interactions.record({ customerId, channel: 'crm', direction: 'INTERNAL', type: 'note', text: 'VIP', occurredAt: at('2026-03-20T10:00:00Z') });
    expect(note.conversationId).toBeNull();
    // An outbound message before the customer wrote is not a response.
    const proactive = await h.interactions.record({ email: 'grace@example.com', channel: 'email', direction: 'OUTBOUND', type: 'message' });
    expect((await h.conversations.get(proactive.conversationId!))!.firstResponseAt).toBeNull();
  });

  it('writes nothing of a batch when one input is bad, and says what was wrong', async () => {
    h = await createDomainHarness(kind);
    await expect(
      h.interactions.recordMany([
        { email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message' },
        { customerId: 'missing', channel: 'email', direction: 'INBOUND', type: 'message' },
      ]),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No customer with id "missing".' });
    expect(await h.count('customers')).toBe(0);
    expect(await h.count('interactions')).toBe(0);
    expect(await h.count('conversations')).toBe(0);
    expect(h.events).toEqual([]);

    const bad = { email: 'ada@example.com', direction: 'INBOUND' as const, type: 'message' };
    await expect(h.interactions.record({ ...bad, channel: '' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'channel is required, e.g. "email".' });
    await expect(h.interactions.record({ ...bad, channel: 'email', direction: 'SIDEWAYS' as never })).rejects.toThrow(
      'direction must be one of INBOUND, OUTBOUND, INTERNAL, got "SIDEWAYS".',
    );
    await expect(h.interactions.record({ channel: 'email', direction: 'INBOUND', type: 'message' })).rejects.toThrow(
      'Give customerId, or an identity of the customer: email, phone, or handle (on this channel).',
    );
    await expect(h.interactions.record({ ...bad, channel: 'email', occurredAt: 'yesterday' })).rejects.toThrow(
      'occurredAt must be an ISO-8601 date-time, got "yesterday".',
    );
  });
});
