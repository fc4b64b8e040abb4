import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openConfiguredKernel } from '../../src/cli/openConfiguredKernel.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { seedDemoData } from '../../src/demo/seedDemoData.js';
import { createGraphQLServer, type GraphQLServer } from '../../src/graphql/createGraphQLServer.js';
import type { Kernel } from '../../src/kernel/createKernel.js';
import { migrateDeployment } from '../../src/kernel/migrateDeployment.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const CHANNELS = '{ channels { id displayName addressKind plugin state } }';

describe('Query.channels', () => {
  let h: GraphQLHarness;
  afterEach(() => h?.close());

  it('lists every declared channel with its address kind, plugin and the plugin\'s state, to any reader of customers', async () => {
    h = await createGraphQLHarness('sqlite', { plugins: ['outbound-channels-js', 'lazy-channel-js'] });
    const { channels } = await h.data(CHANNELS);
    const outbound = { plugin: '@fixtures/outbound-channels', state: 'INSTALLED' };
    expect(channels).toEqual([
      { id: 'email', displayName: 'Email (fixture)', addressKind: 'EMAIL', ...outbound },
      { id: 'sms', displayName: 'SMS (fixture)', addressKind: 'PHONE', ...outbound },
      // No address in the manifest means a handle; no displayName shows the id.
      { id: 'chat', displayName: 'Chat (fixture, handle by default)', addressKind: 'HANDLE', ...outbound },
      { id: 'dm', displayName: 'Direct message (fixture)', addressKind: 'HANDLE', ...outbound },
      { id: 'lazy-sms', displayName: 'lazy-sms', addressKind: 'HANDLE', plugin: '@fixtures/lazy-channel', state: 'INSTALLED' },
    ]);

    // The state follows the plugin: disabled, its channel stays listed, marked DISABLED.
    await h.data(`mutation { setPluginEnabled(name: "@fixtures/lazy-channel", enabled: false) { state } }`);
    const after = await h.data(CHANNELS);
    expect(after.channels.find((channel: { id: string }) => channel.id === 'lazy-sms')).toMatchObject({ state: 'DISABLED' });

    const viewer = await h.createKey({ role: 'VIEWER' });
    expect((await h.gqlAs(viewer, CHANNELS)).body.data?.channels).toHaveLength(5);
    const writerOnly = await h.createKey({ scopes: ['interactions:read'] });
    const refused = await h.gqlAs(writerOnly, CHANNELS);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PERMISSION_DENIED');
    expect(refused.body.errors?.[0]?.message).toContain('customers:read');
  });
});

/**
 * docs/graphql.md's example, `customers(segment: "lifecycle:loyal")`, on the demo data of
 * `rapport start --demo`: the platform example's plugins, the default demo dataset, the segments
 * refreshed as the running server refreshes them, the query over HTTP.
 */
describe('the documented lifecycle:loyal example on the demo data', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  let kernel: Kernel | undefined;
  let graphql: GraphQLServer | undefined;
  let http: Server | undefined;

  afterAll(async () => {
    http?.closeAllConnections();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await graphql?.close();
    await kernel?.segmentSchedule.stop();
    await kernel?.host.stop();
    await kernel?.database.close();
  });

  it('returns the loyal customers', { timeout: 120_000 }, async () => {
    const config = await loadConfig({ file: path.join(root, 'examples/platform-app/rapport.config.json'), env: { RAPPORT_DATABASE_URL: 'sqlite::memory:' } });
    kernel = await openConfiguredKernel(config, pino({ level: 'silent' }), { createDatabase: true });
    await migrateDeployment(kernel);
    const seeded = await seedDemoData(kernel);
    expect(seeded.seeded).toBe(true);
    await kernel.host.start();
    await kernel.segmentSchedule.refreshAll();

    graphql = createGraphQLServer(kernel);
    const server = graphql;
    http = createServer((request, response) => void server.handle(request, response).then((handled) => void (handled || response.writeHead(404).end())));
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    const { token } = await kernel.apiKeys.create({ name: 'demo-test', role: 'VIEWER' });
    const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ customers(segment: "lifecycle:loyal", first: 5) { totalCount edges { node { displayName segments { model segment } } } } }' }),
    });
    const body = (await response.json()) as { data: { customers: { totalCount: number; edges: { node: { displayName: string; segments: { model: string; segment: string }[] } }[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.customers.totalCount).toBeGreaterThan(0);
    expect(body.data.customers.edges.length).toBeGreaterThan(0);
    for (const { node } of body.data.customers.edges) expect(node.segments).toContainEqual({ model: 'lifecycle', segment: 'loyal' });
  });
});
