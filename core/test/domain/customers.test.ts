import { afterEach, describe, expect, it } from 'vitest';
import { createDomainHarness, type DomainHarness } from '../support/domainHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

describe.each(TEST_DATABASES)('customers on %s', (kind) => {
  let h: DomainHarness;
  afterEach(() => h.close());

  it('normalizes identities: emails to lower case, phones to E.164, handles per channel', async () => {
    h = await createDomainHarness(kind);
    const ada = await h.customers.create({
      displayName: '  Ada Lovelace ',
      emails: ['Ada@Example.COM', 'ada@example.com'],
      phones: ['+33 6 12-34-56-78'],
      handles: [{ channel: 'twitter', handle: '@ada' }],
      attributes: { industry: 'maths' },
    });
    expect(ada).toMatchObject({
      displayName: 'Ada Lovelace',
      emails: ['ada@example.com'],
      phones: ['+33612345678'],
      handles: [{ channel: 'twitter', handle: '@ada' }],
      attributes: { industry: 'maths' },
    });
    expect(await h.customers.get(ada.id)).toEqual(ada);
    expect(h.events.map((e) => e.eventType)).toEqual(['customer.created']);
  });

  it('finds customers by identity whatever its formatting, and by text', async () => {
    h = await createDomainHarness(kind);
    const ada = await h.customers.create({ displayName: 'Ada Lovelace', emails: ['ada@example.com'], phones: ['+33612345678'] });
    await h.customers.create({ displayName: 'Grace Hopper', emails: ['grace@navy.mil'] });
    expect((await h.customers.find({ email: 'ADA@example.com' })).map((c) => c.id)).toEqual([ada.id]);
    expect((await h.customers.find({ phone: '+33 (6) 12 34 56 78' })).map((c) => c.id)).toEqual([ada.id]);
    expect((await h.customers.find({ text: 'lovelace' })).map((c) => c.id)).toEqual([ada.id]);
    expect((await h.customers.find({ text: 'NAVY' })).map((c) => c.displayName)).toEqual(['Grace Hopper']);
    expect(await h.customers.find({ text: '100%_' })).toEqual([]);
  });

  it('refuses an identity that belongs to another customer, naming the owner', async () => {
    h = await createDomainHarness(kind);
    const ada = await h.customers.create({ emails: ['ada@example.com'] });
    await expect(h.customers.create({ emails: ['ADA@example.com'] })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `ada@example.com already belongs to customer "${ada.id}". One identity belongs to one customer; merge the customers instead.`,
    });
    const grace = await h.customers.create({ emails: ['grace@example.com'] });
    await expect(h.customers.update(grace.id, { emails: ['grace@example.com', 'ada@example.com'] })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.count('customer_identities')).toBe(2);
  });

  it('updates fields, replaces the identity lists it is given, and merges attributes', async () => {
    h = await createDomainHarness(kind);
    const ada = await h.customers.create({ displayName: 'Ada', emails: ['ada@example.com'], phones: ['+33612345678'], attributes: { a: 1, b: 2 } });
    await h.clock.advance(1000);
    const updated = await h.customers.update(ada.id, { emails: ['ada@lovelace.org'] });
    expect(updated).toMatchObject({ emails: ['ada@lovelace.org'], phones: ['+33612345678'], displayName: 'Ada' });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(ada.updatedAt.getTime());
    expect((await h.customers.setAttributes(ada.id, { b: null, c: 3 })).attributes).toEqual({ a: 1, c: 3 });
    expect(await h.customers.find({ email: 'ada@example.com' })).toEqual([]);
  });

  it('explains invalid input', async () => {
    h = await createDomainHarness(kind);
    await expect(h.customers.create({ emails: ['not-an-email'] })).rejects.toThrow('emails[0]: "not-an-email" is not an email address.');
    await expect(h.customers.create({ phones: ['12'] })).rejects.toThrow(
      'phones[0]: "12" is not a valid phone number. Give it in international format, e.g. "+33612345678".',
    );
    await expect(h.customers.update('nope', {})).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No customer with id "nope".' });
    expect(await h.count('customers')).toBe(0);
  });
});
