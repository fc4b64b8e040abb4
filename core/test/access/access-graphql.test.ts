import { afterEach, describe, expect, it } from 'vitest';
import { ROLE_SCOPES, SCOPES } from '../../src/access/scopes.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const ME = '{ me { kind id name role scopes } }';
const PASSWORD = 'a passphrase of some length';

describe.each(TEST_DATABASES)('credentials in the GraphQL API (%s)', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  it('creates, lists and revokes API keys, and says who the caller is', async () => {
    h = await createGraphQLHarness(kind);
    expect(await h.data(ME)).toEqual({ me: { kind: 'API_KEY', id: 'harness-1', name: 'harness-1', role: 'ADMIN', scopes: [...SCOPES] } });

    const created = await h.data<Json>(`mutation {
      createApiKey(input: { name: "crm-sync", scopes: ["customers:read", "interactions:write"] }) {
        token apiKey { name role scopes prefix createdAt lastUsedAt revokedAt }
      }
    }`);
    const { token, apiKey } = created.createApiKey;
    expect(token).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      name: 'crm-sync',
      role: null,
      scopes: ['customers:read', 'interactions:write'],
      prefix: token.slice(0, 9),
      createdAt: h.clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    const asKey = await h.gqlAs(token, ME);
    expect(asKey.body.data).toEqual({ me: { kind: 'API_KEY', id: 'crm-sync', name: 'crm-sync', role: null, scopes: ['customers:read', 'interactions:write'] } });

    const listed = await h.data<Json>('{ apiKeys { name role prefix } }');
    expect(listed.apiKeys).toEqual([
      { name: 'crm-sync', role: null, prefix: token.slice(0, 9) },
      { name: 'harness-1', role: 'ADMIN', prefix: h.adminToken.slice(0, 9) },
    ]);
    expect(JSON.stringify(listed)).not.toContain(token);

    expect(await h.data('mutation { revokeApiKey(name: "crm-sync") }')).toEqual({ revokeApiKey: true });
    expect((await h.gqlAs(token, ME)).status).toBe(401);
    const events = await h.services.audit.list({ targetId: 'crm-sync' }, 10);
    expect(events.map((event) => [event.action, event.actor.kind, event.actor.id])).toEqual([
      ['apiKey.revoke', 'API_KEY', 'harness-1'],
      ['apiKey.create', 'API_KEY', 'harness-1'],
    ]);
  });

  it('answers bad key requests with coded errors', async () => {
    h = await createGraphQLHarness(kind);
    const unknownScope = await h.gql('mutation { createApiKey(input: { name: "x", scopes: ["customers:read", "root"] }) { token } }');
    expect(unknownScope.errors?.[0]).toMatchObject({
      message: `Unknown scope "root". The scopes are ${SCOPES.join(', ')}.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'scopes' },
    });
    const both = await h.gql('mutation { createApiKey(input: { name: "x", role: VIEWER, scopes: ["customers:read"] }) { token } }');
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknownKey = await h.gql('mutation { revokeApiKey(name: "ghost") }');
    expect(unknownKey.errors?.[0]).toMatchObject({ message: expect.stringContaining('No API key named "ghost"'), extensions: { code: 'NOT_FOUND' } });
    await h.data('mutation { createApiKey(input: { name: "twice", role: AGENT }) { token } }');
    const twice = await h.gql('mutation { createApiKey(input: { name: "twice", role: AGENT }) { token } }');
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('creates users who log in, see themselves, and log out for good', async () => {
    h = await createGraphQLHarness(kind);
    const created = await h.data<Json>(`mutation($password: String!) {
      createUser(input: { email: "Agent@Example.com", displayName: "Agnes", role: AGENT, password: $password }) { id email displayName role createdAt }
    }`, { password: PASSWORD });
    const user = created.createUser;
    expect(user).toEqual({ id: expect.any(String), email: 'agent@example.com', displayName: 'Agnes', role: 'AGENT', createdAt: h.clock.now().toISOString() });
    const duplicate = await h.gql('mutation($p: String!) { createUser(input: { email: "agent@example.com", role: VIEWER, password: $p }) { id } }', { p: PASSWORD });
    expect(duplicate.errors?.[0]).toMatchObject({ message: 'A user with the email "agent@example.com" already exists.', extensions: { code: 'CONFLICT' } });
    const short = await h.gql('mutation { createUser(input: { email: "s@example.com", role: VIEWER, password: "too short" }) { id } }');
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await h.data<Json>('{ users { email role } }')).users).toEqual([{ email: 'agent@example.com', role: 'AGENT' }]);

    const LOGIN = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { id email } } }';
    const wrong = await h.gqlAs(undefined, LOGIN, { email: 'agent@example.com', password: 'not the passphrase' });
    expect(wrong.body.errors?.[0]).toMatchObject({ message: 'Wrong email or password. Check both and log in again.', extensions: { code: 'UNAUTHENTICATED' } });
    const nobody = await h.gqlAs(undefined, LOGIN, { email: 'nobody@example.com', password: PASSWORD });
    expect(nobody.body.errors?.[0]?.message).toBe(wrong.body.errors?.[0]?.message);

    const login = await h.gqlAs(undefined, LOGIN, { email: 'agent@example.com', password: PASSWORD });
    expect(login.status).toBe(200);
    const session = login.body.data!.login as Json;
    expect(session).toEqual({
      token: expect.stringMatching(/^rs_[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(h.clock.now().getTime() + 12 * 60 * 60 * 1000).toISOString(),
      user: { id: user.id, email: 'agent@example.com' },
    });
    const me = await h.gqlAs(session.token, ME);
    expect(me.body.data).toEqual({ me: { kind: 'USER', id: user.id, name: 'agent@example.com', role: 'AGENT', scopes: [...ROLE_SCOPES.AGENT] } });

    expect((await h.gqlAs(session.token, 'mutation { logout }')).body.data).toEqual({ logout: true });
    expect((await h.gqlAs(session.token, ME)).status).toBe(401);
    // An API key has no session to end.
    expect(await h.data('mutation { logout }')).toEqual({ logout: false });
    expect(JSON.stringify(await h.services.audit.list({}, 50))).not.toContain(PASSWORD);
  });

  it('keeps credential management to holders of access:manage', async () => {
    h = await createGraphQLHarness(kind);
    const agent = await h.createKey({ role: 'AGENT' });
    for (const operation of ['{ apiKeys { name } }', '{ users { email } }', 'mutation { createApiKey(input: { name: "mine", role: ADMIN }) { token } }', 'mutation { revokeApiKey(name: "harness-1") }']) {
      const refused = await h.gqlAs(agent, operation);
      expect(refused.body.errors?.[0]?.extensions, operation).toMatchObject({ code: 'PERMISSION_DENIED', scope: 'access:manage' });
    }
    expect((await h.gqlAs(h.adminToken, ME)).status).toBe(200);
  });
});
