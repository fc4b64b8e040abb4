import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from './support/fakeTwilio.js';
import { ACCOUNT_SID, AUTH_TOKEN, TWILIO, twilioHost } from './support/twilioHost.js';

describe('the send records in privacy requests', () => {
  let twilio: FakeTwilio;
  let host: TestHost;
  beforeEach(async () => {
    twilio = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
    host = await twilioHost(twilio);
  });
  afterEach(async () => {
    await host.stop();
    await twilio.close();
  });

  it("exports and erases the customer's records, and keeps the others'", async () => {
    const ada = await host.customers.create({ phones: ['+31612345678'] });
    const bob = await host.customers.create({ phones: ['+31687654321'] });
    const first = await host.send('sms', { customerId: ada.id, text: 'One' }, { idempotencyKey: 'ada-1' });
    const second = await host.send('sms', { customerId: ada.id, text: 'Two' }, { idempotencyKey: 'ada-2' });
    await host.send('sms', { customerId: bob.id, text: 'Three' }, { idempotencyKey: 'bob-1' });

    const exported = (await host.exportCustomer(ada.id)).plugins[TWILIO]!['sent-sms'] as { sent: { messageSid: string; sentAt: string }[] };
    expect(exported.sent.map((record) => record.messageSid).sort()).toEqual([first.externalId, second.externalId].sort());
    expect(exported.sent.every((record) => !Number.isNaN(Date.parse(record.sentAt)))).toBe(true);

    await host.eraseCustomer(ada.id);
    expect(await host.storage(TWILIO).keys()).toEqual([`sent:${bob.id}:bob-1`]);
  });
});
