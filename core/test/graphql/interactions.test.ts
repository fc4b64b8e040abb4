import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const RECORD = `mutation ($input: RecordInteractionInput!) {
  recordInteraction(input: $input) {
    id channel direction type subject text occurredAt externalId metadata
    customer { id displayName emails phones }
    conversation { id status channels }
  }
}`;

describe.each(TEST_DATABASES)('GraphQL interactions and conversations on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const record = async (input: Record<string, unknown>) => (await h.data(RECORD, { input })).recordInteraction;

  it('records by identity, creating the customer once, and is idempotent on (channel, externalId)', async () => {
    h = await createGraphQLHarness(kind);
    const first = await record({
      email: 'Ada@Example.com',
      channel: 'email',
      direction: 'INBOUND',
      type: 'message',
      subject: 'Hello',
      text: 'My order is late',
      externalId: '<m1@example.com>',
      occurredAt: '2026-03-01T10:00:00+01:00',
      metadata: { spam: false },
    });
    expect(first).toMatchObject({
      channel: 'email',
      direction: 'INBOUND',
      type: 'message',
      subject: 'Hello',
      occurredAt: '2026-03-01T09:00:00.000Z',
      externalId: '<m1@example.com>',
      metadata: { spam: false },
      customer: { emails: ['ada@example.com'] },
      conversation: { status: 'OPEN', channels: ['email'] },
    });
    expect(Buffer.from(first.id, 'base64url').toString()).toMatch(/^Interaction:/);
    expect(Buffer.from(first.conversation.id, 'base64url').toString()).toMatch(/^Conversation:/);

    const again = await record({ email: 'other@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'changed', externalId: '<m1@example.com>' });
    expect(again).toEqual(first);
    // The same email, differently written, is the same customer; occurredAt defaults to now.
    const second = await record({ email: ' ADA@example.COM ', channel: 'email', direction: 'INBOUND', type: 'message', text: 'Any news?' });
    expect(second.customer.id).toBe(first.customer.id);
    expect(second.occurredAt).toBe('2026-03-02T09:00:00.000Z');

    const { customers } = await h.data('{ customers { totalCount } }');
    expect(customers.totalCount).toBe(1);
    // By customer id, and by phone in any format.
    const byId = await record({ customerId: first.customer.id, channel: 'note', direction: 'INTERNAL', type: 'note', text: 'VIP' });
    expect(byId.customer.id).toBe(first.customer.id);
    const byPhone = await record({ phone: '+33 6 12 34 56 78', channel: 'sms', direction: 'INBOUND', type: 'message' });
    const byPhoneAgain = await record({ phone: '+33612345678', channel: 'sms', direction: 'INBOUND', type: 'message' });
    expect(byPhoneAgain.customer).toEqual(byPhone.customer);
    expect(byPhone.customer.id).not.toBe(first.customer.id);
  });

  it('follows a conversation across channels, resolves it, and pages interactions', async () => {
    h = await createGraphQLHarness(kind);
    const opened = await record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'Help' });
    const customerId = opened.customer.id;
    await h.clock.advance(60_000);
    await record({ customerId, channel: 'chat', direction: 'OUTBOUND', type: 'message', text: 'On it' });
    await h.clock.advance(60_000);
    await record({ customerId, channel: 'phone', direction: 'INBOUND', type: 'call', metadata: { seconds: 300 } });

    const conversationQuery = `query ($id: ID!) {
      conversation(id: $id) {
        id status channels openedAt firstResponseAt resolvedAt openedChannel firstResponseTimeMs resolutionTimeMs
        customer { id }
        interactions(first: 2) { totalCount edges { node { channel } } pageInfo { hasNextPage endCursor } }
      }
    }`;
    const { conversation } = await h.data(conversationQuery, { id: opened.conversation.id });
    expect(conversation).toEqual({
      id: opened.conversation.id,
      status: 'OPEN',
      channels: ['email', 'chat', 'phone'],
      openedAt: '2026-03-02T09:00:00.000Z',
      firstResponseAt: '2026-03-02T09:01:00.000Z',
      resolvedAt: null,
      openedChannel: 'email',
      firstResponseTimeMs: 60_000,
      resolutionTimeMs: null,
      customer: { id: customerId },
      interactions: {
        totalCount: 3,
        edges: [{ node: { channel: 'email' } }, { node: { channel: 'chat' } }],
        pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
      },
    });
    const { conversation: rest } = await h.data(
      'query ($id: ID!, $after: String) { conversation(id: $id) { interactions(after: $after) { edges { node { channel } } pageInfo { hasNextPage hasPreviousPage } } } }',
      { id: opened.conversation.id, after: conversation.interactions.pageInfo.endCursor },
    );
    expect(rest.interactions).toEqual({ edges: [{ node: { channel: 'phone' } }], pageInfo: { hasNextPage: false, hasPreviousPage: true } });

    await h.clock.advance(60_000);
    const { resolveConversation } = await h.data('mutation ($id: ID!) { resolveConversation(id: $id) { id status resolvedAt resolutionTimeMs } }', {
      id: opened.conversation.id,
    });
    expect(resolveConversation).toEqual({ id: opened.conversation.id, status: 'RESOLVED', resolvedAt: '2026-03-02T09:03:00.000Z', resolutionTimeMs: 180_000 });

    // A new message after resolution opens a new conversation; the newest is listed first.
    await h.clock.advance(60_000);
    const reopened = await record({ customerId, channel: 'email', direction: 'INBOUND', type: 'message', text: 'One more thing' });
    expect(reopened.conversation.id).not.toBe(opened.conversation.id);
    const { customer } = await h.data(
      `query ($id: ID!) { customer(id: $id) {
        conversations { totalCount edges { node { id status } } }
        interactions(first: 2, newestFirst: true) { edges { node { text channel } } }
        emailOnly: interactions(channel: "email") { totalCount edges { node { text } } }
      } }`,
      { id: customerId },
    );
    expect(customer.conversations).toEqual({
      totalCount: 2,
      edges: [{ node: { id: reopened.conversation.id, status: 'OPEN' } }, { node: { id: opened.conversation.id, status: 'RESOLVED' } }],
    });
    expect(customer.interactions.edges).toEqual([{ node: { text: 'One more thing', channel: 'email' } }, { node: { text: null, channel: 'phone' } }]);
    expect(customer.emailOnly).toEqual({ totalCount: 2, edges: [{ node: { text: 'Help' } }, { node: { text: 'One more thing' } }] });

    const { node } = await h.data('query ($id: ID!) { node(id: $id) { __typename id ... on Interaction { text conversation { id } } } }', { id: reopened.id });
    expect(node).toEqual({ __typename: 'Interaction', id: reopened.id, text: 'One more thing', conversation: { id: reopened.conversation.id } });
    const { node: conversationNode } = await h.data('query ($id: ID!) { node(id: $id) { __typename ... on Conversation { status } } }', {
      id: opened.conversation.id,
    });
    expect(conversationNode).toEqual({ __typename: 'Conversation', status: 'RESOLVED' });
  });

  it('reports service KPIs over a period', async () => {
    h = await createGraphQLHarness(kind);
    const opened = await record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message' });
    await h.clock.advance(120_000);
    await record({ customerId: opened.customer.id, channel: 'email', direction: 'OUTBOUND', type: 'message' });
    const { serviceKpis } = await h.data(
      '{ serviceKpis(from: "2026-03-02", to: "2026-03-03T00:00:00Z", channel: "email") { conversations resolved resolutionRate averageFirstResponseTimeMs averageResolutionTimeMs } }',
    );
    expect(serviceKpis).toEqual({ conversations: 1, resolved: 0, resolutionRate: 0, averageFirstResponseTimeMs: 120_000, averageResolutionTimeMs: null });
    const { serviceKpis: byDay } = await h.data(
      '{ serviceKpis(from: "2026-03-01", to: "2026-03-04T00:00:00Z", groupBy: DAY) { conversations averageFirstResponseBusinessTimeMs slaBreaches { firstResponse } groups { key conversations averageFirstResponseTimeMs } } }',
    );
    // Without business hours or SLA targets in the config, those figures are null; days are UTC days.
    expect(byDay).toEqual({ conversations: 1, averageFirstResponseBusinessTimeMs: null, slaBreaches: null, groups: [{ key: '2026-03-02', conversations: 1, averageFirstResponseTimeMs: 120_000 }] });
    const refused = await h.gql('{ serviceKpis(from: "2026-03-01", to: "2026-03-04", groupBy: MONTH) { conversations } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(/MONTH/);
  });

  it('pages each customer\'s interactions in a batch, both ways, through ties and a filter, with nothing skipped or repeated', async () => {
    h = await createGraphQLHarness(kind);
    const base = Date.UTC(2026, 1, 1);
    // Three customers with 7 interactions each; the 3rd and 4th of each share a timestamp, so
    // the id alone orders them; every other one is an SMS.
    for (const name of ['ann', 'bob', 'cyd']) {
      for (let i = 0; i < 7; i++) {
        const minute = i >= 3 ? i - 1 : i;
        await record({
          email: `${name}@example.com`,
          channel: i % 2 === 0 ? 'sms' : 'email',
          direction: 'INBOUND',
          type: 'message',
          text: `${name} ${i}`,
          occurredAt: new Date(base + minute * 60_000).toISOString(),
        });
      }
    }
    const pageQuery = `query ($after: String, $newest: Boolean, $channel: String) {
      customers { edges { node { id interactions(first: 2, after: $after, newestFirst: $newest, channel: $channel) {
        edges { cursor node { text occurredAt } } pageInfo { hasNextPage endCursor } } } } } }`;
    type Page = { edges: { cursor: string; node: { text: string; occurredAt: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };

    for (const { newest, channel } of [{ newest: false }, { newest: true }, { newest: true, channel: 'sms' }] as { newest: boolean; channel?: string }[]) {
      // The first page of every customer comes from one batched query.
      const { customers } = await h.data(pageQuery, { newest, channel });
      expect(customers.edges).toHaveLength(3);
      for (const { node } of customers.edges as { node: { id: string; interactions: Page } }[]) {
        const all = await h.data(
          'query ($id: ID!, $newest: Boolean, $channel: String) { customer(id: $id) { interactions(first: 100, newestFirst: $newest, channel: $channel) { edges { node { text occurredAt } } } } }',
          { id: node.id, newest, channel },
        );
        const expected = (all.customer.interactions.edges as { node: { text: string; occurredAt: string } }[]).map((edge) => edge.node);
        // The full list is in (occurredAt, id) order, each way.
        const times = expected.map((n) => n.occurredAt);
        expect(times).toEqual([...times].sort((a, b) => (newest ? b.localeCompare(a) : a.localeCompare(b))));
        expect(expected).toHaveLength(channel ? 4 : 7);

        // Paging two at a time from the batched first page gives the same list.
        const seen = node.interactions.edges.map((edge) => edge.node);
        let info = node.interactions.pageInfo;
        while (info.hasNextPage) {
          const next = await h.data(
            'query ($id: ID!, $after: String, $newest: Boolean, $channel: String) { customer(id: $id) { interactions(first: 2, after: $after, newestFirst: $newest, channel: $channel) { edges { node { text occurredAt } } pageInfo { hasNextPage endCursor } } } }',
            { id: node.id, after: info.endCursor, newest, channel },
          );
          const page = next.customer.interactions as Page;
          seen.push(...page.edges.map((edge) => edge.node));
          info = page.pageInfo;
        }
        expect(seen).toEqual(expected);
      }
    }
  });
});
