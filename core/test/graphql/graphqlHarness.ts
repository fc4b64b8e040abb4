import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { FakeClock } from '@rapport/sdk/testing';
import type { GraphQLOptions } from '../../src/access/GraphQLOptions.js';
import { createKernel, type KernelOptions } from '../../src/kernel/createKernel.js';
import { createGraphQLServer, type GraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import type { GraphQLServices } from '../../src/graphql/GraphQLServices.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { InMemoryKeyValueStoreProvider } from '../../src/storage/InMemoryKeyValueStoreProvider.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { DAY } from '../support/domainHarness.js';
import { createTestDatabase, type TestDatabaseKind } from '../support/testDatabases.js';

/**
 * A JSON value from a response. The tests check response bodies with assertions, not with types,
 * so reading them stays short.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A GraphQL response body. */
export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * The GraphQL server on a real HTTP server (port 0), over the real domain services, plugin host
 * and a fresh migrated database; the same pieces the kernel composes.
 */
export interface GraphQLHarness {
  services: GraphQLServices;
  server: GraphQLServer;
  clock: FakeClock;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** Every log line, parsed, for assertions on what was logged. */
  logs: Record<string, unknown>[];
  /** SQL statements run since the last reset (when the harness counts queries). */
  queries: string[];
  /** The bearer token of the ADMIN key every request of `gql` and `data` carries. */
  adminToken: string;
  /** `{ authorization: 'Bearer <admin token>' }`, for tests that make their own requests. */
  authHeaders: Record<string, string>;
  /** POSTs an operation as the harness's ADMIN key and returns the parsed body. */
  gql<T = Record<string, Json>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** POSTs an operation with another token (undefined: no Authorization header); returns status and body. */
  gqlAs<T = Record<string, Json>>(token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLResult<T> }>;
  /** A new API key with a role or scopes; returns its token. */
  createKey(grant: { role?: 'ADMIN' | 'AGENT' | 'VIEWER'; scopes?: string[] }): Promise<string>;
  /** Like gql, but fails the test on any error, returning data. */
  data<T = Record<string, Json>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Inserts a score or a segment membership (no core service writes them yet). */
  seedScore(customerId: string, rule: string, value: number): Promise<void>;
  seedSegment(customerId: string, model: string, segment: string): Promise<void>;
  close(): Promise<void>;
}

export interface GraphQLHarnessOptions {
  /** Fixture plugin directories under core/test/fixtures/plugins. */
  plugins?: string[];
  /** Record every SQL statement into `queries`. */
  countQueries?: boolean;
  /** Query limits, suggestions and introspection (`graphql` in the config); the defaults when absent. */
  graphql?: GraphQLOptions;
  /** Bots per channel and automatic assignment, as in the config. */
  bots?: KernelOptions['bots'];
  assignment?: KernelOptions['assignment'];
  /** The web origins allowed to call from a browser (`server.cors`). */
  cors?: GraphQLServices['cors'];
  /** Serve every request as the system, as the benchmarks do. */
  withoutAccessControl?: boolean;
  /** Puts the harness's ADMIN key in GraphiQL's headers, as `rapport start --demo` puts the demo key. */
  graphiqlWithAdminKey?: boolean;
}

export async function createGraphQLHarness(kind: TestDatabaseKind, options: GraphQLHarnessOptions = {}): Promise<GraphQLHarness> {
  const queries: string[] = [];
  const testDatabase = createTestDatabase(kind);
  const database = await testDatabase.open(options.countQueries ? { onQuery: (sql) => queries.push(sql) } : {});
  await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
  queries.length = 0;

  const logs: Record<string, unknown>[] = [];
  const logger: Logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  // The same composition root as `rapport start`, with a fake clock and short budgets.
  const kernel = createKernel({
    logger,
    database,
    clock,
    storage: new InMemoryKeyValueStoreProvider(),
    conversationWindowMs: 3 * DAY,
    pluginHost: { activationTimeoutMs: 5_000, handlerTimeoutMs: 5_000, deactivationTimeoutMs: 2_000 },
    botHandoff: { timeoutMs: 4_000 },
    ...(options.bots && { bots: options.bots }),
    ...(options.assignment && { assignment: options.assignment }),
  });
  const { host } = kernel;
  await host.load({ entries: (options.plugins ?? []).map((dir) => `./${dir}`), baseDir: FIXTURES, configFile: 'test', settings: {} });
  await host.start();

  let keys = 0;
  const createKey = async (grant: { role?: 'ADMIN' | 'AGENT' | 'VIEWER'; scopes?: string[] }) =>
    (await kernel.apiKeys.create({ name: `harness-${++keys}`, ...grant })).token;
  const adminToken = await createKey({ role: 'ADMIN' });
  const services: GraphQLServices = {
    ...kernel,
    ...(options.graphql && { graphql: options.graphql }),
    ...(options.cors && { cors: options.cors }),
    ...(options.withoutAccessControl && { withoutAccessControl: true }),
    ...(options.graphiqlWithAdminKey && { graphiqlHeaders: { Authorization: `Bearer ${adminToken}` } }),
  };
  const server = createGraphQLServer(services);
  const http: Server = createServer((request, response) => {
    void server.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  // WebSockets (graphql-ws) on /graphql, as rapport start routes them.
  http.on('upgrade', (request, socket, head) => {
    if (!server.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;

  queries.length = 0;

  async function gqlAs<T>(token: string | undefined, query: string, variables?: Record<string, unknown>) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResult<T> };
  }
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => (await gqlAs<T>(adminToken, query, variables)).body;

  const rawDate = (date: Date) => (kind === 'postgresql' ? date : date.getTime());
  const execute = (sql: string, params: unknown[]) => database.orm.em.getConnection().execute(sql, params);

  return {
    services,
    server,
    clock,
    url,
    logs,
    queries,
    adminToken,
    authHeaders: { authorization: `Bearer ${adminToken}` },
    gql,
    gqlAs,
    createKey,
    async data<T>(query: string, variables?: Record<string, unknown>) {
      const result = await gql<T>(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    async seedScore(customerId, rule, value) {
      await execute('insert into scores (customer_id, rule, value, label, explanation, computed_at) values (?, ?, ?, ?, ?, ?)', [
        customerId,
        rule,
        value,
        `${rule} label`,
        `why ${rule}`,
        rawDate(clock.now()),
      ]);
    },
    async seedSegment(customerId, model, segment) {
      await execute('insert into segment_memberships (customer_id, model, segment, since) values (?, ?, ?, ?)', [
        customerId,
        model,
        segment,
        rawDate(clock.now()),
      ]);
    },
    async close() {
      // First, so open WebSockets end: http.close() waits for them.
      await server.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await host.stop();
      await database.close();
      await testDatabase.destroy();
    },
  };
}

/** The global id the API gives a raw id (the tests check opacity only through the API itself). */
export function globalIdOf(type: 'Customer' | 'Interaction' | 'Conversation', id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}
