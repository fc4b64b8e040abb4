import { afterEach, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../src/graphql/globalIds.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery';

const INBOX = `query ($first: Int, $after: String, $status: ConversationStatus, $assigneeId: ID, $channel: String, $handler: ConversationHandler) {
  conversations(first: $first, after: $after, status: $status, assigneeId: $assigneeId, channel: $channel, handler: $handler) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id handler waitingSince channels customer { emails } assignee { id email } } }
  }
}`;

describe.each(TEST_DATABASES)('the agents\' inbox on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const record = (input: Record<string, unknown>) =>
    h.data<Json>('mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id conversation { id } customer { id } } }', {
      input: { direction: 'INBOUND', type: 'message', channel: 'email', text: 'hi', ...input },
    });
  const inbox = async (variables: Record<string, unknown> = {}) => (await h.data<Json>(INBOX, variables)).conversations;
  const emailsOf = (page: Json) => page.edges.map((edge: Json) => edge.node.customer.emails[0]);
  const createUser = async (email: string, role: string) =>
    (await h.data<Json>('mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: { email, role, password: PASSWORD } })).createUser.id as string;
  const signIn = async (email: string) => (await h.data<Json>('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: PASSWORD })).login.token as string;

  it('lists who has waited longest first, then the answered ones, page by page, with every filter', async () => {
    h = await createGraphQLHarness(kind);
    // ann writes first, bob second but is answered, cy third on SMS, dee fourth.
    await record({ email: 'ann@example.com' });
    await h.clock.advance(MINUTE);
    const bob = await record({ email: 'bob@example.com' });
    await h.clock.advance(MINUTE);
    await record({ phone: '+31612345678', channel: 'sms', externalId: 'sms-1' });
    await h.clock.advance(MINUTE);
    await record({ email: 'dee@example.com' });
    await h.clock.advance(MINUTE);
    await record({ customerId: bob.recordInteraction.customer.id, direction: 'OUTBOUND', text: 'On it!' });
    // ann writes again: she still waits since her first message.
    await record({ email: 'ann@example.com', text: 'hello?' });

    const all = await inbox();
    expect(all.totalCount).toBe(4);
    expect(all.edges.map((edge: Json) => edge.node.customer.emails[0] ?? 'sms')).toEqual(['ann@example.com', 'sms', 'dee@example.com', 'bob@example.com']);
    expect(all.edges[0].node.waitingSince).toBe('2026-03-02T09:00:00.000Z');
    expect(all.edges[3].node.waitingSince).toBeNull();

    const first = await inbox({ first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await inbox({ first: 2, after: first.pageInfo.endCursor });
    expect([...emailsOf(first), ...emailsOf(rest)]).toEqual(emailsOf(all));
    expect(rest.pageInfo.hasNextPage).toBe(false);

    expect((await inbox({ channel: 'sms' })).edges.map((edge: Json) => edge.node.channels)).toEqual([['sms']]);
    expect((await inbox({ channel: 'whatsapp' })).totalCount).toBe(0);
    expect((await inbox({ handler: 'HUMAN' })).totalCount).toBe(4);
    expect((await inbox({ handler: 'BOT' })).totalCount).toBe(0);
    await h.data('mutation ($id: ID!) { resolveConversation(id: $id) { id } }', { id: bob.recordInteraction.conversation.id });
    expect(emailsOf(await inbox({ status: 'RESOLVED' }))).toEqual(['bob@example.com']);
    expect((await inbox({ status: 'OPEN' })).totalCount).toBe(3);
    const bad = await h.gql(INBOX, { after: 'nonsense' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('assigns to agents and admins, refuses viewers and strangers, and publishes conversation.assigned', async () => {
    h = await createGraphQLHarness(kind);
    const agent = await createUser('agent@example.com', 'AGENT');
    const viewer = await createUser('viewer@example.com', 'VIEWER');
    const { recordInteraction } = await record({ email: 'ann@example.com' });
    const id = recordInteraction.conversation.id;
    const raw = { conversationId: fromGlobalId(id).id, customerId: fromGlobalId(recordInteraction.customer.id).id };
    const assign = (userId: string | null) => h.gql<Json>('mutation ($id: ID!, $userId: ID) { assignConversation(id: $id, userId: $userId) { assignee { email } } }', { id, userId });

    expect((await assign(agent)).data.assignConversation.assignee).toEqual({ email: 'agent@example.com' });
    expect((await inbox({ assigneeId: agent })).totalCount).toBe(1);
    expect((await assign(viewer)).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('only users with role AGENT or ADMIN') });
    expect((await assign('no-such-user')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await assign(null)).data.assignConversation.assignee).toBeNull();
    expect((await inbox({ assigneeId: agent })).totalCount).toBe(0);

    const events = await h.services.database.orm.em.getConnection().execute<{ payload: unknown }[]>("select payload from event_outbox where type = 'conversation.assigned' order by id");
    const payloads = events.map((row: { payload: unknown }) => (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload));
    expect(payloads).toEqual([
      { ...raw, assigneeId: agent, previousAssigneeId: null },
      { ...raw, assigneeId: null, previousAssigneeId: agent },
    ]);
  });

  it('round robin: conversations for people go to available agents in turn, never to one who is away', async () => {
    h = await createGraphQLHarness(kind, { assignment: { mode: 'round-robin' } });
    const ann = await createUser('ann.agent@example.com', 'AGENT');
    const bo = await createUser('bo.agent@example.com', 'AGENT');
    await createUser('cy.agent@example.com', 'AGENT');
    for (const email of ['ann.agent@example.com', 'bo.agent@example.com']) {
      const token = await signIn(email);
      const answer = await h.gqlAs<Json>(token, 'mutation { setAvailability(available: true) { email available } }');
      expect(answer.body.data.setAvailability).toEqual({ email, available: true });
    }
    // An API key is nobody: it must name the user.
    expect((await h.gql('mutation { setAvailability(available: true) { id } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const assignees: string[] = [];
    for (let i = 0; i < 4; i++) {
      await h.clock.advance(MINUTE);
      const { recordInteraction } = await record({ email: `customer${i}@example.com` });
      const conversation = await h.services.conversations.get(fromGlobalId(recordInteraction.conversation.id).id);
      assignees.push(conversation!.assigneeId!);
    }
    expect(assignees).toEqual([ann, bo, ann, bo]);
  });

  it('a merge joins the open conversations that are still active into one', async () => {
    h = await createGraphQLHarness(kind);
    const email = await record({ email: 'ann@example.com', text: 'My order is late' });
    await h.clock.advance(10 * MINUTE);
    const chat = await record({ handle: 'visitor-7', channel: 'chat', text: 'Hi, it is Ann again' });
    const merged = await h.data<Json>('mutation ($input: MergeCustomersInput!) { mergeCustomers(input: $input) { id conversations { totalCount edges { node { channels interactions { totalCount } } } } } }', {
      input: { targetId: email.recordInteraction.customer.id, sourceId: chat.recordInteraction.customer.id },
    });
    expect(merged.mergeCustomers.conversations.totalCount).toBe(1);
    expect(merged.mergeCustomers.conversations.edges[0].node).toEqual({ channels: ['email', 'chat'], interactions: { totalCount: 2 } });
  });
});
