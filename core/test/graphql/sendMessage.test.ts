import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureProbe } from '../plugin-host/fixtures.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const CHANNEL = '@fixtures/graphql-test-channel';
const SEND = `mutation ($input: SendMessageInput!) {
  sendMessage(input: $input) { id channel direction type subject text externalId metadata occurredAt customer { id } conversation { id channels firstResponseAt } }
}`;

interface Sent {
  channel: string;
  message: Record<string, unknown>;
}

describe.each(TEST_DATABASES)('GraphQL sendMessage on %s', (kind) => {
  let h: GraphQLHarness;
  const sent = () => (fixtureProbe(CHANNEL)?.sent ?? []) as Sent[];
  beforeEach(() => {
    sent().length = 0;
  });
  afterEach(() => h.close());

  it('delivers through the channel plugin (activating it) and records the OUTBOUND interaction in the conversation', async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-test-channel-js'] });
    const { recordInteraction: inbound } = await h.data(
      'mutation { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", subject: "Late order", text: "Where is it?", externalId: "<in-1@example.com>" }) { id customer { id } conversation { id } } }',
    );
    const rawCustomerId = Buffer.from(inbound.customer.id, 'base64url').toString().split(':')[1];
    const rawConversationId = Buffer.from(inbound.conversation.id, 'base64url').toString().split(':')[1];
    expect(h.services.host.status(CHANNEL).state).toBe('INSTALLED');
    await h.clock.advance(90_000);

    const { sendMessage } = await h.data(SEND, {
      input: {
        customerId: inbound.customer.id,
        conversationId: inbound.conversation.id,
        channel: 'email',
        subject: 'Re: Late order',
        text: 'It ships today.',
        html: '<p>It ships today.</p>',
      },
    });
    expect(h.services.host.status(CHANNEL).state).toBe('ACTIVE');
    expect(sent()).toEqual([
      {
        channel: 'email',
        message: expect.objectContaining({
          customerId: rawCustomerId,
          to: 'ada@example.com',
          subject: 'Re: Late order',
          text: 'It ships today.',
          html: '<p>It ships today.</p>',
          conversationId: rawConversationId,
          references: ['<in-1@example.com>'],
        }),
      },
    ]);
    expect(sendMessage).toEqual({
      id: expect.any(String),
      channel: 'email',
      direction: 'OUTBOUND',
      type: 'message',
      subject: 'Re: Late order',
      text: 'It ships today.',
      externalId: 'email-1',
      metadata: { provider: 'test', html: '<p>It ships today.</p>' },
      occurredAt: '2026-03-02T09:01:30.000Z',
      customer: { id: inbound.customer.id },
      conversation: { id: inbound.conversation.id, channels: ['email'], firstResponseAt: '2026-03-02T09:01:30.000Z' },
    });

    // A reply on another channel, without a conversation id: it joins the open conversation, but
    // the customer has no chat handle and the thread no chat message, so no address and nothing to thread.
    const { sendMessage: chat } = await h.data(SEND, { input: { customerId: inbound.customer.id, channel: 'chat', text: 'Also on chat' } });
    expect(sent()[1]).toEqual({ channel: 'chat', message: expect.objectContaining({ customerId: rawCustomerId, text: 'Also on chat' }) });
    expect(sent()[1]!.message.to).toBeUndefined();
    expect(sent()[1]!.message.references).toBeUndefined();
    expect(chat).toMatchObject({ externalId: 'chat-2', conversation: { id: inbound.conversation.id, channels: ['email', 'chat'] } });

    // The next email in the thread references both earlier emails, oldest first.
    await h.data(SEND, { input: { customerId: inbound.customer.id, conversationId: inbound.conversation.id, channel: 'email', text: 'Tracking: 42' } });
    expect(sent()[2]!.message.references).toEqual(['<in-1@example.com>', 'email-1']);
  });

  it('reports a failed delivery as an error and records nothing', async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-test-channel-js'] });
    const { createCustomer } = await h.data('mutation { createCustomer(input: { emails: ["ada@example.com"] }) { id } }');
    const count = async () => (await h.data('query ($id: ID!) { customer(id: $id) { interactions { totalCount } } }', { id: createCustomer.id })).customer.interactions.totalCount;

    const failed = await h.gql(SEND, { input: { customerId: createCustomer.id, channel: 'email', text: 'FAIL please' } });
    expect(failed.data).toBeNull();
    expect(failed.errors![0]).toMatchObject({
      path: ['sendMessage'],
      message: 'Channel "email" could not deliver the message: the test provider is down. Nothing was recorded; try again.',
      extensions: { code: 'DELIVERY_FAILED', channel: 'email' },
    });
    expect(await count()).toBe(0);

    const noChannel = await h.gql(SEND, { input: { customerId: createCustomer.id, channel: 'pigeon', text: 'coo' } });
    expect(noChannel.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: expect.stringContaining('No plugin contributes channel "pigeon"') });
    expect(await count()).toBe(0);

    await h.gql('mutation { setPluginEnabled(name: "@fixtures/graphql-test-channel", enabled: false) { state } }');
    const disabled = await h.gql(SEND, { input: { customerId: createCustomer.id, channel: 'email', text: 'hello' } });
    expect(disabled.errors![0]).toMatchObject({ extensions: { code: 'NOT_AVAILABLE' }, message: expect.stringContaining('is DISABLED') });
    expect(await count()).toBe(0);
    expect(sent()).toEqual([]);
  });
});
