/**
 * Plugins' console views (contributes.views) over real HTTP: Query.consoleViews through the
 * GraphQL server, and the module route on a server of its own, both over the real plugin host
 * with fixture plugins.
 */
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginViewRoute } from '../../src/console/pluginViewRoute.js';
import { createGraphQLHarness, type GraphQLHarness } from '../graphql/graphqlHarness.js';
import { FIXTURES } from '../plugin-host/fixtures.js';

const VIEWS = '@fixtures/views';
const QUERY = `query ($location: ConsoleViewLocation) {
  consoleViews(location: $location) { id title location plugin state available unavailableReason moduleUrl }
}`;
const SUMMARY_URL = '/console/plugin-views/%40fixtures%2Fviews/summary.js';

let h: GraphQLHarness;
let routes: Server;
let origin: string;

beforeAll(async () => {
  h = await createGraphQLHarness('sqlite', { plugins: ['views-js', 'views-incompatible-js', 'graphql-loyalty-js'] });
  const route = createPluginViewRoute(h.services.host);
  routes = createServer((request, response) => {
    void Promise.resolve(route(request, response)).then((handled) => {
      if (!handled) response.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => routes.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(routes.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => routes?.close(() => resolve()));
  await h?.close();
});

const setEnabled = (name: string, enabled: boolean) =>
  h.data(`mutation ($name: ID!, $enabled: Boolean!) { setPluginEnabled(name: $name, enabled: $enabled) { state } }`, { name, enabled });

/** A raw GET, without fetch's URL normalisation, so dot-segments reach the server as written. */
function rawGet(pathname: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const sent = request({ hostname, port, path: pathname, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('Query.consoleViews', () => {
  it("lists every plugin's views with its state, by location, and any signed-in user may read it", async () => {
    const all = (await h.data(QUERY)).consoleViews;
    expect(all).toEqual([
      { id: 'summary', title: 'Summary', location: 'CUSTOMER', plugin: VIEWS, state: 'ACTIVE', available: true, unavailableReason: null, moduleUrl: SUMMARY_URL },
      {
        id: 'broken',
        title: 'Broken panel',
        location: 'CUSTOMER',
        plugin: VIEWS,
        state: 'ACTIVE',
        available: true,
        unavailableReason: null,
        moduleUrl: '/console/plugin-views/%40fixtures%2Fviews/broken.js',
      },
      { id: 'board', title: 'Board', location: 'DASHBOARD', plugin: VIEWS, state: 'ACTIVE', available: true, unavailableReason: null, moduleUrl: '/console/plugin-views/%40fixtures%2Fviews/board.js' },
      {
        id: 'future',
        title: 'From the future',
        location: 'CUSTOMER',
        plugin: '@fixtures/views-incompatible',
        state: 'INCOMPATIBLE',
        available: false,
        unavailableReason: expect.stringMatching(/^Plugin "@fixtures\/views-incompatible" is INCOMPATIBLE: Plugin "@fixtures\/views-incompatible" requires Rapport API \^2\.0\.0/),
        moduleUrl: null,
      },
    ]);
    // The API does not show the server's paths.
    expect(all[3].unavailableReason).not.toContain(FIXTURES);

    const dashboard = (await h.data(QUERY, { location: 'DASHBOARD' })).consoleViews;
    expect(dashboard.map((view: { id: string }) => view.id)).toEqual(['board']);
    expect((await h.data(QUERY, { location: 'CONVERSATION' })).consoleViews).toEqual([]);

    // Any credential may read it (@authenticated): here one without customers:read.
    const viewer = await h.createKey({ scopes: ['messages:send'] });
    const asViewer = await h.gqlAs(viewer, QUERY, { location: 'DASHBOARD' });
    expect(asViewer.body.errors).toBeUndefined();
    expect(asViewer.body.data?.consoleViews).toHaveLength(1);
    const anonymous = await h.gqlAs(undefined, QUERY);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const wrong = await h.gql(QUERY, { location: 'SIDEBAR' });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('follows setPluginEnabled: a disabled plugin\'s views are listed as not available, with the reason', async () => {
    await setEnabled(VIEWS, false);
    try {
      const views = (await h.data(QUERY, { location: 'CUSTOMER' })).consoleViews;
      expect(views[0]).toEqual({
        id: 'summary',
        title: 'Summary',
        location: 'CUSTOMER',
        plugin: VIEWS,
        state: 'DISABLED',
        available: false,
        unavailableReason: 'Plugin "@fixtures/views" is DISABLED: Disabled by an operator; enable it with setPluginEnabled.',
        moduleUrl: null,
      });
      const refused = await fetch(`${origin}${SUMMARY_URL}`);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toEqual({
        error: 'View "summary" is not available: Plugin "@fixtures/views" is DISABLED: Disabled by an operator; enable it with setPluginEnabled.',
        code: 'NOT_AVAILABLE',
        state: 'DISABLED',
      });
    } finally {
      await setEnabled(VIEWS, true);
    }
    const again = (await h.data(QUERY, { location: 'CUSTOMER' })).consoleViews;
    expect(again[0]).toMatchObject({ state: 'ACTIVE', available: true, moduleUrl: SUMMARY_URL });
  });
});

describe('GET /console/plugin-views/<plugin>/<view>.js', () => {
  it("serves a declared entry as JavaScript with the console's headers, revalidated by ETag", async () => {
    const response = await fetch(`${origin}${SUMMARY_URL}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toBe(readFileSync(path.join(FIXTURES, 'views-js/views/summary.js'), 'utf8'));
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);

    const revalidated = await fetch(`${origin}${SUMMARY_URL}`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    // An .mjs entry and a scoped name written with its slash are served too.
    const broken = await fetch(`${origin}/console/plugin-views/@fixtures/views/broken.js`);
    expect(broken.status).toBe(200);
    expect(await broken.text()).toContain('the broken fixture view always throws');
  });

  it('serves nothing but declared entries: unknown views, other files and dot-segments are 404', async () => {
    for (const pathname of [
      '/console/plugin-views/%40fixtures%2Fviews/secret.js',
      '/console/plugin-views/%40fixtures%2Fviews/secret.txt',
      '/console/plugin-views/%40fixtures%2Fviews/package.js',
      '/console/plugin-views/%40fixtures%2Fviews/..%2Fsecret.txt',
      '/console/plugin-views/%40fixtures%2Fviews/../../secret.txt',
      '/console/plugin-views/..%2F..%2Fviews-js/summary.js',
      '/console/plugin-views/%40fixtures%2Fviews/%2E%2E%2Fpackage.json.js',
      '/console/plugin-views/%40fixtures%2Fnobody/summary.js',
      '/console/plugin-views/summary.js',
      '/console/plugin-views/%E0%A4%A/summary.js',
    ]) {
      const response = await rawGet(pathname);
      expect(response.status, pathname).toBe(404);
      expect(JSON.parse(response.body), pathname).toMatchObject({ code: 'NOT_FOUND' });
      expect(response.body, pathname).not.toContain('never served');
    }
    const missing = await rawGet('/console/plugin-views/%40fixtures%2Fviews/nope.js');
    expect(JSON.parse(missing.body)).toEqual({
      error: 'No view "nope" of plugin "@fixtures/views". Query consoleViews for the views of this deployment and their moduleUrl.',
      code: 'NOT_FOUND',
    });
  });

  it('answers 404 with the reason for an INCOMPATIBLE plugin, 405 for other methods, and leaves other paths alone', async () => {
    const incompatible = await fetch(`${origin}/console/plugin-views/%40fixtures%2Fviews-incompatible/future.js`);
    expect(incompatible.status).toBe(404);
    expect(await incompatible.json()).toMatchObject({ code: 'NOT_AVAILABLE', state: 'INCOMPATIBLE', error: expect.stringContaining('is not available: Plugin "@fixtures/views-incompatible" is INCOMPATIBLE') });

    const post = await fetch(`${origin}${SUMMARY_URL}`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');

    // Not this route's: the next route (here a 418) answers.
    expect((await fetch(`${origin}/console/inbox`)).status).toBe(418);
  });
});
