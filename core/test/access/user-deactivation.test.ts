/**
 * Deactivating a user (`deactivateUser`, `reactivateUser`), over real HTTP on both databases: the
 * sessions end at once (a principal the credential cache kept too), sign-in is refused with a
 * reason only to whoever knows the password, round-robin and assignment skip them, and it is
 * audited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from '../graphql/graphqlHarness.js';

const PASSWORD = 'correct horse battery staple';
const ME = '{ me { name } }';

describe.each(TEST_DATABASES)('deactivating users (%s)', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  async function newAgent(email: string): Promise<string> {
    const created = await h.data<Json>('mutation($e: String!, $p: String!) { createUser(input: { email: $e, role: AGENT, password: $p }) { id disabledAt } }', { e: email, p: PASSWORD });
    expect(created.createUser.disabledAt).toBeNull();
    return created.createUser.id;
  }
  const login = (email: string, password = PASSWORD) => h.gqlAs(undefined, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password });

  it('ends the sessions at once, refuses sign-in, and lets an admin reactivate', async () => {
    h = await createGraphQLHarness(kind);
    const id = await newAgent('sam@example.com');
    const token = (await login('sam@example.com')).body.data!.login.token as string;
    // Twice: the second answer may come from the credential cache, which must be dropped too.
    const first = await h.gqlAs(token, ME);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect((await h.gqlAs(token, ME)).body.data).toEqual({ me: { name: 'sam@example.com' } });

    const deactivated = await h.data<Json>('mutation($id: ID!) { deactivateUser(id: $id) { email disabledAt } }', { id });
    expect(deactivated.deactivateUser.disabledAt).toBe(h.clock.now().toISOString());
    const refused = await h.gqlAs(token, ME);
    expect(refused.status).toBe(401);
    expect(refused.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    const again = await login('sam@example.com');
    expect(again.body.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining('deactivated by an admin') });
    // A wrong password learns nothing about the account.
    expect((await login('sam@example.com', 'not the password at all')).body.errors![0]!.message).toBe('Wrong email or password. Check both and log in again.');

    const audit = await h.data<Json>('{ auditEvents(action: "user.deactivate", first: 5) { edges { node { targetId changes } } } }');
    expect(audit.auditEvents.edges).toHaveLength(1);
    expect(audit.auditEvents.edges[0].node.changes.sessionsEnded).toEqual({ before: null, after: 1 });

    expect((await h.data<Json>('mutation($id: ID!) { reactivateUser(id: $id) { disabledAt } }', { id })).reactivateUser.disabledAt).toBeNull();
    const back = (await login('sam@example.com')).body.data!.login.token as string;
    expect((await h.gqlAs(back, ME)).status).toBe(200);
    // The session ended by the deactivation stays ended.
    expect((await h.gqlAs(token, ME)).status).toBe(401);
  });

  it('keeps a deactivated user out of assignment', async () => {
    h = await createGraphQLHarness(kind);
    const id = await newAgent('ines@example.com');
    await h.data('mutation($id: ID!) { setAvailability(available: true, userId: $id) { available } }', { id });
    const deactivated = await h.data<Json>('mutation($id: ID!) { deactivateUser(id: $id) { available } }', { id });
    expect(deactivated.deactivateUser.available).toBe(false);
    const available = await h.gql('mutation($id: ID!) { setAvailability(available: true, userId: $id) { available } }', { id });
    expect(available.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('reactivate them') });

    const customer = await h.data<Json>('mutation { recordInteraction(input: { email: "c@example.com", channel: "email", direction: INBOUND, type: "message", text: "Hello" }) { conversation { id } } }');
    const assign = await h.gql('mutation($c: ID!, $u: ID!) { assignConversation(id: $c, userId: $u) { id } }', { c: customer.recordInteraction.conversation.id, u: id });
    expect(assign.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('was deactivated') });
    expect((await h.gql('mutation { deactivateUser(id: "no-such-user") { id } }')).errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
