import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGraphQLServer, type GraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { createHttpServer } from '../../src/server/createHttpServer.js';
import { InMemoryKeyValueStoreProvider } from '../../src/storage/InMemoryKeyValueStoreProvider.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabases.js';
import type { Json } from './graphqlHarness.js';
import { subscribeWs, wsClient, wsUrlOf, type Received } from './subscriptionClients.js';

/** The Redis the tests use; never skipped: a test that cannot reach it fails. */
const REDIS_URL = process.env.RAPPORT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One instance of the deployment: its own kernel, GraphQL server and HTTP server, on the shared database and Redis. */
interface Instance {
  kernel: Kernel;
  database: Database;
  graphql: GraphQLServer;
  http: Server;
  url: string;
}

async function startInstance(testDatabase: TestDatabase, channelPrefix: string, dispatch: boolean): Promise<Instance> {
  const database = await testDatabase.open();
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database, storage: new InMemoryKeyValueStoreProvider() });
  await kernel.host.load({ entries: [], baseDir: FIXTURES, configFile: 'test', settings: {} });
  await kernel.host.start();
  if (dispatch) await kernel.dispatcher.start();
  const graphql = createGraphQLServer({ ...kernel, redis: { url: REDIS_URL, channelPrefix } });
  const http = createHttpServer([], [(request, response) => graphql.handle(request, response)], undefined, [(request, socket, head) => graphql.handleUpgrade(request, socket, head)]);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { kernel, database, graphql, http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql` };
}

async function stopInstance(instance: Instance): Promise<void> {
  await instance.graphql.close();
  instance.http.closeAllConnections();
  await new Promise<void>((resolve) => instance.http.close(() => resolve()));
  await instance.kernel.dispatcher.stop();
  await instance.kernel.host.stop();
  await instance.kernel.rateLimiter.close();
  await instance.database.close();
}

describe('subscriptions across two instances through Redis (PostgreSQL)', () => {
  let testDatabase: TestDatabase;
  let a: Instance;
  let b: Instance;
  let token: string;

  beforeAll(async () => {
    testDatabase = createTestDatabase('postgresql');
    const setup = await testDatabase.open();
    await new MigrationRunner(setup).run(CORE_OWNER, CORE_MIGRATIONS);
    await setup.close();
    // A channel prefix of its own, so tests running at the same time on this Redis never meet.
    const prefix = `rapport:test:${randomUUID()}:`;
    // Only A delivers events (its writes dispatch at once, and its timer runs; B's does not): what
    // B's subscribers get can only have come through Redis.
    a = await startInstance(testDatabase, prefix, true);
    b = await startInstance(testDatabase, prefix, false);
    token = (await a.kernel.apiKeys.create({ name: 'two-instances', role: 'ADMIN' })).token;
  });

  afterAll(async () => {
    for (const instance of [a, b]) if (instance) await stopInstance(instance);
    await testDatabase?.destroy();
  });

  const gql = async (instance: Instance, query: string, variables?: Record<string, unknown>): Promise<Json> => {
    const response = await fetch(instance.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Json; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const openAndResolve = async (instance: Instance, email: string) => {
    const { recordInteraction } = await gql(instance, 'mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { conversation { id } } }', {
      input: { email, channel: 'chat', direction: 'INBOUND', type: 'message', text: 'hello' },
    });
    await gql(instance, 'mutation ($id: ID!) { resolveConversation(id: $id) { id } }', { id: recordInteraction.conversation.id });
    return recordInteraction.conversation.id as string;
  };
  const resolvedIds = (received: Received) => received.results.map((result) => result.data?.conversationChanged.conversation.id as string);

  it('delivers a conversation resolved through A to subscribers on B and A, each event exactly once', async () => {
    const onB = wsClient(b.url, { authorization: `Bearer ${token}` });
    const onA = wsClient(a.url, { authorization: `Bearer ${token}` });
    const query = 'subscription { conversationChanged(status: RESOLVED) { kind conversation { id status } } }';
    const subscribers = [subscribeWs(onB, query), subscribeWs(onB, query), subscribeWs(onA, query)];

    // Subscribing to Redis takes a moment, and nothing tells the client when it is done: resolve
    // until every subscriber has had one.
    for (let n = 0; n < 50 && subscribers.some((s) => s.results.length === 0); n++) {
      await openAndResolve(a, `warm${n}@example.com`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(subscribers.every((s) => s.results.length > 0)).toBe(true);

    const ids = [await openAndResolve(a, 'ada@example.com'), await openAndResolve(a, 'grace@example.com'), await openAndResolve(a, 'alan@example.com')];
    for (const subscriber of subscribers) await subscriber.waitFor((result) => result.data?.conversationChanged.conversation.id === ids[2]);
    // Anything sent twice would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const subscriber of subscribers) {
      expect(subscriber.errors).toEqual([]);
      expect(resolvedIds(subscriber).filter((id) => ids.includes(id))).toEqual(ids);
      expect(new Set(resolvedIds(subscriber)).size).toBe(subscriber.results.length);
      expect(subscriber.results.every((result) => result.data?.conversationChanged.kind === 'RESOLVED' && result.data.conversationChanged.conversation.status === 'RESOLVED')).toBe(true);
    }
    await onA.dispose();
    await onB.dispose();
  });

  it('routes only /graphql upgrades to graphql-ws; another path is 404', async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(wsUrlOf(b.url).replace('/graphql', '/elsewhere'), 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => {});
    });
    expect(status).toBe(404);
  });
});
