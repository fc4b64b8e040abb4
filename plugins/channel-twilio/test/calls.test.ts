import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_TWIML } from '../src/twiml.js';
import { startFakeTwilio, type FakeTwilio } from './support/fakeTwilio.js';
import { ACCOUNT_SID, AUTH_TOKEN, interactionsOn, postToWebhook, twilioHost } from './support/twilioHost.js';

const CALL_SID = 'CA11111111111111111111111111111111';
const CUSTOMER = '+31612345678';
const OUR_NUMBER = '+14155550100';
const RECORDING_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/RE11111111111111111111111111111111`;

const ringing = { CallSid: CALL_SID, AccountSid: ACCOUNT_SID, CallStatus: 'ringing', Direction: 'inbound', From: CUSTOMER, To: OUR_NUMBER, SequenceNumber: '0' };
const completed = { ...ringing, CallStatus: 'completed', CallDuration: '73', SequenceNumber: '2' };
const recording = { CallSid: CALL_SID, AccountSid: ACCOUNT_SID, RecordingSid: 'RE11111111111111111111111111111111', RecordingUrl: RECORDING_URL, RecordingStatus: 'completed', RecordingDuration: '70' };
const transcription = { CallSid: CALL_SID, AccountSid: ACCOUNT_SID, TranscriptionSid: 'TR1', TranscriptionStatus: 'completed', TranscriptionText: 'Hi, my blender broke, please call me back.' };

/** The one call record every order must end in. */
const FINAL = {
  channel: 'phone',
  direction: 'INBOUND',
  type: 'call',
  externalId: CALL_SID,
  text: transcription.TranscriptionText,
  metadata: { status: 'completed', durationSec: 73, recordingUrl: RECORDING_URL, direction: 'inbound' },
};

describe('POST /channels/phone/inbound: one call record from every callback, in any order', () => {
  let twilio: FakeTwilio;
  let host: TestHost;
  beforeEach(async () => {
    twilio = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
    twilio.addCall(CALL_SID, { from: CUSTOMER, to: OUR_NUMBER, direction: 'inbound', status: 'completed', duration: '73' });
    host = await twilioHost(twilio);
  });
  afterEach(async () => {
    await host.stop();
    await twilio.close();
  });

  async function deliver(...callbacks: Record<string, string>[]) {
    for (const callback of callbacks) {
      const answer = await postToWebhook(host, 'phone', callback);
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(EMPTY_TWIML);
    }
    return interactionsOn(host, 'phone');
  }

  it('status first: ringing, completed, recording, transcription', async () => {
    const calls = await deliver(ringing, completed, recording, transcription);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject(FINAL);
    expect((await host.customers.get(calls[0]!.customerId))?.phones).toEqual([CUSTOMER]);
    // Every callback said who called: Twilio's API was not needed.
    expect(twilio.requests).toEqual([]);
  });

  it('recording first: the caller is looked up at Twilio, once', async () => {
    const calls = await deliver(recording, transcription, completed, ringing);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject(FINAL);
    expect((await host.customers.get(calls[0]!.customerId))?.phones).toEqual([CUSTOMER]);
    const lookups = twilio.requests.filter((request) => request.method === 'GET');
    // Once: the later callbacks of the call are matched to what the first one learned.
    expect(lookups.map((request) => request.path)).toEqual([`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}.json`]);
    expect(lookups[0]!.basicAuth).toBe(`${ACCOUNT_SID}:${AUTH_TOKEN}`);
  });

  it('transcription first, then a late "ringing" that must not move the status back', async () => {
    const calls = await deliver(transcription, recording, completed, ringing, { ...ringing, CallStatus: 'in-progress' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject(FINAL);
  });

  it('a callback delivered twice changes nothing', async () => {
    const calls = await deliver(completed, recording, recording, completed, transcription, transcription);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject(FINAL);
  });

  it('the customer of an outbound call is the number called', async () => {
    const outbound = { ...completed, CallSid: 'CA22222222222222222222222222222222', Direction: 'outbound-api', From: OUR_NUMBER, To: '+442071234567' };
    const [call] = await deliver(outbound);
    expect(call!.metadata).toMatchObject({ direction: 'outbound-api', status: 'completed' });
    expect((await host.customers.get(call!.customerId))?.phones).toEqual(['+442071234567']);
  });

  it('a missed call records its status and publishes phone.call_missed once, even when delivered twice', async () => {
    const missed = { ...ringing, CallSid: 'CA33333333333333333333333333333333', CallStatus: 'no-answer' };
    const calls = await deliver({ ...missed, CallStatus: 'ringing' }, missed, missed);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.metadata.status).toBe('no-answer');
    const events = host.events('phone.call_missed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ callSid: missed.CallSid, status: 'no-answer', from: CUSTOMER, interactionId: calls[0]!.id, customerId: calls[0]!.customerId, channel: 'phone' });
  });

  it('a busy call whose first callback is the missed one publishes once as well', async () => {
    const busy = { ...ringing, CallSid: 'CA44444444444444444444444444444444', CallStatus: 'busy' };
    await deliver(busy, busy, { ...busy, CallStatus: 'ringing' });
    expect(host.events('phone.call_missed')).toHaveLength(1);
    expect((await interactionsOn(host, 'phone'))[0]!.metadata.status).toBe('busy');
  });

  it('answers 400 to a signed callback it cannot read, and stores nothing', async () => {
    const noSid = await postToWebhook(host, 'phone', { CallStatus: 'completed', From: CUSTOMER });
    const unknownStatus = await postToWebhook(host, 'phone', { ...ringing, CallStatus: 'exploded' });
    const nothing = await postToWebhook(host, 'phone', { CallSid: CALL_SID, AccountSid: ACCOUNT_SID });
    for (const answer of [noSid, unknownStatus, nothing]) expect(answer.status).toBe(400);
    expect(JSON.parse(unknownStatus.body).error).toMatch(/CallStatus "exploded"/);
    expect(await interactionsOn(host, 'phone')).toEqual([]);
  });

  it('fails a recording callback for a call Twilio does not know, storing nothing, so Twilio can deliver it again', async () => {
    const answer = await postToWebhook(host, 'phone', { ...recording, CallSid: 'CA99999999999999999999999999999999' });
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(await interactionsOn(host, 'phone')).toEqual([]);
  });

  it('refuses an unsigned call callback with 403', async () => {
    const answer = await postToWebhook(host, 'phone', completed, { signature: null });
    expect(answer.status).toBe(403);
    expect(await interactionsOn(host, 'phone')).toEqual([]);
  });
});
