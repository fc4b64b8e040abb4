import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPHQL_LIMITS, DEFAULT_GRAPHQL_OPTIONS, type GraphQLOptions } from '../../src/access/GraphQLOptions.js';
import { createGraphQLHarness, globalIdOf, type GraphQLHarness, type GraphQLResult } from './graphqlHarness.js';

/** The global id of a customer that does not exist. */
const NOBODY = globalIdOf('Customer', '00000000-0000-4000-8000-000000000000');

/** POSTs an operation as the harness's admin and returns the status and the body. */
async function post(harness: GraphQLHarness, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLResult }> {
  const response = await fetch(harness.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...harness.authHeaders },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResult };
}

/** Asserts the refusal of contract §9 for `limit`, and returns its message. */
function expectTooComplex(result: { status: number; body: GraphQLResult }, limit: string): string {
  expect(result.status).toBe(400);
  expect(result.body.data ?? undefined).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  const [error] = result.body.errors!;
  expect(error!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
  expect(error!.message.startsWith(`${limit}: `)).toBe(true);
  expect(error!.message).toContain(`graphql.limits.${limit}`);
  return error!.message;
}

function expectServed(result: { status: number; body: GraphQLResult }): void {
  expect(result.body.errors).toBeUndefined();
  expect(result.status).toBe(200);
}

/**
 * A query whose deepest path is exactly `depth` fields: customer, then conversations, edges,
 * node, customer, … over and over (one conversation per page, so the node count stays small),
 * ending on a leaf.
 */
function queryOfDepth(depth: number): string {
  const cycle = ['conversations(first: 1)', 'edges', 'node', 'customer'];
  const leafOf: Record<string, string> = { 'conversations(first: 1)': 'totalCount', edges: 'cursor', node: 'id', customer: 'id' };
  const path = [`customer(id: "${NOBODY}")`];
  while (path.length < depth - 1) path.push(cycle[(path.length - 1) % cycle.length]!);
  const last = path.length === 1 ? 'customer' : path.at(-1)!;
  return `{ ${path.map((field) => `${field} {`).join(' ')} ${leafOf[last]} ${'}'.repeat(path.length)} }`;
}

describe('GraphQL limits at their defaults (graphql.limits)', () => {
  let harness: GraphQLHarness;
  beforeAll(async () => {
    harness = await createGraphQLHarness('sqlite');
  });
  afterAll(async () => harness.close());

  it('serves a query as deep as maxDepth and refuses one level deeper', async () => {
    expectServed(await post(harness, queryOfDepth(DEFAULT_GRAPHQL_LIMITS.maxDepth)));
    const message = expectTooComplex(await post(harness, queryOfDepth(13)), 'maxDepth');
    expect(message).toBe('maxDepth: the query is 13 deep; the limit is 12. Flatten the query or raise graphql.limits.maxDepth.');
  });

  it('counts the depth of fragments where they are spread', async () => {
    const fragment = `fragment Deep on Conversation { customer { conversations(first: 1) { edges { node { customer { id } } } } } }`;
    // customer, conversations, edges, node = 4, then the fragment's 6 more levels: 10, served.
    const served = `{ customer(id: "${NOBODY}") { conversations(first: 1) { edges { node { ...Deep } } } } } ${fragment}`;
    expectServed(await post(harness, served));
    // Four levels more around the same fragment, partly through another fragment: 14.
    const deep = `{ customer(id: "${NOBODY}") { conversations(first: 1) { edges { node { customer { conversations(first: 1) { edges { ...OnEdge } } } } } } } }
      fragment OnEdge on ConversationEdge { node { ...Deep } } ${fragment}`;
    expect(expectTooComplex(await post(harness, deep), 'maxDepth')).toContain('is 14 deep');
  });

  it('serves maxAliases aliased fields and refuses one more', async () => {
    const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `page${i}: customers(first: 1) { totalCount }`).join(' ')} }`;
    expectServed(await post(harness, aliased(DEFAULT_GRAPHQL_LIMITS.maxAliases)));
    const message = expectTooComplex(await post(harness, aliased(16)), 'maxAliases');
    expect(message).toContain('the query has 16 aliases; the limit is 15.');
  });

  it('serves a query of maxTokens tokens and refuses a longer one', async () => {
    // `query {` and `}` are three tokens, `__typename @include(if: true)` eight, `__typename` one.
    // (Few fields: graphql-js gives up comparing thousands of fields of one selection.)
    const ofTokens = (tokens: number) => {
      const included = Math.floor((tokens - 3) / 8);
      return `query { ${'__typename @include(if: true) '.repeat(included)}${'__typename '.repeat(tokens - 3 - included * 8)}}`;
    };
    expectServed(await post(harness, ofTokens(DEFAULT_GRAPHQL_LIMITS.maxTokens)));
    const message = expectTooComplex(await post(harness, ofTokens(DEFAULT_GRAPHQL_LIMITS.maxTokens + 1)), 'maxTokens');
    expect(message).toContain('the query has more than 2000 tokens; the limit is 2000.');
  });

  it('counts nodes as the product of first along each path and refuses over maxNodes', async () => {
    // 100 customers + 100 × 100 conversations + 100 × 100 × 4 interactions = 50 100.
    const nested = (interactions: number) =>
      `{ customers(first: 100) { edges { node { conversations(first: 100) { edges { node { interactions(first: ${interactions}) { totalCount } } } } } } } }`;
    expectServed(await post(harness, nested(3)));
    const message = expectTooComplex(await post(harness, nested(4)), 'maxNodes');
    expect(message).toBe(
      'maxNodes: the query may return 50100 nodes; the limit is 50000. Ask for smaller pages with first, or fewer nested connections, or raise graphql.limits.maxNodes.',
    );
  });

  it('refuses with HTTP 400 whatever the response type the client accepts', async () => {
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...harness.authHeaders },
      body: JSON.stringify({ query: queryOfDepth(20) }),
    });
    expectTooComplex({ status: response.status, body: (await response.json()) as GraphQLResult }, 'maxDepth');
  });

  it('serves a body just under maxBodyBytes', async () => {
    const body = paddedBody(DEFAULT_GRAPHQL_LIMITS.maxBodyBytes - 100);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(DEFAULT_GRAPHQL_LIMITS.maxBodyBytes);
    const result = await rawPost(harness, [body], { 'content-length': String(Buffer.byteLength(body)) });
    expectServed(result);
  });

  it('refuses a streamed body over maxBodyBytes without content-length as it is read', async () => {
    const body = Buffer.from(paddedBody(DEFAULT_GRAPHQL_LIMITS.maxBodyBytes + 64 * 1024));
    const chunks = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) => body.subarray(i * 65_536, (i + 1) * 65_536));
    // Without content-length, node's client sends the body chunked, as a stream.
    const message = expectTooComplex(await rawPost(harness, chunks, { 'transfer-encoding': 'chunked' }), 'maxBodyBytes');
    expect(message).toContain('the request body is over 1048576 bytes; the limit is 1048576.');
  });

  it('refuses a body whose content-length is over maxBodyBytes before reading any of it', async () => {
    // The body is never sent: the answer must come from the headers alone.
    const { status, body } = await headersOnly(harness, DEFAULT_GRAPHQL_LIMITS.maxBodyBytes + 1);
    expect(expectTooComplex({ status, body }, 'maxBodyBytes')).toContain('the request body is 1048577 bytes; the limit is 1048576.');
  });

  it('suggests field names outside production', async () => {
    const result = await post(harness, '{ customers(first: 1) { totalCont } }');
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toContain('Did you mean "totalCount"?');
  });

  it('serves introspection by default', async () => {
    const result = await post(harness, '{ __schema { queryType { name } } }');
    expectServed(result);
    expect(result.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('GraphQL limits as configured', () => {
  let harness: GraphQLHarness;
  beforeAll(async () => {
    const graphql: GraphQLOptions = { ...DEFAULT_GRAPHQL_OPTIONS, limits: { ...DEFAULT_GRAPHQL_LIMITS, maxNodes: 1000 } };
    harness = await createGraphQLHarness('sqlite', { graphql });
  });
  afterAll(async () => harness.close());

  it('counts fragments where they are spread, once per spread', async () => {
    const query = (interactions: number) => `{ customers(first: 10) { edges { node { conversations(first: 9) { totalCount } ...Recent } } } }
      fragment Recent on Customer { interactions(first: ${interactions}) { totalCount } }`;
    // 10 + 10 × 9 + 10 × 90 = 1000.
    expectServed(await post(harness, query(90)));
    expect(expectTooComplex(await post(harness, query(91)), 'maxNodes')).toContain('may return 1010 nodes');
    // The same fragment spread twice counts twice: 10 + 10 × 45 + 10 × 45 + … over the limit.
    const twice = `{ customers(first: 10) { edges { node { ...Recent ...Again } } } }
      fragment Recent on Customer { interactions(first: 50) { totalCount } }
      fragment Again on Customer { ...Recent }`;
    expect(expectTooComplex(await post(harness, twice), 'maxNodes')).toContain('may return 1010 nodes');
  });

  it('counts a connection without first as the default page of 20', async () => {
    const query = (conversations: number) => `{ customers { edges { node { conversations(first: ${conversations}) { totalCount } } } } }`;
    // 20 + 20 × 49 = 1000.
    expectServed(await post(harness, query(49)));
    expect(expectTooComplex(await post(harness, query(50)), 'maxNodes')).toContain('may return 1020 nodes');
  });

  it('counts first from the variables of each request, and from their declared defaults', async () => {
    const query = `query Pages($customers: Int, $conversations: Int = 100) {
      customers(first: $customers) { edges { node { conversations(first: $conversations) { totalCount } } } }
    }`;
    // 9 + 900 served, 10 + 1000 refused, and again: a served document is not served again with other values.
    expectServed(await post(harness, query, { customers: 9 }));
    expect(expectTooComplex(await post(harness, query, { customers: 10 }), 'maxNodes')).toContain('may return 1010 nodes');
    expectServed(await post(harness, query, { customers: 9 }));
    expectServed(await post(harness, query, { customers: 10, conversations: 50 }));
    expect(expectTooComplex(await post(harness, query, { customers: 10 }), 'maxNodes')).toContain('may return 1010 nodes');
  });
});

describe('GraphQL in production, without introspection', () => {
  let harness: GraphQLHarness;
  beforeAll(async () => {
    harness = await createGraphQLHarness('sqlite', { graphql: { ...DEFAULT_GRAPHQL_OPTIONS, production: true, introspection: false } });
  });
  afterAll(async () => harness.close());

  it('hides field, argument and type suggestions', async () => {
    for (const query of ['{ customers(first: 1) { totalCont } }', '{ customers(frist: 1) { totalCount } }', 'query($n: Itn) { customers(first: 1) { totalCount } }']) {
      const result = await post(harness, query);
      expect(result.status).toBe(400);
      expect(result.body.errors?.length).toBeGreaterThan(0);
      for (const error of result.body.errors!) {
        expect(error.message).not.toContain('Did you mean');
        expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    }
    const unknownField = await post(harness, '{ customers(first: 1) { totalCont } }');
    expect(unknownField.body.errors?.[0]?.message).toBe('Cannot query field "totalCont" on type "CustomerConnection".');
  });

  it('hides enum value suggestions, in the query and in variables', async () => {
    const literal = await post(harness, '{ workflowRuns(status: RUNNIN) { totalCount } }');
    expect(literal.body.errors?.[0]?.message).toContain('RUNNIN');
    expect(literal.body.errors?.[0]?.message).not.toContain('Did you mean');
    const variable = await post(harness, 'query($status: WorkflowRunStatus) { workflowRuns(status: $status) { totalCount } }', { status: 'RUNNIN' });
    expect(variable.body.errors?.[0]?.message).toContain('RUNNIN');
    expect(variable.body.errors?.[0]?.message).not.toContain('Did you mean');
  });

  it('refuses introspection, saying how it is turned off, and still answers __typename', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Customer") { name } }']) {
      const result = await post(harness, query);
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result.body.errors?.[0]?.message).toContain('GraphQL introspection has been disabled');
      expect(result.body.errors?.[0]?.message).toContain('graphql.introspection: false');
    }
    const typename = await post(harness, '{ __typename }');
    expectServed(typename);
    expect(typename.body.data).toEqual({ __typename: 'Query' });
  });
});

/** A JSON request body of about `bytes` bytes: a small query and an unused padding variable. */
function paddedBody(bytes: number): string {
  const empty = JSON.stringify({ query: '{ __typename }', variables: { padding: '' } });
  return JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(bytes - empty.length) } });
}

/** POSTs `chunks` through node's HTTP client, as a stream when no content-length is given. */
function rawPost(harness: GraphQLHarness, chunks: Buffer[] | string[], headers: Record<string, string>): Promise<{ status: number; body: GraphQLResult }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      harness.url,
      { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...harness.authHeaders, ...headers } },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as GraphQLResult }));
      },
    );
    // The server may answer and stop reading before the whole body is written.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    void (async () => {
      for (const chunk of chunks) {
        if (!request.write(chunk)) await new Promise((drained) => request.once('drain', drained));
        if (request.destroyed) return;
      }
      request.end();
    })();
  });
}

/** Sends only the headers of a POST declaring `contentLength` bytes, and reads the answer. */
function headersOnly(harness: GraphQLHarness, contentLength: number): Promise<{ status: number; body: GraphQLResult }> {
  const { hostname, port, pathname } = new URL(harness.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        [
          `POST ${pathname} HTTP/1.1`,
          `host: ${hostname}:${port}`,
          'content-type: application/json',
          'accept: application/graphql-response+json',
          `authorization: ${harness.authHeaders.authorization}`,
          `content-length: ${contentLength}`,
          'connection: close',
          '',
          '',
        ].join('\r\n'),
      );
    });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
      const [head, rest] = received.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(head ?? '')?.[1];
      if (rest !== undefined && length !== undefined && Buffer.byteLength(rest) >= Number(length)) {
        socket.destroy();
        resolve({ status: Number(head!.split(' ')[1]), body: JSON.parse(rest) as GraphQLResult });
      }
    });
    socket.on('error', reject);
  });
}
