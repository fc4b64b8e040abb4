import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createGraphQLServer, type GraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import { createMetricsRoute, routeFamily } from '../../src/metrics/metricsRoute.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createHttpServer } from '../../src/server/createHttpServer.js';
import type { GraphQLResult, Json } from '../graphql/graphqlHarness.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';
import { scrape } from './scrape.js';

const TOKEN = 'metrics-test-token-0123456789';

/** Every series /metrics promises, with HELP and TYPE (docs/operations.md lists them). */
const SERIES: [string, string][] = [
  ['rapport_http_requests_total', 'counter'],
  ['rapport_http_request_duration_seconds', 'histogram'],
  ['rapport_graphql_operations_total', 'counter'],
  ['rapport_graphql_operation_duration_seconds', 'histogram'],
  ['rapport_outbox_pending_events', 'gauge'],
  ['rapport_outbox_oldest_pending_age_seconds', 'gauge'],
  ['rapport_workflow_runs', 'gauge'],
  ['rapport_workflow_timer_lateness_seconds', 'histogram'],
  ['rapport_plugin_activations_total', 'counter'],
  ['rapport_plugin_failures_total', 'counter'],
  ['rapport_plugin_circuit_breaker_trips_total', 'counter'],
  ['rapport_webhook_deliveries_total', 'counter'],
  ['rapport_webhook_delivery_failures_total', 'counter'],
  ['rapport_db_pool_connections', 'gauge'],
  ['rapport_db_pool_pending_acquires', 'gauge'],
  ['rapport_db_pool_max_connections', 'gauge'],
  ['process_cpu_user_seconds_total', 'counter'],
  ['nodejs_heap_size_used_bytes', 'gauge'],
];

interface Served {
  kernel: Kernel;
  url: string;
  gql(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<Json>>;
  close(): Promise<void>;
}

/** A core on a test database, served as `rapport start` serves it: /metrics first, then GraphQL, every request observed. */
async function serve(testDatabase: TestDatabase): Promise<Served> {
  const database = await testDatabase.open();
  const kernel = createKernel({
    logger: pino({ level: 'silent' }),
    database,
    // The dispatcher waits a minute after a commit, so the test sees the backlog before it delivers.
    events: { awaitDelivery: false, coalesceMs: 60_000, retryDelayMs: 1 },
    pluginHost: { circuitBreakerThreshold: 2 },
    webhooks: { allowPrivateAddresses: true },
  });
  await kernel.host.load({ entries: ['./handler-throws-ts', './workflow-load-js', './activate-throws-js'], baseDir: FIXTURES, configFile: 'test', settings: {} });
  await migrateAll(database, kernel.host.loadedManifests());
  await kernel.host.start();
  kernel.metrics.collectProcessMetrics();
  const graphql: GraphQLServer = createGraphQLServer(kernel);
  const server: Server = createHttpServer([], [createMetricsRoute(kernel.metrics, TOKEN), (request, response) => graphql.handle(request, response)], undefined, [], {
    observe: (request, status, seconds) => kernel.metrics.httpRequest(routeFamily(request), status, seconds),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { token } = await kernel.apiKeys.create({ name: 'metrics-test', role: 'ADMIN' });
  return {
    kernel,
    url,
    async gql(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResult<Json>;
    },
    async close() {
      await graphql.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await kernel.webhookWorker.stop();
      await kernel.workflows.stop();
      await kernel.dispatcher.stop();
      await kernel.host.stop();
      await database.close();
    },
  };
}

describe.each(TEST_DATABASES)('GET /metrics (%s)', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(): Promise<Served> {
    const testDatabase = createTestDatabase(kind);
    cleanups.push(() => testDatabase.destroy());
    const served = await serve(testDatabase);
    cleanups.push(() => served.close());
    return served;
  }

  it('answers 401 without the bearer token or with a wrong one, and 404 when no token is configured', async () => {
    const { url, kernel } = await setUp();
    const missing = await fetch(`${url}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await missing.json()) as { error: string }).error).toContain('metrics.token');
    const wrong = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('rapport_');

    const off = createHttpServer([], [createMetricsRoute(kernel.metrics, undefined)]);
    await new Promise<void>((resolve) => off.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => off.close(() => resolve())));
    const answer = await fetch(`http://127.0.0.1:${(off.address() as AddressInfo).port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { error: string }).error).toContain('RAPPORT_METRICS_TOKEN');
  });

  it('serves every series with HELP and TYPE, and they move with requests, events, plugins, workflows and webhooks', async () => {
    const s = await setUp();
    const receiver: Receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const before = await scrape(s.url, TOKEN);
    for (const [name, type] of SERIES) {
      expect(before.text, name).toContain(`# HELP ${name} `);
      expect(before.text, name).toContain(`# TYPE ${name} ${type}`);
    }
    expect(before.value('rapport_db_pool_max_connections')).toBeGreaterThanOrEqual(1);
    expect(before.value('rapport_outbox_pending_events')).toBe(0);
    expect(before.value('rapport_plugin_activations_total', { plugin: '@fixtures/activate-throws', outcome: 'failed' })).toBe(1);

    // GraphQL: a named query, an anonymous one, and an error.
    expect((await s.gql('query CountCustomers { customers { totalCount } }')).data).toEqual({ customers: { totalCount: 0 } });
    await s.gql('{ customers { totalCount } }');
    const created = await s.gql(
      'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }',
      { input: { url: receiver.url, events: ['interaction.recorded'] } },
    );
    receiver.secrets = [created.data!.createWebhookEndpoint.secret];
    await s.gql('mutation Record { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", text: "hi" }) { id } }');

    // The recorded interaction's events wait in the outbox: the dispatcher holds its pass a minute.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const pending = await scrape(s.url, TOKEN);
    expect(pending.value('rapport_outbox_pending_events')).toBeGreaterThanOrEqual(1);
    expect(pending.value('rapport_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(1);
    expect(pending.value('rapport_graphql_operations_total', { operation: 'CountCustomers', type: 'query', outcome: 'ok' })).toBe(1);
    expect(pending.value('rapport_graphql_operations_total', { operation: 'anonymous', type: 'query', outcome: 'ok' })).toBe(1);
    expect(pending.value('rapport_graphql_operations_total', { operation: 'Record', type: 'mutation', outcome: 'ok' })).toBe(1);
    expect(pending.count('rapport_graphql_operation_duration_seconds', { operation: 'Record', type: 'mutation' })).toBe(1);
    // Four GraphQL requests and the scrape before; this scrape is counted once it is answered.
    expect(pending.value('rapport_http_requests_total', { family: 'graphql', status_class: '2xx' })).toBe(4);
    expect(pending.value('rapport_http_requests_total', { family: 'other', status_class: '2xx' })).toBe(1);
    expect(pending.count('rapport_http_request_duration_seconds', { family: 'graphql', status_class: '2xx' })).toBe(4);

    // Delivered: the backlog is gone, and the webhook delivery it recorded is sent.
    await s.kernel.dispatcher.dispatch();
    await s.kernel.webhookWorker.deliverDue();
    expect(receiver.received.filter((r) => r.json.type === 'interaction.recorded')).toHaveLength(1);
    expect(receiver.received[0]!.verified).toEqual([true]);
    const delivered = await scrape(s.url, TOKEN);
    expect(delivered.value('rapport_outbox_pending_events')).toBe(0);
    expect(delivered.value('rapport_outbox_oldest_pending_age_seconds')).toBe(0);

    // A plugin whose handler throws: activated on its event, then failures, then its breaker trips (threshold 2).
    for (let i = 0; i < 2; i++) {
      await s.kernel.events.publish('fixture.ping', {});
      await s.kernel.dispatcher.dispatch();
    }

    // A workflow that sleeps 50 ms: its timer fires on the pass after that.
    await s.kernel.workflows.start('@fixtures/workflow-load', 'load', { sleepMs: 50 });
    await s.kernel.workflows.runDue();
    const sleeping = await scrape(s.url, TOKEN);
    expect(sleeping.value('rapport_workflow_runs', { status: 'SLEEPING' })).toBe(1);
    expect(sleeping.count('rapport_workflow_timer_lateness_seconds')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await s.kernel.workflows.runDue();

    const after = await scrape(s.url, TOKEN);
    expect(after.value('rapport_webhook_deliveries_total', { outcome: 'succeeded' })).toBe(1);
    expect(after.value('rapport_plugin_activations_total', { plugin: '@fixtures/handler-throws', outcome: 'activated' })).toBe(1);
    expect(after.value('rapport_plugin_failures_total', { plugin: '@fixtures/handler-throws' })).toBeGreaterThanOrEqual(2);
    expect(after.value('rapport_plugin_circuit_breaker_trips_total', { plugin: '@fixtures/handler-throws' })).toBe(1);
    expect(after.value('rapport_workflow_runs', { status: 'SLEEPING' })).toBe(0);
    const lateness = after.count('rapport_workflow_timer_lateness_seconds');
    expect(lateness).toBe(1);
    // The one run went on past its timer (to its send: done, failed, or retrying it).
    const runs = after.family('rapport_workflow_runs').metrics.reduce((sum, sample) => sum + Number(sample.value), 0);
    expect(runs).toBe(1);
    expect(Number(after.family('process_cpu_user_seconds_total').metrics[0]!.value)).toBeGreaterThan(0);
  });

  it('counts the events of an event set not yet expanded as pending, until the dispatcher expands it', async () => {
    const s = await setUp();
    const set = s.kernel.events.stageForEachOf(['c-1', 'c-2'], 'segment.entered', { model: 'rules', segment: 'vip' })!;
    await SqlSession.autocommit(s.kernel.database).run(set.statement.sql, set.statement.params);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const waiting = await scrape(s.url, TOKEN);
    expect(waiting.value('rapport_outbox_pending_events')).toBe(2);
    expect(waiting.value('rapport_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(1);
    // Expanded (no such customers: no events) and gone.
    await s.kernel.dispatcher.dispatch();
    const expanded = await scrape(s.url, TOKEN);
    expect(expanded.value('rapport_outbox_pending_events')).toBe(0);
    expect(expanded.value('rapport_outbox_oldest_pending_age_seconds')).toBe(0);
  });

  it('counts webhook failures by what came back', async () => {
    const s = await setUp();
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    receiver.answer = () => 503;
    const created = await s.gql('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }', {
      input: { url: receiver.url, events: ['customer.created'] },
    });
    expect(created.errors).toBeUndefined();
    await s.gql('mutation { recordInteraction(input: { email: "bo@example.com", channel: "email", direction: INBOUND, type: "message", text: "hi" }) { id } }');
    await s.kernel.dispatcher.dispatch();
    await s.kernel.webhookWorker.deliverDue();
    const after = await scrape(s.url, TOKEN);
    expect(after.value('rapport_webhook_deliveries_total', { outcome: 'retrying' })).toBe(1);
    expect(after.value('rapport_webhook_delivery_failures_total', { reason: '5xx' })).toBe(1);
    expect(after.value('rapport_webhook_deliveries_total', { outcome: 'succeeded' })).toBe(0);
  });
});
