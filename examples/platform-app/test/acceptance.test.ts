/**
 * End-to-end acceptance of the platform example: the deployment `npm start` runs, as a real
 * process on a SQLite file, with a real SMTP server standing in for the outside world. One
 * customer's story, from a first email to their satisfaction score, segment and loyalty tier.
 * (omnichannel.test.ts tells the story of SMS, calls and WhatsApp.)
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type RapportProcess } from '@rapport/sdk/testing';
import { startDeployment, type Deployment } from './support/deployment.js';
import { postEmail as post, rawEmail, type CustomerEmail } from './support/email.js';

const SURVEY_DELAY_MS = 1_500;

let deployment: Deployment;
let server: RapportProcess;
/** Every message the SMTP server accepted, parsed. */
let inbox: ParsedMail[];

beforeAll(async () => {
  deployment = await startDeployment({ surveyDelayMs: SURVEY_DELAY_MS });
  ({ server, inbox } = deployment);
}, 60_000);

afterAll(async () => {
  if (deployment) expect(await deployment.stop()).toBe(0);
});

/** A raw message from Grace. */
function customerEmail(fields: Omit<CustomerEmail, 'from'>): string {
  return rawEmail({ from: 'Grace Hopper <grace@customer.example>', ...fields });
}

/** Posts a raw message to the email webhook as the mail relay does. */
function postEmail(raw: string) {
  return post(deployment, raw);
}

const CUSTOMER = `query ($email: String!) {
  customers(query: $email) { edges { node {
    id displayName emails
    conversations { edges { node { id status channels firstResponseAt resolvedAt
      interactions(first: 20) { edges { node { direction type text externalId } } } } } }
    scores { rule value label explanation }
    segments { model segment }
    loyaltyTier { tier rank purchases amount currency csat heldBack explanation }
  } } }
}`;

interface CustomerView {
  id: string;
  displayName: string | null;
  emails: string[];
  conversations: { edges: { node: ConversationView }[] };
  scores: { rule: string; value: number; label: string | null; explanation: string | null }[];
  segments: { model: string; segment: string }[];
  loyaltyTier: unknown;
}
interface ConversationView {
  id: string;
  status: 'OPEN' | 'RESOLVED';
  channels: string[];
  firstResponseAt: string | null;
  resolvedAt: string | null;
  interactions: { edges: { node: { direction: string; type: string; text: string | null; externalId: string | null } }[] };
}

async function customerView(): Promise<CustomerView> {
  const { customers } = await server.graphql<{ customers: { edges: { node: CustomerView }[] } }>(CUSTOMER, { email: 'grace@customer.example' });
  expect(customers.edges).toHaveLength(1);
  return customers.edges[0]!.node;
}

describe('the platform example, end to end', () => {
  it('carries one customer from a first email to a low CSAT follow-up, with score, segment and loyalty tier', async () => {
    // 0. Only the mail relay, which knows the channel's inboundSecret, may post email: anyone else gets 401 and stores nothing.
    const anonymous = await fetch(`${server.url}/channels/email/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: customerEmail({ messageId: 'forged@customer.example', subject: 'Forged', body: 'Not from the relay.' }),
    });
    expect(anonymous.status).toBe(401);
    const { customers: nobody } = await server.graphql<{ customers: { totalCount: number } }>('{ customers { totalCount } }');
    expect(nobody.totalCount).toBe(0);
    // 1. An email posted to the inbound route creates the customer and the conversation.
    const first = await postEmail(customerEmail({ messageId: 'first@customer.example', subject: 'My order has not arrived', body: 'Order 1042 is a week late.', date: new Date(Date.now() - 10 * 60_000) }));
    expect(first.status).toBe(200);
    let grace = await customerView();
    expect(grace).toMatchObject({ displayName: 'Grace Hopper', emails: ['grace@customer.example'] });
    expect(grace.conversations.edges).toHaveLength(1);
    const conversation = grace.conversations.edges[0]!.node;
    expect(conversation).toMatchObject({ status: 'OPEN', channels: ['email'], firstResponseAt: null });
    // The order she writes about, as the shop reports it: a purchase, in the same conversation.
    await server.graphql(
      'mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }',
      { input: { customerId: grace.id, channel: 'shop', direction: 'INBOUND', type: 'purchase', externalId: 'order-1042', metadata: { amount: 89.9, currency: 'EUR' } } },
    );

    // 2. sendMessage sends a threaded reply that reaches the SMTP server.
    await server.graphql(
      `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }`,
      { input: { customerId: grace.id, channel: 'email', conversationId: conversation.id, text: 'Sorry about that! It ships today.' } },
    );
    const reply = await waitFor('the reply at the SMTP server', () => inbox.find((mail) => mail.text?.includes('It ships today')));
    expect(reply.to).toMatchObject({ value: [{ address: 'grace@customer.example' }] });
    expect(reply.inReplyTo).toBe('<first@customer.example>');
    expect([reply.references].flat()).toEqual(['<first@customer.example>']);
    expect(reply.subject).toBe('Re: My order has not arrived');
    const replyId = reply.messageId!.replace(/^<|>$/g, '');

    // 3. The customer's reply joins the same conversation.
    const answer = await postEmail(
      customerEmail({ messageId: 'second@customer.example', subject: 'Re: My order has not arrived', body: 'Great, thank you!', inReplyTo: replyId, references: ['first@customer.example', replyId] }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.interactions![0]!.conversationId).toBe(first.body.interactions![0]!.conversationId);
    grace = await customerView();
    expect(grace.conversations.edges).toHaveLength(1);
    expect(grace.conversations.edges[0]!.node.interactions.edges.map(({ node }) => [node.direction, node.type, node.text])).toEqual([
      ['INBOUND', 'message', 'Order 1042 is a week late.'],
      ['INBOUND', 'purchase', null],
      ['OUTBOUND', 'message', 'Sorry about that! It ships today.'],
      ['INBOUND', 'message', 'Great, thank you!'],
    ]);

    // 4. Resolving the conversation sends the survey after the delay.
    const { resolveConversation } = await server.graphql<{ resolveConversation: { resolvedAt: string } }>(
      'mutation ($id: ID!) { resolveConversation(id: $id) { status resolvedAt } }',
      { id: conversation.id },
    );
    const survey = await waitFor('the survey email', () => inbox.find((mail) => mail.subject === 'How did we do?'), 20_000);
    expect(survey.date!.getTime()).toBeGreaterThanOrEqual(Date.parse(resolveConversation.resolvedAt) + SURVEY_DELAY_MS - 1_000);
    expect(survey.text).toContain('Reply with a number from 1 (very unsatisfied) to 5 (very satisfied)');
    expect(inbox.filter((mail) => mail.subject === 'How did we do?')).toHaveLength(1);
    const surveyId = survey.messageId!.replace(/^<|>$/g, '');

    // 5. Answering 1 produces the internal follow-up (and re-opens the conversation).
    const rating = await postEmail(customerEmail({ messageId: 'rating@customer.example', subject: 'Re: How did we do?', body: '1\n\nOn Monday, Acme Support wrote:\n> How did we do?', inReplyTo: surveyId, date: new Date() }));
    expect(rating.status).toBe(200);
    const followedUp = await waitFor('the follow-up note', async () => {
      const view = await customerView();
      const node = view.conversations.edges.find((edge) => edge.node.id === conversation.id)!.node;
      return node.status === 'OPEN' && node.interactions.edges.some(({ node: i }) => i.type === 'note') ? { view, node } : undefined;
    });
    const note = followedUp.node.interactions.edges.find(({ node }) => node.type === 'note')!.node;
    expect(note).toMatchObject({ direction: 'INTERNAL' });
    expect(note.text).toContain('CSAT 1 of 5');
    expect(followedUp.node.interactions.edges.some(({ node }) => node.type === 'survey_response' && node.direction === 'INBOUND')).toBe(true);

    // 6. The customer's csat score, lifecycle and rfm segments and loyalty tier are visible through GraphQL.
    grace = await waitFor('the csat score', async () => {
      const view = await customerView();
      return view.scores.some((score) => score.rule === 'csat') ? view : undefined;
    });
    expect(grace.scores.find((score) => score.rule === 'csat')).toMatchObject({ value: 0, explanation: expect.stringContaining('0 of 1') });
    // A first purchase days ago: onboarding; one purchase, and a CSAT of 0 holds the tier at bronze.
    // Rule-tree segments are refreshed set-based, a few seconds after the events that move them.
    grace = await waitFor('the lifecycle and rfm segments', async () => {
      const view = await customerView();
      return ['lifecycle', 'rfm'].every((model) => view.segments.some((segment) => segment.model === model)) ? view : undefined;
    }, 20_000);
    expect(grace.segments.filter((segment) => segment.model === 'lifecycle')).toEqual([{ model: 'lifecycle', segment: 'onboarding' }]);
    // The only buyer of the deployment is alone in every quintile: the first, the grid's "lost" corner.
    expect(grace.segments.filter((segment) => segment.model === 'rfm')).toEqual([{ model: 'rfm', segment: 'lost' }]);
    const tiered = await waitFor('the loyalty tier', async () => {
      const view = await customerView();
      return (view.loyaltyTier as { csat: number | null } | null)?.csat === 0 ? view : undefined;
    });
    expect(tiered.loyaltyTier).toMatchObject({ tier: 'bronze', rank: 1, purchases: 1, amount: 89.9, currency: 'EUR', csat: 0 });
  }, 90_000);
});
