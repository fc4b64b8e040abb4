import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invalidToNumber, startFakeTwilio, TOO_MANY_REQUESTS, UNAVAILABLE, type FakeTwilio } from './support/fakeTwilio.js';
import { ACCOUNT_SID, AUTH_TOKEN, FROM, interactionsOn, PUBLIC_URL, settingsFor, TWILIO, twilioHost } from './support/twilioHost.js';

const MESSAGING_SERVICE = `MG${'fedcba9876543210'.repeat(2)}`;

describe('sending SMS through Twilio (a real HTTP server plays Twilio)', () => {
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

  it("posts To, From, Body and the status callback with the account's credentials, and records the sid", async () => {
    const ada = await host.customers.create({ displayName: 'Ada', phones: ['+31 6 12345678'] });
    const result = await host.send('sms', { customerId: ada.id, text: 'Your parcel ships today.' });

    expect(twilio.created).toHaveLength(1);
    const [request] = twilio.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, basicAuth: `${ACCOUNT_SID}:${AUTH_TOKEN}` });
    expect(Object.fromEntries(request!.form)).toEqual({ To: '+31612345678', From: FROM, Body: 'Your parcel ships today.', StatusCallback: `${PUBLIC_URL}/channels/sms/inbound` });
    expect(result).toMatchObject({ externalId: twilio.created[0]!.sid, status: 'QUEUED' });
    const [sent] = await interactionsOn(host, 'sms');
    expect(sent).toMatchObject({ direction: 'OUTBOUND', type: 'message', externalId: twilio.created[0]!.sid, text: 'Your parcel ships today.' });
  });

  it('sends through the Messaging Service instead of a number when that is configured', async () => {
    await host.stop();
    host = await twilioHost(twilio, settingsFor(twilio, { from: undefined, messagingServiceSid: MESSAGING_SERVICE }));
    const ada = await host.customers.create({ phones: ['+31612345678'] });
    await host.send('sms', { customerId: ada.id, text: 'Hello' });
    const form = twilio.created[0]!.form;
    expect(form.get('MessagingServiceSid')).toBe(MESSAGING_SERVICE);
    expect(form.has('From')).toBe(false);
  });

  it('retries a 503 and sends exactly once', async () => {
    const ada = await host.customers.create({ phones: ['+31612345678'] });
    twilio.script(UNAVAILABLE);
    const result = await host.send('sms', { customerId: ada.id, text: 'Hello' }, { idempotencyKey: 'k-503' });
    expect(twilio.requests.filter((request) => request.path.endsWith('/Messages.json'))).toHaveLength(2);
    expect(twilio.created.map((message) => message.sid)).toEqual([result.externalId]);
    expect((await interactionsOn(host, 'sms')).filter((interaction) => interaction.direction === 'OUTBOUND')).toHaveLength(1);
  });

  it('does not call Twilio again for a retry with the same idempotency key', async () => {
    const ada = await host.customers.create({ phones: ['+31612345678'] });
    const first = await host.send('sms', { customerId: ada.id, text: 'Refund on its way' }, { idempotencyKey: 'refund-42' });
    const retry = await host.send('sms', { customerId: ada.id, text: 'Refund on its way' }, { idempotencyKey: 'refund-42' });
    expect(retry.externalId).toBe(first.externalId);
    expect(twilio.requests).toHaveLength(1);
    expect(await host.storage(TWILIO).get(`sent:${ada.id}:refund-42`)).toMatchObject({ externalId: first.externalId });
    expect(await interactionsOn(host, 'sms')).toHaveLength(1);
  });

  it('sends once when two sends with the same key run at the same time', async () => {
    const ada = await host.customers.create({ phones: ['+31612345678'] });
    const message = { customerId: ada.id, text: 'Only once' };
    const [one, two] = await Promise.all([host.send('sms', message, { idempotencyKey: 'race' }), host.send('sms', message, { idempotencyKey: 'race' })]);
    expect(two.externalId).toBe(one.externalId);
    expect(twilio.created).toHaveLength(1);
  });

  it("reports Twilio's 400 as DELIVERY_FAILED with providerCode 21211 through sendMessage, and records nothing", async () => {
    const created = await host.graphql<{ createCustomer: { id: string } }>('mutation { createCustomer(input: { phones: ["+15005550001"] }) { id } }');
    const customerId = created.data!.createCustomer.id;
    twilio.script(invalidToNumber('+15005550001'));
    const sent = await host.graphql('mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { customerId, channel: 'sms', text: 'Hello' } });
    expect(sent.errors).toHaveLength(1);
    const [error] = sent.errors!;
    expect(error!.extensions).toMatchObject({ code: 'DELIVERY_FAILED', providerCode: '21211' });
    expect(error!.message).toMatch(/The 'To' number \+15005550001 is not a valid phone number\..*Correct the customer's phone number/);
    expect(await interactionsOn(host, 'sms')).toEqual([]);
    expect(await host.storage(TWILIO).keys()).toEqual([]);
  });

  it('gives up after the configured attempts on 429, naming the status and Twilio’s code, and records nothing', async () => {
    const ada = await host.customers.create({ phones: ['+31612345678'] });
    twilio.script(TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, TOO_MANY_REQUESTS);
    const error = await host.send('sms', { customerId: ada.id, text: 'Hello' }, { idempotencyKey: 'busy' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', providerCode: '20429' });
    expect((error as Error).message).toMatch(/HTTP 429 .*all 3 attempts/);
    expect(twilio.requests).toHaveLength(3);
    expect(twilio.created).toHaveLength(0);
    expect(await interactionsOn(host, 'sms')).toEqual([]);
    // Nothing was sent, so nothing is remembered: the next retry of the key sends.
    await host.send('sms', { customerId: ada.id, text: 'Hello' }, { idempotencyKey: 'busy' });
    expect(twilio.created).toHaveLength(1);
  });

  it('refuses a customer without a phone number, saying so, and calls nobody', async () => {
    const mailOnly = await host.customers.create({ emails: ['ada@example.com'] });
    const error = await host.send('sms', { customerId: mailOnly.id, text: 'Hello' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((error as Error).message).toMatch(new RegExp(`Customer "${mailOnly.id}" has no phone number`));
    expect(twilio.requests).toEqual([]);
  });

  it('refuses to send on the phone channel, pointing at sms', async () => {
    const ada = await host.customers.create({ phones: ['+31612345678'] });
    const error = await host.send('phone', { customerId: ada.id, text: 'Hello' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', name: 'ValidationError' });
    expect((error as Error).message).toMatch(/does not place calls.*"sms" channel/);
    expect(twilio.requests).toEqual([]);
    expect(await interactionsOn(host, 'phone')).toEqual([]);
  });
});
