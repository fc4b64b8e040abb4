import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelRoute } from '../../src/channels/inboundRoute.js';
import { createGraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import { openDatabase } from '../../src/persistence/openDatabase.js';
import { ADMIN_HEADERS, startServer, stopServer, writeConfig } from '../cli/runCli.js';
import { globalIdOf } from '../graphql/graphqlHarness.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_POSTGRES_URL, type TestDatabase } from '../support/testDatabases.js';

/** What the server answers while its database cannot serve (docs/graphql.md, "Errors"). */
const UNAVAILABLE = {
  status: 503,
  retryAfter: '5',
  message: 'The database is unavailable right now. Retry after 5 seconds.',
};

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[]; error?: string; code?: string };
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

function graphql(base: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = ADMIN_HEADERS): Promise<Answer> {
  return fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) }).then(answerOf);
}

function deliver(base: string, externalId: string): Promise<Answer> {
  const message = { externalId, from: { email: 'ada@example.com' }, text: 'Where is my parcel?' };
  return fetch(`${base}/channels/webhook/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-secret': 's3cret' },
    body: JSON.stringify({ messages: [message] }),
  }).then(answerOf);
}

const QUERY = '{ customers { totalCount } }';
const MUTATION = 'mutation ($name: String) { createCustomer(input: { displayName: $name }) { id } }';
const LOGIN = 'mutation { login(email: "ada@example.com", password: "not the password") { token } }';

/** A config file that loads the JSON webhook channel of the fixtures; the database comes with --database. */
function serverConfig(): string {
  const dir = path.dirname(writeConfig({}));
  return writeConfig({
    server: { host: '127.0.0.1', port: 0 },
    plugins: [`./${path.relative(dir, path.join(FIXTURES, 'inbound-webhook-js'))}`],
  });
}

function expectUnavailableGraphQL(answer: Answer): void {
  expect(answer).toMatchObject({ status: UNAVAILABLE.status, retryAfter: UNAVAILABLE.retryAfter });
  expect(answer.body.errors).toEqual([expect.objectContaining({ message: UNAVAILABLE.message, extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
}

function expectUnavailableWebhook(answer: Answer): void {
  expect(answer).toMatchObject({ status: UNAVAILABLE.status, retryAfter: UNAVAILABLE.retryAfter, body: { code: 'SERVICE_UNAVAILABLE' } });
  expect(answer.body.error).toContain(UNAVAILABLE.message);
}

/**
 * A database of its own on the shared PostgreSQL server, so the test can refuse it connections
 * and end its sessions without touching the databases of other tests.
 */
async function createOwnPostgresDatabase(): Promise<TestDatabase & { name: string; refuseConnections(): Promise<void>; allowConnections(): Promise<void> }> {
  const name = `rapport_outage_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const onAdmin = async (sql: string) => {
    const admin = await openDatabase(TEST_POSTGRES_URL, { baseDir: process.cwd() });
    try {
      await admin.orm.em.getConnection().execute(sql);
    } finally {
      await admin.close();
    }
  };
  await onAdmin(`create database "${name}"`);
  return {
    name,
    url: url.toString(),
    open: (options) => openDatabase(url.toString(), { baseDir: process.cwd(), ...options }),
    destroy: () => onAdmin(`drop database if exists "${name}" with (force)`),
    // Every session of the database ends (the pools' and the LISTEN connections alike), and no new one may start.
    refuseConnections: async () => {
      await onAdmin(`alter database "${name}" with allow_connections false`);
      await onAdmin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
    },
    allowConnections: () => onAdmin(`alter database "${name}" with allow_connections true`),
  };
}

describe('a PostgreSQL outage', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is HTTP 503 with SERVICE_UNAVAILABLE and Retry-After for queries, mutations and webhooks, and passes without a restart', async () => {
    const database = await createOwnPostgresDatabase();
    cleanups.push(() => database.destroy());
    const server = await startServer(['--config', serverConfig(), '--database', database.url]);
    cleanups.push(() => stopServer(server.child));
    // A second instance in process, without the door, to see an outage inside a field next to one that works.
    const inProcess: KernelHarness = await createKernelHarness('postgresql', [], { database });
    cleanups.push(() => inProcess.close());
    const open = createGraphQLServer({ ...inProcess.kernel, withoutAccessControl: true });
    cleanups.push(() => open.close());
    const openUrl = await inProcess.serve([(request, response) => open.handle(request, response)]);

    expect((await graphql(server.url, QUERY)).status).toBe(200);
    expect((await graphql(server.url, MUTATION, { name: 'Ada' })).status).toBe(200);
    expect((await deliver(server.url, 'm-1')).status).toBe(200);
    expect((await graphql(openUrl, '{ me { kind } }')).status).toBe(200);

    await database.refuseConnections();

    expectUnavailableGraphQL(await graphql(server.url, QUERY));
    expectUnavailableGraphQL(await graphql(server.url, MUTATION, { name: 'Grace' }));
    // Without a credential the door needs no database: the resolver meets the outage, and the masking answers it.
    expectUnavailableGraphQL(await graphql(server.url, LOGIN, {}, {}));
    expectUnavailableWebhook(await deliver(server.url, 'm-2'));

    // One field meets the outage, one has bad input, one works: the answer is 503 with the partial data.
    const partial = await graphql(openUrl, 'query ($id: ID!) { me { kind } customer(id: $id) { id } bad: customer(id: "nope") { id } }', {
      id: globalIdOf('Customer', '00000000-0000-4000-8000-000000000000'),
    });
    expect(partial).toMatchObject({ status: 503, retryAfter: '5', body: { data: { me: { kind: 'SYSTEM' }, customer: null, bad: null } } });
    expect(partial.body.errors!.map((error) => error.extensions?.code).sort()).toEqual(['BAD_USER_INPUT', 'SERVICE_UNAVAILABLE']);

    await database.allowConnections();

    // The pools reconnect by themselves; an answer in between may still be the outage's, never anything else.
    let recovered: Answer | undefined;
    for (let attempt = 0; attempt < 20 && recovered?.status !== 200; attempt++) {
      recovered = await graphql(server.url, QUERY);
      if (recovered.status !== 200) expectUnavailableGraphQL(recovered);
    }
    expect(recovered).toMatchObject({ status: 200, body: { data: { customers: { totalCount: 2 } } } });
    expect(await graphql(server.url, MUTATION, { name: 'Grace' })).toMatchObject({ status: 200, body: { data: { createCustomer: { id: expect.any(String) } } } });
    expect(await deliver(server.url, 'm-2')).toMatchObject({ status: 200, body: { received: 1 } });
    expect(await graphql(openUrl, 'query ($id: ID!) { customer(id: $id) { id } }', { id: globalIdOf('Customer', '00000000-0000-4000-8000-000000000000') })).toMatchObject({
      status: 200,
      body: { data: { customer: null } },
    });
  }, 90_000);
});

describe('a SQLite database locked past its busy timeout', () => {
  let h: KernelHarness | undefined;
  afterEach(() => h?.close());

  // In process, without the background pumps of `rapport start`: better-sqlite3 waits for a lock
  // synchronously, so every pump that writes would hold the whole process for the busy timeout too.
  it('is HTTP 503 with SERVICE_UNAVAILABLE and Retry-After for writes, while reads go on', async () => {
    h = await createKernelHarness('sqlite', ['inbound-webhook-js']);
    const server = createGraphQLServer(h.kernel);
    const base = await h.serve([createChannelRoute(h.kernel.inbound, h.kernel.logger), (request, response) => server.handle(request, response)]);
    const headers = { authorization: `Bearer ${(await h.kernel.apiKeys.create({ name: 'admin', role: 'ADMIN' })).token}` };
    expect((await graphql(base, MUTATION, { name: 'Ada' }, headers)).status).toBe(200);
    expect((await deliver(base, 'm-1')).status).toBe(200);

    // Another writer holds the write lock longer than the server's busy timeout (5 s).
    const open = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => { exec(sql: string): void; close(): void };
    const holder = new open(h.testDatabase.url.slice('sqlite:'.length));
    try {
      holder.exec('begin exclusive');
      expectUnavailableGraphQL(await graphql(base, MUTATION, { name: 'Grace' }, headers));
      expectUnavailableWebhook(await deliver(base, 'm-2'));
      // In WAL mode readers never wait for the writer.
      expect(await graphql(base, QUERY, {}, headers)).toMatchObject({ status: 200, body: { data: { customers: { totalCount: 2 } } } });
      holder.exec('commit');
    } finally {
      holder.close();
    }
    expect(await graphql(base, MUTATION, { name: 'Grace' }, headers)).toMatchObject({ status: 200, body: { data: { createCustomer: { id: expect.any(String) } } } });
    expect(await deliver(base, 'm-2')).toMatchObject({ status: 200, body: { received: 1 } });
    await server.close();
  }, 60_000);
});
