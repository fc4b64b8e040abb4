import { pendingSurveyKey } from '@rapport/lib-survey-replies';
import { CSAT_QUESTION } from '@rapport/sdk';
import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from './support/fakeTwilio.js';
import { ACCOUNT_SID, AUTH_TOKEN, FROM, interactionsOn, postToWebhook, TWILIO, twilioHost } from './support/twilioHost.js';

const ADA = '+31612345678';

/** An incoming SMS from `from`, as Twilio posts it. */
function sms(sid: string, body: string, from = ADA): Record<string, string> {
  return { MessageSid: sid, AccountSid: ACCOUNT_SID, From: from, To: FROM, Body: body, NumMedia: '0', SmsStatus: 'received' };
}

describe('answers to a survey sent by SMS', () => {
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

  it("records the customer's next text with a number on the scale as a survey_response in the survey's conversation, once", async () => {
    const ada = await host.customers.create({ phones: [ADA] });
    const survey = await host.send('sms', { customerId: ada.id, text: 'How did we do? Reply 1 to 5.', metadata: { survey: CSAT_QUESTION } });

    expect((await postToWebhook(host, 'sms', sms('SM0000000000000000000000000000000a', 'Who is this?'))).status).toBe(200);
    expect((await postToWebhook(host, 'sms', sms('SM0000000000000000000000000000000b', '4, thanks'))).status).toBe(200);
    expect((await postToWebhook(host, 'sms', sms('SM0000000000000000000000000000000c', '5'))).status).toBe(200);

    const inbound = (await interactionsOn(host, 'sms')).filter((interaction) => interaction.direction === 'INBOUND');
    const sent = (await interactionsOn(host, 'sms')).find((interaction) => interaction.externalId === survey.externalId)!;
    expect(inbound.map((interaction) => [interaction.text, interaction.type])).toEqual([
      ['Who is this?', 'message'],
      ['4, thanks', 'survey_response'],
      ['5', 'message'],
    ]);
    const answer = inbound[1]!;
    expect(answer.metadata).toMatchObject({ csat: 4, survey: { metric: 'csat', min: 1, max: 5, messageId: survey.externalId } });
    expect(answer.conversationId).toBe(sent.conversationId);
  });

  it('reads nothing as an answer from another number, or when no survey was sent', async () => {
    const ada = await host.customers.create({ phones: [ADA] });
    await host.send('sms', { customerId: ada.id, text: 'Your parcel ships today.' });
    await host.send('sms', { customerId: (await host.customers.create({ phones: ['+31687654321'] })).id, text: 'How did we do?', metadata: { survey: CSAT_QUESTION } });
    await postToWebhook(host, 'sms', sms('SM0000000000000000000000000000000d', '5'));
    const [reply] = (await interactionsOn(host, 'sms')).filter((interaction) => interaction.direction === 'INBOUND');
    expect(reply).toMatchObject({ type: 'message', text: '5' });
  });

  it('exports and erases the question still waiting for an answer', async () => {
    const ada = await host.customers.create({ phones: [ADA] });
    const survey = await host.send('sms', { customerId: ada.id, text: 'How did we do?', metadata: { survey: CSAT_QUESTION } });
    const exported = (await host.exportCustomer(ada.id)).plugins[TWILIO]!['sent-sms'];
    expect(exported).toMatchObject({ pendingSurveys: [{ phone: ADA, messageSid: survey.externalId, question: CSAT_QUESTION, askedAt: expect.any(String) }] });
    await host.eraseCustomer(ada.id);
    expect(await host.storage(TWILIO).keys(pendingSurveyKey('sms', ''))).toEqual([]);
  });
});
