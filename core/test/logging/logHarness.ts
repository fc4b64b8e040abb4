import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChannelRoute } from '../../src/channels/inboundRoute.js';
import { createGraphQLServer, type GraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import { DEFAULT_GRAPHQL_OPTIONS } from '../../src/access/GraphQLOptions.js';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import { createLogger } from '../../src/logging/createLogger.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../support/testDatabases.js';

/** The fixture plugins of the logging tests. */
export const LOGGING_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A request body the GraphQL door accepts here: big enough for a megabyte of customer data. */
const MAX_BODY_BYTES = 4_000_000;

/**
 * A whole core behind a real HTTP server (GraphQL and the channels' webhooks) on a fresh test
 * database, logging through the production root logger (createLogger) into `lines`.
 */
export interface LogHarness {
  kernel: Kernel;
  testDatabase: TestDatabase;
  /** Every line written, exactly as a log shipper would receive it. */
  lines: string[];
  /** The lines, parsed. */
  entries(): Record<string, unknown>[];
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  adminToken: string;
  /** Runs SQL on the database (to make it fail in a chosen way). */
  execute(sql: string): Promise<unknown>;
  gql(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }>;
  close(): Promise<void>;
}

export async function createLogHarness(kind: TestDatabaseKind, plugins: string[] = []): Promise<LogHarness> {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  const testDatabase = createTestDatabase(kind);
  const database = await testDatabase.open();
  const kernel = createKernel({ logger, database });
  await kernel.host.load({ entries: plugins.map((dir) => `./${dir}`), baseDir: LOGGING_FIXTURES, configFile: 'rapport.config.json', settings: {} });
  await migrateAll(database, kernel.host.loadedManifests());
  await kernel.host.start();
  const graphql: GraphQLServer = createGraphQLServer({
    ...kernel,
    graphql: { ...DEFAULT_GRAPHQL_OPTIONS, limits: { ...DEFAULT_GRAPHQL_OPTIONS.limits, maxBodyBytes: MAX_BODY_BYTES } },
  });
  const channels = createChannelRoute(kernel.inbound, logger.child({ component: 'channels' }), { maxBodyBytes: MAX_BODY_BYTES });
  const http: Server = createServer((request, response) => {
    void (async () => {
      if (await graphql.handle(request, response)) return;
      if (await channels(request, response)) return;
      response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const adminToken = (await kernel.apiKeys.create({ name: 'logging-admin', role: 'ADMIN' })).token;

  return {
    kernel,
    testDatabase,
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    baseUrl,
    adminToken,
    execute: (sql) => database.orm.em.getConnection().execute(sql),
    async gql(query, variables) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as Awaited<ReturnType<LogHarness['gql']>>['body'] };
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await graphql.close();
      await kernel.workflows.stop();
      await kernel.dispatcher.stop();
      await kernel.host.stop();
      await kernel.audit.stop();
      await database.close();
      await testDatabase.destroy();
    },
  };
}
