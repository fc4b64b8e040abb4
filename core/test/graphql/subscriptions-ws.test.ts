import { afterEach, describe, expect, it } from 'vitest';
import { createClient as createSseClient } from 'graphql-sse';
import WebSocket from 'ws';
import { DEFAULT_GRAPHQL_OPTIONS } from '../../src/access/GraphQLOptions.js';
import type { Kernel } from '../../src/kernel/createKernel.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';
import { closeOf, subscribeWs, untilReceived, wsClient, wsUrlOf } from './subscriptionClients.js';

const RECORD = 'mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id customer { id } conversation { id } } }';

/** The harness's services are the kernel's (spread), stores included. */
const kernelOf = (h: GraphQLHarness) => h.services as unknown as Kernel;

describe('graphql-ws on /graphql: the door', () => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  it('closes a connection without a credential with 4401 and one with a bad or revoked token with 4403', async () => {
    h = await createGraphQLHarness('sqlite');
    const none = await closeOf(h.url, {});
    expect(none.code).toBe(4401);
    expect(none.reason).toContain('authorization');

    const unknown = await closeOf(h.url, { authorization: 'Bearer rk_not-a-real-key-0000000000000000000000000' });
    expect(unknown).toMatchObject({ code: 4403, reason: expect.stringContaining('unknown, revoked, expired') });
    expect((await closeOf(h.url, { authorization: 'Basic abc' })).code).toBe(4403);

    const created = await kernelOf(h).apiKeys.create({ name: 'soon-revoked', role: 'VIEWER' });
    await kernelOf(h).apiKeys.revoke('soon-revoked');
    expect((await closeOf(h.url, { authorization: `Bearer ${created.token}` })).code).toBe(4403);
  });

  it('takes the token from connection_init as authorization or Authorization, or from the upgrade header', async () => {
    h = await createGraphQLHarness('sqlite');
    for (const [params, headers] of [
      [{ authorization: `Bearer ${h.adminToken}` }, undefined],
      [{ Authorization: `Bearer ${h.adminToken}` }, undefined],
      [{}, { authorization: `Bearer ${h.adminToken}` }],
    ] as const) {
      class WithHeaders extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      }
      const client = wsClient(h.url, params, { webSocketImpl: WithHeaders });
      const result = await new Promise((resolve, reject) => {
        client.subscribe({ query: '{ me { kind } }' }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result).toEqual({ data: { me: { kind: 'API_KEY' } } });
      await client.dispose();
    }
  });

  it("refuses fields outside the key's scopes, as over HTTP, and runs every limit", async () => {
    h = await createGraphQLHarness('sqlite');
    const token = await h.createKey({ scopes: ['customers:read'] });
    const client = wsClient(h.url, { authorization: `Bearer ${token}` });
    const interactions = subscribeWs(client, 'subscription { interactionRecorded { id } }');
    const refused = await interactions.outcome();
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'PERMISSION_DENIED', scope: 'interactions:read' } });
    expect(refused.errors?.[0].message).toContain('Subscription.interactionRecorded needs the scope interactions:read');

    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: customers(first: 1) { totalCount }`).join(' ');
    const tooMany = subscribeWs(client, `{ ${aliases} }`);
    expect((await tooMany.outcome()).errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' } });
    await client.dispose();
  });

  it('refuses an upgrade from a foreign origin with 403, and lets the own origin and listed ones in', async () => {
    h = await createGraphQLHarness('sqlite', { cors: { origins: ['https://app.example'] } });
    const upgrade = (origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(wsUrlOf(h.url), 'graphql-transport-ws', { headers: { origin } });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('error', () => {});
      });
    expect(await upgrade('https://evil.example')).toBe(403);
    expect(await upgrade('https://app.example')).toBe(101);
    expect(await upgrade(new URL(h.url).origin)).toBe(101);
  });

  it('holds the persisted operation list over graphql-ws and graphql-sse: ids run, texts are refused to non-admins', async () => {
    const listed = 'subscription { conversationChanged { kind } }';
    h = await createGraphQLHarness('sqlite', {
      graphql: { ...DEFAULT_GRAPHQL_OPTIONS, persistedOperations: { file: 'list.json', operations: new Map([['changes', listed]]), onlyListed: true } },
    });
    const agent = await h.createKey({ role: 'AGENT' });
    const client = wsClient(h.url, { authorization: `Bearer ${agent}` });
    const text = subscribeWs(client, 'subscription { interactionRecorded { id } }');
    expect((await text.outcome()).errors?.[0]).toMatchObject({ extensions: { code: 'PERSISTED_OPERATION_REQUIRED' } });
    const byId: unknown[] = [];
    client.subscribe({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: 'changes' } } }, { next: (result) => void byId.push(result), error: (error) => void byId.push(error), complete: () => {} });
    for (let n = 0; n < 50 && byId.length === 0; n++) {
      await h.data(`mutation { recordInteraction(input: { email: "ada${n}@example.com", channel: "chat", direction: INBOUND, type: "message", text: "hi" }) { id } }`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(byId[0]).toEqual({ data: { conversationChanged: { kind: 'OPENED' } } });
    await client.dispose();

    const sse = createSseClient({ url: `${h.url}/stream`, headers: { authorization: `Bearer ${agent}` }, retryAttempts: 0 });
    const refused = await new Promise<unknown>((resolve) => {
      sse.subscribe({ query: 'subscription { interactionRecorded { id } }' }, { next: resolve, error: resolve, complete: () => {} });
    });
    expect(refused).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_OPERATION_REQUIRED' } }] });
    const sseById: unknown[] = [];
    sse.subscribe({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: 'changes' } } }, { next: (result) => void sseById.push(result), error: (error) => void sseById.push(error), complete: () => {} });
    for (let n = 0; n < 50 && sseById.length === 0; n++) {
      await h.data(`mutation { recordInteraction(input: { email: "grace${n}@example.com", channel: "chat", direction: INBOUND, type: "message", text: "hi" }) { id } }`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sseById[0]).toEqual({ data: { conversationChanged: { kind: 'OPENED' } } });
    sse.dispose();
  });

  it('bounds the operations of one connection', async () => {
    h = await createGraphQLHarness('sqlite');
    const client = wsClient(h.url, { authorization: `Bearer ${h.adminToken}` });
    const open = Array.from({ length: 50 }, () => subscribeWs(client, 'subscription { conversationChanged { eventId } }'));
    const extra = subscribeWs(client, 'subscription { conversationChanged { eventId } }');
    const refused = await extra.outcome();
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
    expect(refused.errors?.[0].message).toContain('50');
    for (const subscription of open) expect(subscription.results).toEqual([]);
    await client.dispose();
  });
});

describe.each(TEST_DATABASES)('graphql-ws subscriptions on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const record = async (email: string, text: string) =>
    (await h.data(RECORD, { input: { email, channel: 'chat', direction: 'INBOUND', type: 'message', text } })).recordInteraction;

  it("streams a customer's recorded interactions, and only theirs", async () => {
    h = await createGraphQLHarness(kind);
    const ada = (await record('ada@example.com', 'first')).customer.id;
    const client = wsClient(h.url, { authorization: `Bearer ${h.adminToken}` });
    const received = subscribeWs(client, 'subscription ($id: ID) { interactionRecorded(customerId: $id) { text customer { id } } }', { id: ada });
    await untilReceived(
      received,
      async (n) => {
        await record('grace@example.com', `grace ${n}`);
        await record('ada@example.com', `ada ${n}`);
      },
      (result) => /^ada \d+$/.test(result.data?.interactionRecorded.text),
    );
    await record('grace@example.com', 'grace again');
    await record('ada@example.com', 'ada again');
    await received.waitFor((result) => result.data?.interactionRecorded.text === 'ada again');
    expect(received.results.every((result) => result.data.interactionRecorded.customer.id === ada)).toBe(true);
    await client.dispose();
  });

  it('conversationChanged(status: RESOLVED) delivers resolutions only, with the conversation', async () => {
    h = await createGraphQLHarness(kind);
    const client = wsClient(h.url, { authorization: `Bearer ${h.adminToken}` });
    const resolved = subscribeWs(client, 'subscription { conversationChanged(status: RESOLVED) { eventId kind status at conversation { id status customer { emails } } } }');
    const all = subscribeWs(client, 'subscription { conversationChanged { kind conversation { id } } }');
    // Ready once a resolution arrives on both.
    await untilReceived(resolved, async (n) => {
      const { conversation } = await record(`warm${n}@example.com`, 'hello');
      await h.data('mutation ($id: ID!) { resolveConversation(id: $id) { id } }', { id: conversation.id });
    }, () => true);
    await all.waitFor((result) => result.data?.conversationChanged.kind === 'RESOLVED');

    const before = resolved.results.length;
    const opened = (await record('ada@example.com', 'needs help')).conversation.id;
    await all.waitFor((result) => result.data?.conversationChanged.kind === 'OPENED' && result.data.conversationChanged.conversation.id === opened);
    await h.data('mutation ($id: ID!) { resolveConversation(id: $id) { id } }', { id: opened });
    const change = await resolved.waitFor((result) => result.data?.conversationChanged.conversation.id === opened);
    expect(change.data?.conversationChanged).toEqual({
      eventId: expect.any(String),
      kind: 'RESOLVED',
      status: 'RESOLVED',
      at: expect.stringMatching(/Z$/),
      conversation: { id: opened, status: 'RESOLVED', customer: { emails: ['ada@example.com'] } },
    });
    expect(resolved.results.slice(before).map((result) => result.data?.conversationChanged.kind)).toEqual(['RESOLVED']);
    expect(resolved.results.every((result) => result.data?.conversationChanged.status === 'RESOLVED')).toBe(true);
    await client.dispose();
  });

  it("customerChanged(id) delivers that customer's score, segment and detail changes only; a bad id is BAD_USER_INPUT", async () => {
    h = await createGraphQLHarness(kind);
    const kernel = kernelOf(h);
    const ada = (await record('ada@example.com', 'hi')).customer.id;
    const grace = (await record('grace@example.com', 'hi')).customer.id;
    const raw = async (id: string) => (await h.data('query ($id: ID!) { customer(id: $id) { id } }', { id })).customer && Buffer.from(id, 'base64url').toString().split(':')[1]!;
    const [adaId, graceId] = [await raw(ada), await raw(grace)];
    const client = wsClient(h.url, { authorization: `Bearer ${h.adminToken}` });
    const received = subscribeWs(
      client,
      'subscription ($id: ID) { customerChanged(id: $id) { kind customer { id displayName } rule value previousValue model segment } }',
      { id: ada },
    );
    let n = 0;
    await untilReceived(received, async () => {
      n++;
      await kernel.scores.apply(graceId, 'csat', { value: n, explanation: 'grace' }, h.clock.now());
      await kernel.scores.apply(adaId, 'csat', { value: n, explanation: 'ada' }, h.clock.now());
    }, (result) => result.data?.customerChanged.kind === 'SCORE_CHANGED');

    await kernel.segments.apply(graceId, 'lifecycle', ['loyal'], h.clock.now());
    await kernel.segments.apply(adaId, 'lifecycle', ['loyal'], h.clock.now());
    await h.data('mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }', { input: { id: grace, displayName: 'Grace' } });
    await h.data('mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }', { input: { id: ada, displayName: 'Ada' } });
    await received.waitFor((result) => result.data?.customerChanged.kind === 'UPDATED');
    const kinds = received.results.map((result) => result.data?.customerChanged);
    expect(kinds.every((change) => change.customer.id === ada)).toBe(true);
    expect(kinds.find((change) => change.kind === 'SEGMENT_ENTERED')).toMatchObject({ model: 'lifecycle', segment: 'loyal', rule: null });
    expect(kinds.at(-1)).toMatchObject({ kind: 'UPDATED', customer: { displayName: 'Ada' } });
    expect(kinds.filter((change) => change.kind === 'SCORE_CHANGED').at(-1)).toMatchObject({ rule: 'csat', value: n, previousValue: n > 1 ? n - 1 : null });

    const bad = subscribeWs(client, 'subscription { customerChanged(id: "nope") { kind } }');
    expect((await bad.outcome()).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await client.dispose();
  });

  it('closes open WebSockets when the server closes', async () => {
    h = await createGraphQLHarness(kind);
    const closed = new Promise<number>((resolve) => {
      const client = wsClient(h.url, { authorization: `Bearer ${h.adminToken}` }, { on: { closed: (event) => resolve((event as { code: number }).code) } });
      subscribeWs(client, 'subscription { conversationChanged { eventId } }');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await h.server.close();
    expect(await closed).toBe(1001);
  });
});
