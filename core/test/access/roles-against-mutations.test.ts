import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_SCOPES, ROLES, type Role, type Scope } from '../../src/access/scopes.js';
import { fieldScopeTable } from '../../src/graphql/access/fieldScopes.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from '../graphql/graphqlHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

/** One mutation as a client sends it, with what it needs prepared by the ADMIN key first. */
interface MutationCase {
  operation: string;
  prepare?(h: GraphQLHarness): Promise<Record<string, unknown>>;
  /** What the caller needs; undefined when anyone may call it (login) or any credential (logout). */
  needs?: Scope;
}

let created = 0;
const unique = (what: string) => `${what}-${++created}-${Math.random().toString(36).slice(2, 8)}`;

async function newCustomer(h: GraphQLHarness): Promise<string> {
  const data = await h.data<Json>('mutation($n: String) { createCustomer(input: { displayName: $n }) { id } }', { n: unique('customer') });
  return data.createCustomer.id as string;
}

async function openConversation(h: GraphQLHarness): Promise<{ customerId: string; conversationId: string }> {
  const data = await h.data<Json>(
    'mutation($e: String) { recordInteraction(input: { email: $e, channel: "email", direction: INBOUND, type: "message", text: "hello" }) { customer { id } conversation { id } } }',
    { e: `${unique('c')}@example.com` },
  );
  return { customerId: data.recordInteraction.customer.id, conversationId: data.recordInteraction.conversation.id };
}

/** A webhook endpoint (never sent to: the harness does not start the delivery worker). */
async function newWebhookEndpoint(h: GraphQLHarness, events = ['acme.never']): Promise<string> {
  const data = await h.data<Json>('mutation($e: [String!]!) { createWebhookEndpoint(input: { url: "https://hooks.example.com/rapport", events: $e }) { endpoint { id } } }', { e: events });
  return data.createWebhookEndpoint.endpoint.id as string;
}

/** A webhook delivery of a customer.created event, to redeliver. */
async function newWebhookDelivery(h: GraphQLHarness): Promise<string> {
  const id = await newWebhookEndpoint(h, ['customer.created']);
  await newCustomer(h);
  const data = await h.data<Json>('query($id: ID!) { webhookEndpoint(id: $id) { deliveries(first: 1) { edges { node { id } } } } }', { id });
  return data.webhookEndpoint.deliveries.edges[0].node.id as string;
}

async function newAgent(h: GraphQLHarness): Promise<string> {
  const data = await h.data<Json>('mutation($e: String!) { createUser(input: { email: $e, role: AGENT, password: "correct horse battery" }) { id } }', { e: `${unique('agent')}@example.com` });
  return data.createUser.id as string;
}

/**
 * Every mutation of the core schema, as each role would send it. The test below fails when the
 * schema gains a mutation this table does not know, so a new mutation cannot ship unchecked.
 */
const CASES: Record<string, MutationCase> = {
  createCustomer: { needs: 'customers:write', operation: 'mutation { createCustomer(input: { displayName: "Ada" }) { id } }' },
  updateCustomer: {
    needs: 'customers:write',
    operation: 'mutation($id: ID!) { updateCustomer(input: { id: $id, displayName: "Renamed" }) { id } }',
    prepare: async (h) => ({ id: await newCustomer(h) }),
  },
  mergeCustomers: {
    needs: 'customers:write',
    operation: 'mutation($t: ID!, $s: ID!) { mergeCustomers(input: { targetId: $t, sourceId: $s }) { id } }',
    prepare: async (h) => ({ t: await newCustomer(h), s: await newCustomer(h) }),
  },
  recordInteraction: {
    needs: 'interactions:write',
    operation: 'mutation($e: String) { recordInteraction(input: { email: $e, channel: "email", direction: INBOUND, type: "message", text: "hi" }) { id } }',
    prepare: async () => ({ e: `${unique('r')}@example.com` }),
  },
  recordInteractions: {
    needs: 'interactions:write',
    operation: 'mutation($e: String) { recordInteractions(inputs: [{ email: $e, channel: "email", direction: INBOUND, type: "message", text: "hi" }]) { id } }',
    prepare: async () => ({ e: `${unique('b')}@example.com` }),
  },
  sendMessage: {
    needs: 'messages:send',
    operation: 'mutation($c: ID!) { sendMessage(input: { customerId: $c, channel: "chat", text: "Thanks!" }) { id } }',
    prepare: async (h) => ({ c: (await openConversation(h)).customerId }),
  },
  resolveConversation: {
    needs: 'conversations:write',
    operation: 'mutation($id: ID!) { resolveConversation(id: $id) { id status } }',
    prepare: async (h) => ({ id: (await openConversation(h)).conversationId }),
  },
  defineSegment: {
    needs: 'customers:write',
    operation: 'mutation($id: ID!) { defineSegment(input: { id: $id, name: "Unhappy", rules: { field: "score.csat", op: "lt", value: 40 } }) { id memberCount } }',
    prepare: async () => ({ id: unique('segment').toLowerCase() }),
  },
  deleteSegment: {
    needs: 'customers:write',
    operation: 'mutation($id: ID!) { deleteSegment(id: $id) }',
    prepare: async (h) => {
      const id = unique('to-delete').toLowerCase();
      await h.data('mutation($id: ID!) { defineSegment(input: { id: $id, name: "Gone soon", rules: { field: "score.csat", op: "lt", value: 40 } }) { id } }', { id });
      return { id };
    },
  },
  assignConversation: {
    needs: 'conversations:write',
    operation: 'mutation($id: ID!, $u: ID) { assignConversation(id: $id, userId: $u) { id } }',
    prepare: async (h) => ({ id: (await openConversation(h)).conversationId, u: await newAgent(h) }),
  },
  takeOverConversation: {
    needs: 'conversations:write',
    operation: 'mutation($id: ID!) { takeOverConversation(id: $id) { id handler } }',
    prepare: async (h) => ({ id: (await openConversation(h)).conversationId }),
  },
  setAvailability: {
    needs: 'conversations:write',
    operation: 'mutation($u: ID) { setAvailability(available: true, userId: $u) { available } }',
    prepare: async (h) => ({ u: await newAgent(h) }),
  },
  setTyping: {
    needs: 'messages:send',
    operation: 'mutation($id: ID!) { setTyping(conversationId: $id, typing: true) }',
    prepare: async (h) => ({ id: (await openConversation(h)).conversationId }),
  },
  setPluginEnabled: {
    needs: 'plugins:manage',
    operation: 'mutation { setPluginEnabled(name: "@fixtures/graphql-test-channel", enabled: true) { name state } }',
  },
  cancelWorkflowRun: { needs: 'workflows:manage', operation: 'mutation { cancelWorkflowRun(id: "V29ya2Zsb3dSdW46bm9uZQ") { id } }' },
  retryWorkflowRun: { needs: 'workflows:manage', operation: 'mutation { retryWorkflowRun(id: "V29ya2Zsb3dSdW46bm9uZQ") { id } }' },
  createApiKey: {
    needs: 'access:manage',
    operation: 'mutation($n: String!) { createApiKey(input: { name: $n, role: VIEWER }) { token apiKey { name } } }',
    prepare: async () => ({ n: unique('key') }),
  },
  revokeApiKey: {
    needs: 'access:manage',
    operation: 'mutation($n: ID!) { revokeApiKey(name: $n) }',
    prepare: async (h) => {
      const name = unique('to-revoke');
      await h.data('mutation($n: String!) { createApiKey(input: { name: $n, role: VIEWER }) { token } }', { n: name });
      return { n: name };
    },
  },
  createUser: {
    needs: 'access:manage',
    operation: 'mutation($e: String!) { createUser(input: { email: $e, role: AGENT, password: "correct horse battery" }) { id } }',
    prepare: async () => ({ e: `${unique('agent')}@example.com` }),
  },
  deactivateUser: {
    needs: 'access:manage',
    operation: 'mutation($id: ID!) { deactivateUser(id: $id) { disabledAt } }',
    prepare: async (h) => ({ id: await newAgent(h) }),
  },
  reactivateUser: {
    needs: 'access:manage',
    operation: 'mutation($id: ID!) { reactivateUser(id: $id) { disabledAt } }',
    prepare: async (h) => {
      const id = await newAgent(h);
      await h.data('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id });
      return { id };
    },
  },
  eraseCustomer: {
    needs: 'privacy:manage',
    operation: 'mutation($id: ID!) { eraseCustomer(id: $id) }',
    prepare: async (h) => ({ id: await newCustomer(h) }),
  },
  login: {
    operation: 'mutation($e: String!) { login(email: $e, password: "correct horse battery") { token user { email } } }',
    prepare: async (h) => {
      const email = `${unique('person')}@example.com`;
      await h.data('mutation($e: String!) { createUser(input: { email: $e, role: VIEWER, password: "correct horse battery" }) { id } }', { e: email });
      return { e: email };
    },
  },
  logout: { operation: 'mutation { logout }' },
  createWebhookEndpoint: {
    needs: 'access:manage',
    operation: 'mutation { createWebhookEndpoint(input: { url: "https://hooks.example.com/rapport", events: ["conversation.*"] }) { secret } }',
  },
  deleteWebhookEndpoint: {
    needs: 'access:manage',
    operation: 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }',
    prepare: async (h) => ({ id: await newWebhookEndpoint(h) }),
  },
  rotateWebhookSecret: {
    needs: 'access:manage',
    operation: 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
    prepare: async (h) => ({ id: await newWebhookEndpoint(h) }),
  },
  setWebhookEndpointEnabled: {
    needs: 'access:manage',
    operation: 'mutation($id: ID!) { setWebhookEndpointEnabled(id: $id, enabled: false) { enabled } }',
    prepare: async (h) => ({ id: await newWebhookEndpoint(h) }),
  },
  sendTestWebhook: {
    needs: 'access:manage',
    operation: 'mutation($id: ID!) { sendTestWebhook(id: $id) { id } }',
    prepare: async (h) => ({ id: await newWebhookEndpoint(h) }),
  },
  redeliverWebhook: {
    needs: 'access:manage',
    operation: 'mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }',
    prepare: async (h) => ({ id: await newWebhookDelivery(h) }),
  },
};

describe.each(TEST_DATABASES)('every role against every mutation (%s)', (kind) => {
  let h: GraphQLHarness;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    h = await createGraphQLHarness(kind, { plugins: ['graphql-test-channel-js'] });
    for (const role of ROLES) tokens[role] = await h.createKey({ role });
  });
  afterAll(() => h.close());

  it('knows every mutation of the schema, and the schema asks for the scope the table expects', async () => {
    const schema = await h.server.schema();
    const table = fieldScopeTable(schema);
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(mutations).toEqual(Object.keys(CASES).sort());
    for (const [name, { needs }] of Object.entries(CASES)) {
      const requirement = table.requirementOf('Mutation', name);
      if (needs) expect(requirement, name).toEqual({ kind: 'scope', scope: needs });
      else expect(requirement.kind, name).not.toBe('scope');
    }
  });

  for (const role of ROLES) {
    it(`${role}: refused exactly the mutations its role has no scope for, with nothing written`, async () => {
      for (const [name, mutation] of Object.entries(CASES)) {
        const variables = (await mutation.prepare?.(h)) ?? {};
        const audited = await auditCount(h);
        const { status, body } = await h.gqlAs(tokens[role], mutation.operation, variables);
        const allowed = mutation.needs === undefined || ROLE_SCOPES[role].includes(mutation.needs);
        const codes = (body.errors ?? []).map((error) => error.extensions?.code);
        if (allowed) {
          expect(codes, `${role} ${name}: ${JSON.stringify(body.errors)}`).not.toContain('PERMISSION_DENIED');
          expect(codes, `${role} ${name}`).not.toContain('UNAUTHENTICATED');
          continue;
        }
        expect(status, `${role} ${name}`).toBe(403);
        expect(codes, `${role} ${name}`).toEqual(['PERMISSION_DENIED']);
        expect(body.errors![0]!.message).toContain(mutation.needs);
        expect(body.data ?? null).toBeNull();
        expect(await auditCount(h), `${role} ${name} wrote an audit event although refused`).toBe(audited);
      }
    });
  }

  it('answers 401 UNAUTHENTICATED to every mutation but login without a credential', async () => {
    for (const [name, mutation] of Object.entries(CASES)) {
      const variables = (await mutation.prepare?.(h)) ?? {};
      const { status, body } = await h.gqlAs(undefined, mutation.operation, variables);
      const codes = (body.errors ?? []).map((error) => error.extensions?.code);
      if (name === 'login') {
        expect(status, name).toBe(200);
        expect(body.errors, name).toBeUndefined();
        expect(body.data).toMatchObject({ login: { token: expect.stringMatching(/^rs_/), user: { email: variables.e } } });
        continue;
      }
      expect(status, name).toBe(401);
      expect(codes, name).toEqual(['UNAUTHENTICATED']);
    }
  });
});

async function auditCount(h: GraphQLHarness): Promise<number> {
  const data = await h.data<Json>('{ auditEvents(first: 1) { totalCount } }');
  return data.auditEvents.totalCount as number;
}
