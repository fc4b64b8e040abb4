import { afterEach, describe, expect, it } from 'vitest';
import { createDomainHarness, type DomainHarness } from '../support/domainHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

describe.each(TEST_DATABASES)('concurrent ingest on %s', (kind) => {
  let h: DomainHarness;
  afterEach(() => h.close());

  it('gives ten simultaneous first messages of a new customer one customer and one conversation', async () => {
    h = await createDomainHarness(kind);
    const recorded = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.interactions.record({ email: 'new@example.com', channel: 'email', direction: 'INBOUND', type: 'message', externalId: `m-${i}` }),
      ),
    );
    expect(await h.count('customers')).toBe(1);
    expect(await h.count('conversations')).toBe(1);
    expect(await h.count('interactions')).toBe(10);
    expect(new Set(recorded.map((i) => i.conversationId)).size).toBe(1);
    expect(h.events.filter((e) => e.eventType === 'customer.created')).toHaveLength(1);
    expect(h.events.filter((e) => e.eventType === 'conversation.opened')).toHaveLength(1);
  });

  it('opens one conversation for simultaneous messages of a known customer', async () => {
    h = await createDomainHarness(kind);
    const ada = await h.customers.create({ emails: ['ada@example.com'] });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.interactions.record({ customerId: ada.id, channel: 'sms', direction: 'INBOUND', type: 'message', externalId: `s-${i}` })),
    );
    expect(await h.count('conversations')).toBe(1);
  });

  it('keeps every channel of simultaneous messages joining one conversation', async () => {
    h = await createDomainHarness(kind);
    const first = await h.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message' });
    const channels = ['sms', 'chat', 'phone', 'twitter', 'whatsapp'];
    await Promise.all(channels.map((channel) => h.interactions.record({ customerId: first.customerId, channel, direction: 'INBOUND', type: 'message' })));
    const conversation = await h.conversations.get(first.conversationId!);
    expect(new Set(conversation!.channels)).toEqual(new Set(['email', ...channels]));
    expect(await h.count('conversations')).toBe(1);
  });
});
