import { afterEach, describe, expect, it } from 'vitest';
import { createGraphQLHarness, type GraphQLHarness, type Json } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

describe.each(TEST_DATABASES)('the door of the GraphQL API (%s)', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const post = (headers: Record<string, string>, query: string) =>
    fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  it('refuses a request without a credential, or with a wrong or malformed one, with 401 UNAUTHENTICATED', async () => {
    h = await createGraphQLHarness(kind);
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer rk_not-a-key' }, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }]) {
      const response = await post(headers, '{ customers { totalCount } }');
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      const body = (await response.json()) as Json;
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data ?? null).toBeNull();
    }
    // Introspection is no way around it.
    const introspection = await post({}, '{ __schema { queryType { name } } }');
    expect(introspection.status).toBe(401);
  });

  it('leaves GraphiQL, /healthz and the channels outside the door', async () => {
    h = await createGraphQLHarness(kind);
    const page = await fetch(h.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('authenticates subscriptions the same way', async () => {
    h = await createGraphQLHarness(kind);
    const subscribe = (headers: Record<string, string>) =>
      fetch(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ query: 'subscription { interactionRecorded { id text } }' }),
      });
    expect((await subscribe({})).status).toBe(401);
    expect((await subscribe({ authorization: 'Bearer rk_revoked-or-never-was' })).status).toBe(401);
    const customersOnly = await h.createKey({ scopes: ['customers:read'] });
    const refused = await subscribe({ authorization: `Bearer ${customersOnly}` });
    expect(await refused.text()).toContain('PERMISSION_DENIED');
    const abort = new AbortController();
    const viewer = await h.createKey({ role: 'VIEWER' });
    const allowed = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${viewer}` },
      body: JSON.stringify({ query: 'subscription { interactionRecorded { id text } }' }),
      signal: abort.signal,
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toContain('text/event-stream');
    abort.abort();
  });

  it('refuses a revoked key at once', async () => {
    h = await createGraphQLHarness(kind);
    const created = await h.data<Json>('mutation { createApiKey(input: { name: "short-lived", role: VIEWER }) { token apiKey { name } } }');
    const token = created.createApiKey.token as string;
    expect(token).toMatch(/^rk_[\w-]{43,}$/);
    expect((await h.gqlAs(token, '{ customers { totalCount } }')).status).toBe(200);
    expect(await h.data<Json>('mutation { revokeApiKey(name: "short-lived") }')).toEqual({ revokeApiKey: true });
    const after = await h.gqlAs(token, '{ customers { totalCount } }');
    expect(after.status).toBe(401);
    expect(after.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('checks every selected field against the scopes of the credential, before anything runs', async () => {
    h = await createGraphQLHarness(kind);
    await h.data('mutation { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", text: "private words" }) { id } }');

    const customersOnly = await h.createKey({ scopes: ['customers:read'] });
    const names = await h.gqlAs(customersOnly, '{ customers { edges { node { displayName emails } } } }');
    expect(names.status).toBe(200);
    const texts = await h.gqlAs(customersOnly, '{ customers { edges { node { interactions { edges { node { text } } } } } } }');
    expect(texts.status).toBe(403);
    expect(texts.body.errors![0]!.extensions).toMatchObject({ code: 'PERMISSION_DENIED', scope: 'interactions:read', field: 'Customer.interactions' });
    expect(JSON.stringify(texts.body)).not.toContain('private words');

    // A writer may read back the id of what it wrote, and nothing more.
    const writer = await h.createKey({ scopes: ['interactions:write'] });
    const recorded = await h.gqlAs(writer, 'mutation { recordInteraction(input: { email: "bob@example.com", channel: "email", direction: INBOUND, type: "message", text: "hi" }) { id } }');
    expect(recorded.status).toBe(200);
    expect(recorded.body.data).toMatchObject({ recordInteraction: { id: expect.any(String) } });
    const nosy = await h.gqlAs(writer, 'mutation { recordInteraction(input: { email: "eve@example.com", channel: "email", direction: INBOUND, type: "message", text: "hi" }) { customer { displayName } } }');
    expect(nosy.status).toBe(403);
    expect(nosy.body.errors![0]!.extensions).toMatchObject({ code: 'PERMISSION_DENIED', field: 'Interaction.customer', scope: 'interactions:read' });
    const eve = await h.data<Json>('{ customers(query: "eve@example.com") { totalCount } }');
    expect(eve.customers.totalCount).toBe(0);
  });

  it('answers `me` for a key and reports the caller in the audit log with the request id', async () => {
    h = await createGraphQLHarness(kind);
    const agent = await h.createKey({ role: 'AGENT' });
    const me = await h.gqlAs(agent, '{ me { kind id role scopes } }');
    expect(me.body.data).toMatchObject({ me: { kind: 'API_KEY', role: 'AGENT', scopes: expect.arrayContaining(['messages:send']) } });
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}`, 'x-request-id': 'req-audit-42' },
      body: JSON.stringify({ query: 'mutation { createCustomer(input: { displayName: "Traced" }) { id } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('req-audit-42');
    const created = ((await response.json()) as Json).data.createCustomer.id as string;
    const events = await h.data<Json>('query($t: ID) { auditEvents(targetId: $t) { edges { node { action requestId actor { kind id } } } } }', { t: created });
    expect(events.auditEvents.edges.map((edge: Json) => edge.node)).toEqual([
      { action: 'customer.create', requestId: 'req-audit-42', actor: { kind: 'API_KEY', id: (me.body.data as Json).me.id } },
    ]);
  });

  it("checks a plugin's fields by the scope it declares, customers:read when it declares none", async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-scoped-js', 'graphql-anonymous-js'] });
    const { id } = (await h.data<Json>('mutation { createCustomer(input: { displayName: "Grace" }) { id } }')).createCustomer;
    const viewer = await h.createKey({ role: 'VIEWER' });
    const nickname = await h.gqlAs(viewer, 'query($id: ID!) { customer(id: $id) { nickname } }', { id });
    expect(nickname.body).toEqual({ data: { customer: { nickname: 'Gra' } } });
    const note = await h.gqlAs(viewer, 'query($id: ID!) { customer(id: $id) { riskNote } }', { id });
    expect(note.status).toBe(403);
    expect(note.body.errors![0]!.extensions).toMatchObject({ code: 'PERMISSION_DENIED', scope: 'privacy:manage' });
    expect((await h.gqlAs(h.adminToken, 'query($id: ID!) { customer(id: $id) { riskNote } }', { id })).body).toEqual({ data: { customer: { riskNote: 'handle with care' } } });

    // A plugin may not open a door: its schema is refused and the plugin fails alone.
    const plugins = await h.data<Json>('{ plugins { name state error } }');
    const anonymous = plugins.plugins.find((plugin: Json) => plugin.name === '@fixtures/graphql-anonymous');
    expect(anonymous.state).toBe('FAILED');
    expect(anonymous.error).toContain('@anonymous');
    expect((await h.gqlAs(undefined, '{ openDoor }')).status).not.toBe(200);
  });
});
