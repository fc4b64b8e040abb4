import { pendingSurveyKey } from '@rapport/lib-survey-replies';
import { CSAT_QUESTION } from '@rapport/sdk';
import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from './support/fakeGraph.js';
import { ACCESS_TOKEN, META, metaHost, PAGE_ID, PHONE_NUMBER_ID, postWebhook } from './support/host.js';
import { mMessage, messengerPayload, waText, whatsappPayload } from './support/payloads.js';

const ADA = '4915112345678';
const PSID = '24680135791';

/*
 * Pending surveys are timed on the system clock (as Meta times its 24 hours), so these hosts'
 * clocks start now and the messages are stamped a few seconds from now.
 */
const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe('answers to a survey sent on WhatsApp or Messenger', () => {
  let graph: FakeGraph;
  let host: TestHost;
  beforeEach(async () => {
    graph = await startFakeGraph({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, pageId: PAGE_ID });
    host = await metaHost(graph);
  });
  afterEach(async () => {
    await host.stop();
    await graph.close();
  });

  it("records the customer's next WhatsApp text with a number on the scale as a survey_response in the survey's conversation", async () => {
    await postWebhook(host, 'whatsapp', whatsappPayload([{ contacts: [{ wa_id: ADA, name: 'Ada' }], messages: [waText('wamid.IN1', ADA, 'Where is my parcel?', secondsFromNow(-60))] }]));
    const [ada] = await host.customers.find({ phone: `+${ADA}` });
    const survey = await host.send('whatsapp', { customerId: ada!.id, text: 'How did we do? Reply 1 to 5.', metadata: { survey: CSAT_QUESTION } });
    const reaction = { from: ADA, id: 'wamid.IN2', timestamp: String(Math.floor(secondsFromNow(1).getTime() / 1000)), type: 'reaction', reaction: { message_id: survey.externalId, emoji: '👍' } };
    await postWebhook(host, 'whatsapp', whatsappPayload([{ messages: [reaction, waText('wamid.IN3', ADA, '5 - great', secondsFromNow(2)), waText('wamid.IN4', ADA, '2', secondsFromNow(3))] }]));

    const inbound = await host.interactions.list(ada!.id, { direction: 'INBOUND' });
    expect(inbound.map((interaction) => [interaction.externalId, interaction.type])).toEqual([
      ['wamid.IN1', 'message'],
      ['wamid.IN2', 'message'],
      ['wamid.IN3', 'survey_response'],
      ['wamid.IN4', 'message'],
    ]);
    const answer = inbound[2]!;
    expect(answer.metadata).toMatchObject({ kind: 'text', csat: 5, survey: { metric: 'csat', messageId: survey.externalId } });
    const [sent] = await host.interactions.list(ada!.id, { direction: 'OUTBOUND' });
    expect(answer.conversationId).toBe(sent!.conversationId);
  });

  it('reads the answer on Messenger by the page-scoped id', async () => {
    await postWebhook(host, 'messenger', messengerPayload(mMessage(PSID, { mid: 'm_IN1', text: 'Hello' }, secondsFromNow(-60))));
    const [bob] = await host.customers.find({ handle: { channel: 'messenger', handle: PSID } });
    await host.send('messenger', { customerId: bob!.id, text: 'How did we do?', metadata: { survey: CSAT_QUESTION } });
    await postWebhook(host, 'messenger', messengerPayload(mMessage(PSID, { mid: 'm_IN2', text: '3' }, secondsFromNow(1))));
    const [, answer] = await host.interactions.list(bob!.id, { direction: 'INBOUND' });
    expect(answer).toMatchObject({ externalId: 'm_IN2', type: 'survey_response', metadata: { csat: 3 } });
  });

  it('exports and erases the question still waiting for an answer', async () => {
    await postWebhook(host, 'whatsapp', whatsappPayload([{ messages: [waText('wamid.IN1', ADA, 'Hi', secondsFromNow(-60))] }]));
    const [ada] = await host.customers.find({ phone: `+${ADA}` });
    const survey = await host.send('whatsapp', { customerId: ada!.id, text: 'How did we do?', metadata: { survey: CSAT_QUESTION } });
    expect((await host.exportCustomer(ada!.id)).plugins[META]!['sent-messages']).toMatchObject({
      pendingSurveys: [{ channel: 'whatsapp', address: `+${ADA}`, externalId: survey.externalId, question: CSAT_QUESTION }],
    });
    await host.eraseCustomer(ada!.id);
    expect(await host.storage(META).keys(pendingSurveyKey('whatsapp', ''))).toEqual([]);
  });
});
