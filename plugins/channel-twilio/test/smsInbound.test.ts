import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_TWIML } from '../src/twiml.js';
import { startFakeTwilio, type FakeTwilio } from './support/fakeTwilio.js';
import { AUTH_TOKEN, interactionsOn, postToWebhook, PUBLIC_URL, settingsFor, sign, twilioHost } from './support/twilioHost.js';

const SMS = {
  MessageSid: 'SM11111111111111111111111111111111',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+31612345678',
  To: '+14155550100',
  Body: 'Is my order on its way?',
  NumMedia: '0',
  SmsStatus: 'received',
};

describe('POST /channels/sms/inbound: incoming SMS and MMS', () => {
  let twilio: FakeTwilio;
  let host: TestHost;
  beforeEach(async () => {
    twilio = await startFakeTwilio('AC0123456789abcdef0123456789abcdef', AUTH_TOKEN);
    host = await twilioHost(twilio);
  });
  afterEach(async () => {
    await host.stop();
    await twilio.close();
  });

  it('records a signed SMS as an inbound message and answers with empty TwiML', async () => {
    const answer = await postToWebhook(host, 'sms', SMS);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/xml/);
    expect(answer.body).toBe(EMPTY_TWIML);
    const [message] = await interactionsOn(host, 'sms');
    expect(message).toMatchObject({ channel: 'sms', direction: 'INBOUND', type: 'message', externalId: SMS.MessageSid, text: 'Is my order on its way?', metadata: { to: '+14155550100' } });
    const customer = await host.customers.get(message!.customerId);
    expect(customer?.phones).toEqual(['+31612345678']);
  });

  it('keeps MMS media as links it never fetches, and gives a media-only message a readable text', async () => {
    const answer = await postToWebhook(host, 'sms', {
      ...SMS,
      Body: '',
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM1/Media/ME1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM1/Media/ME2',
      MediaContentType1: 'image/png',
    });
    expect(answer.status).toBe(200);
    const [message] = await interactionsOn(host, 'sms');
    expect(message!.text).toBe('[2 images]');
    expect(message!.metadata.attachments).toEqual([
      { url: expect.stringMatching(/\/Media\/ME1$/), contentType: 'image/jpeg' },
      { url: expect.stringMatching(/\/Media\/ME2$/), contentType: 'image/png' },
    ]);
    // Nothing was fetched: the fake Twilio (and the media host) saw no request.
    expect(twilio.requests).toEqual([]);
  });

  it('records a MessageSid delivered twice once', async () => {
    await postToWebhook(host, 'sms', SMS);
    const again = await postToWebhook(host, 'sms', SMS);
    expect(again.status).toBe(200);
    expect(again.body).toBe(EMPTY_TWIML);
    expect(await interactionsOn(host, 'sms')).toHaveLength(1);
  });

  it('refuses a bad signature with 403 and records nothing', async () => {
    const wrongToken = await postToWebhook(host, 'sms', SMS, { authToken: 'someone-elses-token' });
    const tampered = await postToWebhook(host, 'sms', { ...SMS, Body: 'Refund me twice' }, { signature: sign(`${PUBLIC_URL}/channels/sms/inbound`, SMS) });
    const otherUrl = await postToWebhook(host, 'sms', SMS, { signedUrl: 'https://attacker.example/channels/sms/inbound' });
    for (const answer of [wrongToken, tampered, otherUrl]) {
      expect(answer.status).toBe(403);
      expect(answer.body).toMatch(/X-Twilio-Signature .* missing or does not match/);
      expect(answer.interactions).toEqual([]);
    }
    expect(await interactionsOn(host, 'sms')).toEqual([]);
    expect(await host.customers.find({})).toEqual([]);
  });

  it('refuses a missing signature with 403 and records nothing', async () => {
    const answer = await postToWebhook(host, 'sms', SMS, { signature: null });
    expect(answer.status).toBe(403);
    expect(await interactionsOn(host, 'sms')).toEqual([]);
  });

  it('accepts the URL signed with the default port, or without the port our URL has', async () => {
    const withPort = await postToWebhook(host, 'sms', SMS, { signedUrl: 'https://crm.example.test:443/channels/sms/inbound' });
    expect(withPort.status).toBe(200);
    await host.stop();
    host = await twilioHost(twilio, settingsFor(twilio, { publicUrl: 'https://crm.example.test:8443' }));
    const withoutPort = await postToWebhook(host, 'sms', { ...SMS, MessageSid: 'SM22222222222222222222222222222222' }, { signedUrl: 'https://crm.example.test/channels/sms/inbound' });
    expect(withoutPort.status).toBe(200);
    const asIs = await postToWebhook(host, 'sms', { ...SMS, MessageSid: 'SM33333333333333333333333333333333' }, { signedUrl: 'https://crm.example.test:8443/channels/sms/inbound' });
    expect(asIs.status).toBe(200);
    expect(await interactionsOn(host, 'sms')).toHaveLength(2);
  });

  it('signs over publicUrl and the query string Twilio was given, not the host the server saw', async () => {
    const answer = await postToWebhook(host, 'sms', SMS, { url: '/channels/sms/inbound?tenant=acme', signedUrl: `${PUBLIC_URL}/channels/sms/inbound?tenant=acme` });
    expect(answer.status).toBe(200);
    const unsignedQuery = await postToWebhook(host, 'sms', { ...SMS, MessageSid: 'SM44444444444444444444444444444444' }, { url: '/channels/sms/inbound?tenant=other', signedUrl: `${PUBLIC_URL}/channels/sms/inbound?tenant=acme` });
    expect(unsignedQuery.status).toBe(403);
  });

  it('answers 400 to a signed request that is neither a message nor a status callback, and stores nothing', async () => {
    const noSid = await postToWebhook(host, 'sms', { From: '+31612345678', Body: 'hello' });
    expect(noSid.status).toBe(400);
    expect(JSON.parse(noSid.body)).toMatchObject({ code: 'BAD_USER_INPUT', error: expect.stringMatching(/no MessageSid/) });
    const unknownStatus = await postToWebhook(host, 'sms', { MessageSid: SMS.MessageSid, MessageStatus: 'teleported' });
    expect(unknownStatus.status).toBe(400);
    expect(JSON.parse(unknownStatus.body).error).toMatch(/MessageStatus "teleported"/);
    const noSender = await postToWebhook(host, 'sms', { MessageSid: SMS.MessageSid, Body: 'who am I' });
    expect(noSender.status).toBe(400);
    expect(await interactionsOn(host, 'sms')).toEqual([]);
    expect(await host.customers.find({})).toEqual([]);
  });
});
