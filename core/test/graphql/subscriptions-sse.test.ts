import { createClient, type Client } from 'graphql-sse';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from './graphqlHarness.js';

const RECORD = 'mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id customer { id } conversation { id } } }';

/** What a graphql-sse subscription received. */
function collect(client: Client<boolean>, query: string) {
  const received = { results: [] as Json[], errors: [] as unknown[] };
  const dispose = client.subscribe({ query }, { next: (result) => void received.results.push(result), error: (error) => void received.errors.push(error), complete: () => {} });
  return { received, dispose };
}

async function eventually(check: () => boolean, poke: (attempt: number) => Promise<unknown>): Promise<void> {
  for (let attempt = 1; attempt <= 50 && !check(); attempt++) {
    await poke(attempt);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(TEST_DATABASES)('graphql-sse on /graphql/stream on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const record = async (email: string, text: string) =>
    (await h.data(RECORD, { input: { email, channel: 'chat', direction: 'INBOUND', type: 'message', text } })).recordInteraction;

  it('runs two subscriptions at once on one stream in single-connection mode', async () => {
    h = await createGraphQLHarness(kind);
    const requests: string[] = [];
    const client = createClient({
      url: `${h.url}/stream`,
      singleConnection: true,
      headers: h.authHeaders,
      retryAttempts: 0,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(init?.method ?? 'GET');
        return fetch(input, init);
      },
    });
    const interactions = collect(client, 'subscription { interactionRecorded { text customer { emails } } }');
    const conversations = collect(client, 'subscription { conversationChanged { kind conversation { channels } } }');
    await eventually(
      () => interactions.received.results.length > 0 && conversations.received.results.length > 0,
      (n) => record(`warm${n}@example.com`, `warm ${n}`),
    );
    interactions.received.results.length = 0;
    conversations.received.results.length = 0;

    await record('ada@example.com', 'over one stream');
    await eventually(() => interactions.received.results.length > 0 && conversations.received.results.length > 0, async () => {});
    expect(interactions.received.results).toEqual([{ data: { interactionRecorded: { text: 'over one stream', customer: { emails: ['ada@example.com'] } } } }]);
    expect(conversations.received.results).toEqual([{ data: { conversationChanged: { kind: 'OPENED', conversation: { channels: ['chat'] } } } }]);
    expect(interactions.received.errors).toEqual([]);
    // One reservation, one event stream, one POST per operation: no 405 anywhere.
    expect(requests.filter((method) => method === 'PUT')).toHaveLength(1);
    expect(requests.filter((method) => method === 'GET')).toHaveLength(1);
    expect(requests.filter((method) => method === 'POST')).toHaveLength(2);
    interactions.dispose();
    conversations.dispose();
    client.dispose();
  });

  it('serves distinct-connections mode on the stream path as well', async () => {
    h = await createGraphQLHarness(kind);
    const client = createClient({ url: `${h.url}/stream`, headers: h.authHeaders, retryAttempts: 0 });
    const interactions = collect(client, 'subscription { interactionRecorded { text } }');
    await eventually(() => interactions.received.results.length > 0, (n) => record('ada@example.com', `hello ${n}`));
    expect(interactions.received.results[0]).toEqual({ data: { interactionRecorded: { text: expect.stringMatching(/^hello \d+$/) } } });
    interactions.dispose();
    client.dispose();
  });
});

describe('graphql-sse on /graphql/stream: the door', () => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  it('refuses a reservation without a credential (401) and one from a form (CSRF), and preflights PUT and DELETE for listed origins', async () => {
    h = await createGraphQLHarness('sqlite', { cors: { origins: ['https://app.example'] } });
    const stream = `${h.url}/stream`;
    const anonymous = await fetch(stream, { method: 'PUT' });
    expect(anonymous.status).toBe(400);
    expect((await anonymous.json()).errors[0].extensions.code).toBe('PREFLIGHT_REQUIRED');
    const noCredential = await fetch(stream, { method: 'PUT', headers: { 'content-type': 'application/json' } });
    expect(noCredential.status).toBe(401);

    const reserved = await fetch(stream, { method: 'PUT', headers: h.authHeaders });
    expect(reserved.status).toBe(201);
    expect(await reserved.text()).toMatch(/\S+/);

    const preflight = await fetch(stream, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, x-graphql-event-stream-token' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-graphql-event-stream-token');
  });

  it('holds a POST to the stream to graphql.limits.maxBodyBytes', async () => {
    h = await createGraphQLHarness('sqlite');
    const query = `{ __typename ${' '.repeat(1_100_000)}}`;
    const response = await fetch(`${h.url}/stream`, { method: 'POST', headers: { ...h.authHeaders, 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query }) });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxBodyBytes' } });
  });
});
