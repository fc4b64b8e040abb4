import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Clock } from '@rapport/sdk';
import { createGraphQLServer, type GraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import type { WebhookOptions } from '../../src/webhooks/WebhookOptions.js';
import type { GraphQLResult, Json } from '../graphql/graphqlHarness.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../support/testDatabases.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Short retries for tests: the real schedule's shape (each longer than the last), in milliseconds. */
export const TEST_SCHEDULE_MS = [30, 60, 90, 120];

/** A whole core on a test database, with the webhook worker, and the GraphQL API on a real HTTP server. */
export interface WebhookHarness {
  kernel: Kernel;
  testDatabase: TestDatabase;
  /** The ADMIN key's token. */
  adminToken: string;
  /** POSTs an operation (as the ADMIN key unless a token is given). */
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<Json>>;
  /** Like gql, failing on any error. */
  data(query: string, variables?: Record<string, unknown>): Promise<Json>;
  /** A new API key of a role; its token. */
  createKey(role: 'ADMIN' | 'AGENT' | 'VIEWER'): Promise<string>;
  /** Rows of a table. */
  count(table: string, where?: string): Promise<number>;
  /** Stops everything; the database stays when another harness shares it (`keepDatabase`). */
  close(): Promise<void>;
}

export interface WebhookHarnessOptions {
  /** Another harness's database: a second instance, or a restart on the same data. */
  database?: TestDatabase;
  clock?: Clock;
  webhooks?: Partial<WebhookOptions>;
  /** Fixture plugins under core/test/webhooks/fixtures. */
  plugins?: string[];
  /** Start the worker's timer, as `rapport start` does (otherwise tests call deliverDue). */
  startWorker?: boolean;
  /** Leave the database for a next harness when closing. */
  keepDatabase?: boolean;
  /** Called with every statement the instance runs. */
  onQuery?: (sql: string) => void;
}

let keys = 0;

export async function createWebhookHarness(kind: TestDatabaseKind, options: WebhookHarnessOptions = {}): Promise<WebhookHarness> {
  const testDatabase = options.database ?? createTestDatabase(kind);
  const database = await testDatabase.open(options.onQuery && { onQuery: options.onQuery });
  const kernel = createKernel({
    logger: pino({ level: 'silent' }),
    database,
    ...(options.clock && { clock: options.clock }),
    webhooks: { allowPrivateAddresses: true, retryScheduleMs: TEST_SCHEDULE_MS, pollIntervalMs: 20, ...options.webhooks },
  });
  await kernel.host.load({ entries: (options.plugins ?? []).map((dir) => `./${dir}`), baseDir: FIXTURES, configFile: 'test', settings: {} });
  await migrateAll(database, kernel.host.loadedManifests());
  await kernel.host.start();
  if (options.startWorker) await kernel.webhookWorker.start();

  const graphql: GraphQLServer = createGraphQLServer(kernel);
  const http: Server = createServer((request, response) => {
    void graphql.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const createKey = async (role: 'ADMIN' | 'AGENT' | 'VIEWER') => (await kernel.apiKeys.create({ name: `webhooks-${++keys}`, role })).token;
  const adminToken = await createKey('ADMIN');
  const gql = async (query: string, variables?: Record<string, unknown>, token = adminToken) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult<Json>;
  };
  return {
    kernel,
    testDatabase,
    adminToken,
    gql,
    async data(query, variables) {
      const result = await gql(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data;
    },
    createKey,
    async count(table, where) {
      const rows: { n: unknown }[] = await database.orm.em.getConnection().execute(`select count(*) as n from ${table}${where ? ` where ${where}` : ''}`);
      return Number(rows[0]!.n);
    },
    async close() {
      await graphql.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await kernel.webhookWorker.stop();
      await kernel.dispatcher.stop();
      await kernel.host.stop();
      await database.close();
      if (!options.keepDatabase && !options.database) await testDatabase.destroy();
    },
  };
}

/** Creates an endpoint through the API; returns its global id and secret. */
export async function createEndpoint(h: WebhookHarness, url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const { createWebhookEndpoint } = await h.data(
    'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }',
    { input: { url, events, description: 'test receiver' } },
  );
  return { id: createWebhookEndpoint.endpoint.id, secret: createWebhookEndpoint.secret };
}

/** Records an inbound message for a customer by email (events: interaction.recorded, conversation.opened, …). */
export async function recordMessage(h: WebhookHarness, email: string, text: string): Promise<{ customerId: string }> {
  const { recordInteraction } = await h.data(
    'mutation($e: String, $t: String) { recordInteraction(input: { email: $e, channel: "email", direction: INBOUND, type: "message", text: $t }) { customer { id } } }',
    { e: email, t: text },
  );
  return { customerId: recordInteraction.customer.id };
}
