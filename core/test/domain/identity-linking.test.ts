import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '@rapport/sdk';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

describe.each(TEST_DATABASES)('identity linking: more identities than the sender\'s, on %s', (kind) => {
  let h: KernelHarness;
  afterEach(() => h?.close());

  const receive = async (channel: string, message: Partial<InboundMessage>) =>
    (
      await h.kernel.inbound.receive(channel, {
        method: 'POST',
        url: `/channels/${channel}/inbound`,
        publicUrl: `http://localhost/channels/${channel}/inbound`,
        headers: { 'content-type': 'application/json' },
        body: new TextEncoder().encode(JSON.stringify({ messages: [{ text: 'Hello', metadata: {}, ...message }] })),
        contentType: 'application/json',
      })
    ).interactions[0]!;

  it('joins a new email address to the customer first seen by the phone number in its signature, in the same conversation', async () => {
    h = await createKernelHarness(kind, ['outbound-channels-js']);
    const sms = await receive('sms', { externalId: 'sms-1', from: { phone: '+44 20 7946 0958' }, text: 'Is my order on its way?' });
    // Later an email from an address nobody has, whose signature gives the same number written another way.
    const email = await receive('email', { externalId: 'mail-1', from: { email: 'Ada@Example.com', phone: '+44 (0)20 7946-0958', name: 'Ada' } });
    expect(email.customerId).toBe(sms.customerId);
    expect(email.conversationId).toBe(sms.conversationId);
    expect(await h.count('customers')).toBe(1);
    const customer = await h.kernel.customers.get(sms.customerId);
    expect(customer).toMatchObject({ emails: ['ada@example.com'], phones: ['+442079460958'] });
  });

  it('adds an identity nobody has to a known sender, and never takes one from another customer', async () => {
    h = await createKernelHarness(kind, ['outbound-channels-js']);
    const ada = await h.kernel.customers.create({ emails: ['ada@example.com'] });
    const bob = await h.kernel.customers.create({ emails: ['bob@example.com'], phones: ['+33612345678'] });
    await receive('email', { externalId: 'mail-1', from: { email: 'ada@example.com', phone: '+44 20 7946 0958' } });
    expect((await h.kernel.customers.get(ada.id))!.phones).toEqual(['+442079460958']);
    // Ada's next signature gives Bob's number: nothing moves, nobody is merged.
    const next = await receive('email', { externalId: 'mail-2', from: { email: 'ada@example.com', phone: '+33 6 12 34 56 78' } });
    expect(next.customerId).toBe(ada.id);
    expect((await h.kernel.customers.get(ada.id))!.phones).toEqual(['+442079460958']);
    expect((await h.kernel.customers.get(bob.id))!.phones).toEqual(['+33612345678']);
    // A number that is no number is ignored, not an error.
    const third = await receive('email', { externalId: 'mail-3', from: { email: 'carol@example.com', phone: '12' } });
    expect((await h.kernel.customers.get(third.customerId))!.phones).toEqual([]);
  });
});
