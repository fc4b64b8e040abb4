/**
 * End-to-end acceptance of the platform example across channels: the deployment `npm start`
 * runs, as a real process on a SQLite file, with a real SMTP server, a fake Twilio and a fake
 * Graph API standing in for the outside world. One customer emails, texts, calls and writes on
 * WhatsApp; it is all one conversation; the survey after its resolution goes out on WhatsApp, the
 * channel she used last, and her answer there moves her CSAT score.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type RapportProcess } from '@rapport/sdk/testing';
import { startDeployment, TWILIO, type Deployment } from './support/deployment.js';
import { postEmail, rawEmail } from './support/email.js';
import { postTwilio, postWhatsApp, whatsappStatus, whatsappText } from './support/webhooks.js';

const SURVEY_DELAY_MS = 1_500;
const HOUR = 3_600_000;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const ADA = { name: 'Ada Lovelace', email: 'ada@customer.example', phone: '+31612345678', waId: '31612345678' };
const CALL_SID = 'CA0000000000000000000000000000a11a';

let deployment: Deployment;
let server: RapportProcess;
let inbox: ParsedMail[];

beforeAll(async () => {
  deployment = await startDeployment({ surveyDelayMs: SURVEY_DELAY_MS });
  ({ server, inbox } = deployment);
}, 60_000);

afterAll(async () => {
  if (deployment) expect(await deployment.stop()).toBe(0);
});

/** A GraphQL operation with the process's admin key, answered with its errors rather than thrown. */
async function graphql<Data>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: Data; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}

const SEND_MESSAGE = 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id externalId delivery { status } } }';

const CUSTOMER = `query ($id: ID!) { node(id: $id) { ... on Customer {
  id emails phones
  conversations { edges { node { id status channels
    interactions(first: 50) { edges { node { id channel direction type text externalId metadata delivery { status } } } } } } }
  scores { rule value explanation }
} } }`;

interface InteractionView {
  id: string;
  channel: string;
  direction: string;
  type: string;
  text: string | null;
  externalId: string | null;
  metadata: Record<string, unknown>;
  delivery: { status: string } | null;
}
interface CustomerView {
  id: string;
  emails: string[];
  phones: string[];
  conversations: { edges: { node: { id: string; status: string; channels: string[]; interactions: { edges: { node: InteractionView }[] } } }[] };
  scores: { rule: string; value: number; explanation: string | null }[];
}

async function customer(id: string): Promise<CustomerView> {
  return (await server.graphql<{ node: CustomerView }>(CUSTOMER, { id })).node;
}

function interactionsOf(view: CustomerView): InteractionView[] {
  return view.conversations.edges.flatMap(({ node }) => node.interactions.edges.map((edge) => edge.node));
}

/** A moment a second ahead: providers stamp whole seconds, and each step must sort after the one before. */
function nextSecond(): Date {
  return new Date(Date.now() + 1_000);
}

describe('the platform example across channels, end to end', () => {
  it('keeps one customer and one conversation over email, SMS, a call and WhatsApp, and surveys her on WhatsApp', async () => {
    // 0. The customer is known with her email and phone number (an import, an agent's entry).
    const { createCustomer } = await server.graphql<{ createCustomer: { id: string } }>(
      'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { displayName: ADA.name, emails: [ADA.email], phones: [ADA.phone] } },
    );
    const adaId = createCustomer.id;

    // 1. She emails.
    const email = await postEmail(deployment, rawEmail({ from: `${ADA.name} <${ADA.email}>`, messageId: 'blender@customer.example', subject: 'My blender broke', body: 'It stopped after a week.', date: new Date(Date.now() - 10 * 60_000) }));
    expect(email.status).toBe(200);

    // 2. She texts from her phone: a signed Twilio webhook, answered with empty TwiML.
    const sms = await postTwilio(deployment, 'sms', { MessageSid: 'SM0000000000000000000000000000a11a', AccountSid: deployment.settings[TWILIO]!.accountSid as string, From: ADA.phone, To: '+15005550006', Body: 'Did you get my email?', NumMedia: '0', SmsStatus: 'received' });
    expect(sms).toEqual({ status: 200, text: EMPTY_TWIML });
    // A forged one (no signature) is refused and stores nothing.
    const forged = await fetch(`${server.url}/channels/sms/inbound`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'MessageSid=SMforged&From=%2B31612345678&Body=forged' });
    expect(forged.status).toBe(403);

    // 3. She calls: Twilio's status callbacks in any order, then the recording.
    const call = { CallSid: CALL_SID, AccountSid: deployment.settings[TWILIO]!.accountSid as string, Direction: 'inbound', From: ADA.phone, To: '+15005550006' };
    for (const callback of <Record<string, string>[]>[
      { ...call, CallStatus: 'completed', CallDuration: '95' },
      { ...call, CallStatus: 'ringing' },
      { ...call, CallStatus: 'in-progress' },
      { CallSid: CALL_SID, AccountSid: call.AccountSid, RecordingSid: 'RE0000000000000000000000000000a11a', RecordingUrl: 'https://api.twilio.com/recordings/RE0000000000000000000000000000a11a', RecordingStatus: 'completed', RecordingDuration: '90' },
    ]) {
      expect(await postTwilio(deployment, 'phone', callback)).toEqual({ status: 200, text: EMPTY_TWIML });
    }

    // 4. An agent cannot answer on WhatsApp before she wrote there: no window, and Meta is not called.
    const early = await graphql(SEND_MESSAGE, { input: { customerId: adaId, channel: 'whatsapp', text: 'Shall we continue here?' } });
    expect(early.errors?.[0]?.extensions?.code).toBe('CHANNEL_WINDOW_CLOSED');
    expect(deployment.graph.sent).toHaveLength(0);

    // 5. She writes on WhatsApp from the same number; now the agent's reply goes out.
    const wrote = await postWhatsApp(deployment, { contacts: [{ wa_id: ADA.waId, name: 'Ada' }], messages: [whatsappText('wamid.ADA1', ADA.waId, 'Can we continue on WhatsApp?', nextSecond())] });
    expect(wrote.status).toBe(200);
    let ada = await customer(adaId);
    expect(ada.conversations.edges).toHaveLength(1);
    const conversationId = ada.conversations.edges[0]!.node.id;
    const { sendMessage: reply } = await server.graphql<{ sendMessage: { id: string; externalId: string; delivery: { status: string } } }>(SEND_MESSAGE, {
      input: { customerId: adaId, channel: 'whatsapp', conversationId, text: 'Of course! A new blender ships today.' },
    });
    expect(reply.delivery.status).toBe('QUEUED');
    expect(deployment.graph.sent).toEqual([{ id: reply.externalId, body: expect.objectContaining({ messaging_product: 'whatsapp', to: ADA.waId, type: 'text', text: { body: 'Of course! A new blender ships today.' } }) }]);

    // 6. Meta's receipts arrive out of order: read before delivered. The status ends READ.
    const receipt = (status: 'delivered' | 'read') => postWhatsApp(deployment, { statuses: [whatsappStatus(reply.externalId, status, ADA.waId, new Date())] });
    expect((await receipt('read')).status).toBe(200);
    expect((await receipt('delivered')).status).toBe(200);

    // 7. All of it: one customer, one open conversation on four channels, one call record.
    ada = await customer(adaId);
    const { customers } = await server.graphql<{ customers: { totalCount: number } }>('{ customers { totalCount } }');
    expect(customers.totalCount).toBe(1);
    expect(ada).toMatchObject({ emails: [ADA.email], phones: [ADA.phone] });
    expect(ada.conversations.edges).toHaveLength(1);
    const conversation = ada.conversations.edges[0]!.node;
    expect(conversation.status).toBe('OPEN');
    expect(conversation.channels).toEqual(expect.arrayContaining(['email', 'sms', 'phone', 'whatsapp']));
    const timeline = conversation.interactions.edges.map(({ node }) => node);
    // In the order she wrote (her WhatsApp message is stamped a second ahead, so the reply, stamped
    // when it was sent, may sort before it).
    expect(timeline.filter((i) => i.direction === 'INBOUND').map((i) => [i.channel, i.type])).toEqual([
      ['email', 'message'],
      ['sms', 'message'],
      ['phone', 'call'],
      ['whatsapp', 'message'],
    ]);
    expect(timeline).toHaveLength(5);
    expect(timeline.filter((i) => i.type === 'call')).toEqual([
      expect.objectContaining({ externalId: CALL_SID, metadata: expect.objectContaining({ status: 'completed', durationSec: 95, recordingUrl: expect.stringContaining('RE0000000000000000000000000000a11a') }) }),
    ]);
    expect(timeline.find((i) => i.direction === 'OUTBOUND')).toMatchObject({ channel: 'whatsapp', externalId: reply.externalId, delivery: { status: 'READ' } });

    // 8. Resolved: the survey goes out on WhatsApp, the channel she wrote on last, not by email or SMS.
    await server.graphql('mutation ($id: ID!) { resolveConversation(id: $id) { status } }', { id: conversationId });
    const survey = await waitFor('the survey at the fake Graph API', () => deployment.graph.sent.find((message) => JSON.stringify(message.body).includes('Reply with a number from 1')), 20_000);
    expect(survey.body).toMatchObject({ to: ADA.waId, type: 'text' });
    expect(inbox.filter((mail) => mail.subject === 'How did we do?')).toEqual([]);
    expect(deployment.twilio.sent).toEqual([]);

    // 9. She answers "5" on WhatsApp: a survey_response in the resolved conversation, and her CSAT score.
    // Stamped now, not ahead: the csat rule counts only answers up to the moment it evaluates.
    expect((await postWhatsApp(deployment, { messages: [whatsappText('wamid.ADA2', ADA.waId, '5', new Date())] })).status).toBe(200);
    ada = await waitFor('the csat score', async () => {
      const view = await customer(adaId);
      return view.scores.some((score) => score.rule === 'csat') ? view : undefined;
    });
    expect(ada.scores.find((score) => score.rule === 'csat')).toMatchObject({ value: 100, explanation: expect.stringContaining('1 of 1') });
    const answer = interactionsOf(ada).find((i) => i.externalId === 'wamid.ADA2');
    expect(answer).toMatchObject({ channel: 'whatsapp', direction: 'INBOUND', type: 'survey_response', metadata: { csat: 5, survey: { messageId: survey.id } } });
    expect(ada.conversations.edges.map(({ node }) => [node.id, node.status])).toEqual([[conversationId, 'RESOLVED']]);
  }, 90_000);

  it('refuses a free-form WhatsApp message 25 hours after the customer last wrote there, before Meta sees it', async () => {
    const bob = '31687654321';
    const wrote = await postWhatsApp(deployment, { contacts: [{ wa_id: bob, name: 'Bob' }], messages: [whatsappText('wamid.BOB1', bob, 'Hello?', new Date(Date.now() - 25 * HOUR))] });
    expect(wrote.status).toBe(200);
    const { customers } = await server.graphql<{ customers: { edges: { node: { id: string; conversations: { edges: { node: { id: string; replyWindows: { channel: string; open: boolean }[] } }[] } } }[] } }>(
      'query ($phone: String!) { customers(query: $phone) { edges { node { id conversations { edges { node { id replyWindows { channel open } } } } } } } }',
      { phone: `+${bob}` },
    );
    expect(customers.edges).toHaveLength(1);
    const { id, conversations } = customers.edges[0]!.node;
    expect(conversations.edges[0]!.node.replyWindows).toContainEqual({ channel: 'whatsapp', open: false });
    const sentBefore = deployment.graph.sent.length;

    const late = await graphql<{ sendMessage: unknown }>(SEND_MESSAGE, { input: { customerId: id, channel: 'whatsapp', conversationId: conversations.edges[0]!.node.id, text: 'Sorry for the wait!' } });
    expect(late.data?.sendMessage ?? null).toBeNull();
    expect(late.errors?.[0]?.extensions?.code).toBe('CHANNEL_WINDOW_CLOSED');
    expect(deployment.graph.sent).toHaveLength(sentBefore);
  }, 30_000);

  it('links a number first seen on SMS to the new email address whose signature gives it: one customer, both identities', async () => {
    const carol = { phone: '+442079460958', email: 'carol.new@customer.example' };
    const texted = await postTwilio(deployment, 'sms', { MessageSid: 'SM00000000000000000000000000ca401', AccountSid: deployment.settings[TWILIO]!.accountSid as string, From: carol.phone, To: '+15005550006', Body: 'Is my order on its way?', NumMedia: '0', SmsStatus: 'received' });
    expect(texted.status).toBe(200);
    // Later, an email from an address nobody has; its signature gives the number, written another way.
    const emailed = await postEmail(
      deployment,
      rawEmail({ from: `Carol Shaw <${carol.email}>`, messageId: 'carol-1@customer.example', subject: 'Order 2001', body: 'Any news on my order?\n\n-- \nCarol Shaw\nTel: +44 (0)20 7946-0958' }),
    );
    expect(emailed.status).toBe(200);

    const lookup = async (query: string) =>
      (await server.graphql<{ customers: { edges: { node: { id: string; emails: string[]; phones: string[]; conversations: { totalCount: number } } }[] } }>(
        'query ($query: String!) { customers(query: $query) { edges { node { id emails phones conversations { totalCount } } } } }',
        { query },
      )).customers.edges.map(({ node }) => node);
    const byEmail = await lookup(carol.email);
    const byPhone = await lookup(carol.phone);
    expect(byEmail).toHaveLength(1);
    expect(byPhone).toEqual(byEmail);
    expect(byEmail[0]).toMatchObject({ emails: [carol.email], phones: [carol.phone], conversations: { totalCount: 1 } });
  }, 30_000);
});
