import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRoute } from '../../src/channels/inboundRoute.js';
import { ADMIN_HEADERS, startServer, stopServer, writeConfig } from '../cli/runCli.js';
import { createGraphQLHarness, globalIdOf, type GraphQLHarness } from '../graphql/graphqlHarness.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

/** The repository's root: no answer to a client may name a file under it. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const NOBODY = globalIdOf('Customer', '00000000-0000-4000-8000-000000000000');

interface Sent {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** One kind of bad request, what it is sent as, and what it must get back. */
interface ErrorCase {
  name: string;
  send(h: GraphQLHarness): Promise<Response>;
  status: number;
  code: string;
}

const json = (h: GraphQLHarness, body: unknown, headers: Record<string, string> = {}) =>
  fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', ...h.authHeaders, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
/** As a client of the GraphQL-over-HTTP specification asks: its statuses are the strict ones. */
const strict = (h: GraphQLHarness, body: unknown) => json(h, body, { accept: 'application/graphql-response+json' });

const ERROR_CASES: ErrorCase[] = [
  { name: 'a syntax error', send: (h) => json(h, { query: '{ customers(' }), status: 200, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'a syntax error (graphql-response+json)', send: (h) => strict(h, { query: '{ customers(' }), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'an unknown field', send: (h) => json(h, { query: '{ nope }' }), status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an unknown argument', send: (h) => strict(h, { query: '{ customers(bogus: 1) { totalCount } }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a literal of the wrong type', send: (h) => strict(h, { query: '{ customers(first: "x") { totalCount } }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  {
    name: 'a variable of the wrong type',
    send: (h) => json(h, { query: 'query ($f: Int) { customers(first: $f) { totalCount } }', variables: { f: '10' } }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  { name: 'a required variable missing', send: (h) => strict(h, { query: 'query ($f: Int!) { customers(first: $f) { totalCount } }' }), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a body that is not JSON', send: (h) => json(h, '{ nope'), status: 400, code: 'BAD_REQUEST' },
  { name: 'no query', send: (h) => strict(h, {}), status: 400, code: 'BAD_REQUEST' },
  { name: 'a query that is not a string', send: (h) => json(h, { query: 1 }), status: 400, code: 'BAD_REQUEST' },
  { name: 'a batch', send: (h) => json(h, [{ query: '{ me { id } }' }]), status: 400, code: 'BAD_REQUEST' },
  { name: 'a mutation over GET', send: (h) => fetch(`${h.url}?query=${encodeURIComponent('mutation { logout }')}`, { headers: h.authHeaders }), status: 405, code: 'BAD_REQUEST' },
  { name: 'the PUT method', send: (h) => fetch(h.url, { method: 'PUT', headers: { 'content-type': 'application/json', ...h.authHeaders }, body: '{}' }), status: 405, code: 'BAD_REQUEST' },
  {
    name: 'an unsupported content type',
    send: (h) => fetch(h.url, { method: 'POST', headers: { 'content-type': 'text/csv', ...h.authHeaders }, body: 'query,{ me { id } }' }),
    status: 415,
    code: 'BAD_REQUEST',
  },
  { name: 'an Accept header without any type served', send: (h) => json(h, { query: '{ me { id } }' }, { accept: 'text/csv' }), status: 406, code: 'BAD_REQUEST' },
  { name: 'an unknown token', send: (h) => json(h, { query: '{ me { id } }' }, { authorization: 'Bearer rk_unknown' }), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a query over maxDepth', send: (h) => json(h, { query: deepQuery(14) }), status: 400, code: 'QUERY_TOO_COMPLEX' },
  { name: 'a page too large', send: (h) => json(h, { query: '{ customers(first: 101) { totalCount } }' }), status: 200, code: 'BAD_USER_INPUT' },
  { name: 'a malformed id', send: (h) => json(h, { query: '{ customer(id: "nope") { id } }' }), status: 200, code: 'BAD_USER_INPUT' },
  { name: 'an unknown conversation', send: (h) => json(h, { query: `mutation { resolveConversation(id: "${globalIdOf('Conversation', '00000000-0000-4000-8000-000000000000')}") { id } }` }), status: 200, code: 'NOT_FOUND' },
  { name: 'an email of another customer', send: (h) => json(h, { query: 'mutation { createCustomer(input: { emails: ["taken@example.com"] }) { id } }' }), status: 200, code: 'CONFLICT' },
  { name: 'a missing scope', send: async (h) => json(h, { query: 'mutation { createCustomer(input: {}) { id } }' }, { authorization: `Bearer ${await h.createKey({ role: 'VIEWER' })}` }), status: 403, code: 'PERMISSION_DENIED' },
];

/** A query `depth` fields deep (customer → conversations → edges → node → customer …). */
function deepQuery(depth: number): string {
  const cycle = ['conversations(first: 1)', 'edges', 'node', 'customer'];
  const fields = [`customer(id: "${NOBODY}")`];
  while (fields.length < depth - 1) fields.push(cycle[(fields.length - 1) % cycle.length]!);
  return `{ ${fields.map((field) => `${field} {`).join(' ')} id ${'}'.repeat(fields.length)} }`;
}

describe.each(TEST_DATABASES)('every GraphQL error carries extensions.code, on %s', (kind) => {
  let h: GraphQLHarness;
  beforeAll(async () => {
    h = await createGraphQLHarness(kind);
    await h.data('mutation { createCustomer(input: { emails: ["taken@example.com"] }) { id } }');
  });
  afterAll(() => h.close());

  it.each(ERROR_CASES)('$name: $code, HTTP $status', async ({ send, status, code }) => {
    const response = await send(h);
    const sent: Sent = { status: response.status, body: (await response.json()) as Sent['body'] };
    expect(sent.body.errors?.length).toBeGreaterThan(0);
    for (const error of sent.body.errors!) expect(error.extensions?.code, error.message).toBe(code);
    expect(sent.status).toBe(status);
  });
});

describe.each(TEST_DATABASES)('webhook answers on %s', (kind) => {
  let h: KernelHarness;
  let url: string;
  beforeAll(async () => {
    h = await createKernelHarness(kind, ['inbound-webhook-js']);
    url = await h.serve([createChannelRoute(h.kernel.inbound, h.kernel.logger, { maxBodyBytes: 1024 })]);
  });
  afterAll(() => h.close());

  const post = async (channelPath: string, body: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}/channels/${channelPath}/inbound`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': 's3cret' }, body, ...init });
    return { status: response.status, body: (await response.json()) as { error: string; code: string } };
  };

  it('refuses bad input with a 4xx and a code, never a 500', async () => {
    expect(await post('webhook', '{ not json')).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT' } });
    expect(await post('webhook', JSON.stringify({ messages: [{ externalId: 'm-1', from: { email: 'a@b.co' }, occurredAt: 'soon' }] }))).toMatchObject({
      status: 400,
      body: { code: 'BAD_USER_INPUT' },
    });
    expect(await post('webhook', 'x'.repeat(2048))).toMatchObject({ status: 413, body: { code: 'BAD_USER_INPUT' } });
    // A broken escape in the channel id is the caller's mistake: 404 like any unknown channel.
    expect(await post('%E0%A4%A', '{}')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await post('webhook', '{}', { method: 'PUT' })).toMatchObject({ status: 405, body: { code: 'BAD_REQUEST' } });
    expect(await h.count('interactions')).toBe(0);
  });
});

describe.each(TEST_DATABASES)('no answer names a file of the server (rapport start on %s)', (kind) => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  afterEach(async () => {
    if (server) await stopServer(server.child);
    await database.destroy();
  });

  it('keeps the config file, the plugins and the repository out of GraphQL errors and webhook answers', async () => {
    database = createTestDatabase(kind);
    const dir = path.dirname(writeConfig({}));
    // A plugin whose entry imports a module that is not there: its activation error names the file, with its path.
    const broken = path.join(FIXTURES, 'broken-import-channel-js');
    const config = writeConfig({
      server: { host: '127.0.0.1', port: 0 },
      plugins: [`./${path.relative(dir, path.join(FIXTURES, 'inbound-webhook-js'))}`, broken],
    });
    const configDir = path.dirname(config);
    server = await startServer(['--config', config, '--database', database.url]);
    const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${server!.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...ADMIN_HEADERS }, body: JSON.stringify({ query, variables }) });
      return { status: response.status, text: await response.text() };
    };
    const webhook = async (channel: string) => {
      const response = await fetch(`${server!.url}/channels/${channel}/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: response.status, text: await response.text() };
    };
    const created = JSON.parse((await graphql('mutation { createCustomer(input: { emails: ["ada@example.com"] }) { id } }')).text) as { data: { createCustomer: { id: string } } };
    const send = (channel: string) =>
      graphql('mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { customerId: created.data.createCustomer.id, channel, text: 'hello' } });

    const answers = {
      unknownChannel: await send('pigeon'),
      failedPlugin: await send('broken'),
      unknownWebhook: await webhook('pigeon'),
      failedWebhook: await webhook('broken'),
    };
    expect(JSON.parse(answers.unknownChannel.text)).toMatchObject({
      errors: [{ message: 'No plugin contributes channel "pigeon". Add a channel plugin that declares it in rapport.contributes.channels to plugins in the server\'s configuration.', extensions: { code: 'NOT_FOUND' } }],
    });
    expect(JSON.parse(answers.failedPlugin.text)).toMatchObject({ errors: [{ message: expect.stringContaining('missing.js'), extensions: { code: 'NOT_AVAILABLE' } }] });
    expect(answers.unknownWebhook).toMatchObject({ status: 404, text: expect.stringContaining('No plugin contributes channel \\"pigeon\\"') });
    expect(answers.failedWebhook).toMatchObject({ status: 503, text: expect.stringContaining('missing.js') });
    // The server's own log keeps the path, for its operator.
    expect(server.logs()).toContain(broken);
    for (const [name, answer] of Object.entries(answers)) {
      for (const serverPath of [configDir, REPO_ROOT, FIXTURES]) expect(answer.text, `${name} names ${serverPath}`).not.toContain(serverPath);
      expect(answer.text, name).not.toMatch(/"\/(tmp|work|home|srv|usr|var)\//);
    }
  }, 60_000);
});
