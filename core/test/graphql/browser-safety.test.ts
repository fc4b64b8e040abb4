/**
 * The API as a browser sees it, in Debian's Chromium driven by playwright-core: pages on other
 * origins calling /graphql (CORS from `server.cors.origins`), another site's form and no-cors
 * fetch (CSRF prevention), and GraphiQL loading from the installed package with the network cut.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const COUNT = '{ customers { totalCount } }';

/** A site on its own origin whose page is whatever the test puts in `html`. */
interface Site {
  origin: string;
  html: string;
  server: Server;
}

async function startSite(): Promise<Site> {
  const site = { html: '<!doctype html><title>site</title>' } as Site;
  site.server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(site.html));
  await new Promise<void>((resolve) => site.server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(site.server.address() as AddressInfo).port}`;
  return site;
}

let browser: Browser;
let listed: Site;
let unlisted: Site;
let h: GraphQLHarness;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  [listed, unlisted] = await Promise.all([startSite(), startSite()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([listed, unlisted].map((site) => site && new Promise((resolve) => site.server.close(resolve))));
});
afterEach(async () => {
  await page?.close();
  await h?.close();
});

/** Runs `fetch` in a page of `site` and returns what the page saw: the body, or the error. */
async function fetchFrom(site: Site, init: { query: string; token?: string; mode?: 'cors' | 'no-cors'; contentType?: string }): Promise<{ ok: boolean; body?: unknown; error?: string }> {
  page = await browser.newPage();
  await page.goto(site.origin);
  return page.evaluate(
    async ({ url, query, token, mode, contentType }) => {
      try {
        const headers: Record<string, string> = { 'content-type': contentType ?? 'application/json' };
        if (token) headers.authorization = `Bearer ${token}`;
        const response = await fetch(url, { method: 'POST', mode: mode ?? 'cors', headers, body: JSON.stringify({ query }) });
        return { ok: true, body: mode === 'no-cors' ? undefined : await response.json() };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    },
    { url: h.url, ...init },
  );
}

describe('CORS in Chromium', () => {
  it('lets a page on a listed origin read the API, and blocks one on another origin before its request runs', async () => {
    h = await createGraphQLHarness('sqlite', { cors: { origins: [listed.origin] } });
    const fromListed = await fetchFrom(listed, { query: 'mutation { createCustomer(input: { displayName: "Ada" }) { displayName } }', token: h.adminToken });
    expect(fromListed).toEqual({ ok: true, body: { data: { createCustomer: { displayName: 'Ada' } } } });
    await page.close();

    const fromOther = await fetchFrom(unlisted, { query: 'mutation { createCustomer(input: { displayName: "Mallory" }) { displayName } }', token: h.adminToken });
    expect(fromOther.ok).toBe(false);
    expect(fromOther.error).toContain('Failed to fetch');
    // The preflight was refused, so the mutation never reached the server.
    expect((await h.data<{ customers: { totalCount: number } }>(COUNT)).customers.totalCount).toBe(1);
  });
});

describe('CSRF prevention in Chromium', () => {
  it("refuses another site's form post and no-cors fetch, so their mutation never runs", async () => {
    // Without access control only CSRF prevention stands between the page and the mutation.
    h = await createGraphQLHarness('sqlite', { withoutAccessControl: true });
    unlisted.html = `<!doctype html><form method="post" action="${h.url}">
      <input type="hidden" name="query" value='mutation { createCustomer(input: { displayName: "Mallory" }) { id } }'>
      <button id="go">Win a prize</button></form>`;
    page = await browser.newPage();
    await page.goto(unlisted.origin);
    await Promise.all([page.waitForURL(h.url), page.click('#go')]);
    const landed = JSON.parse((await page.textContent('body')) ?? '{}');
    expect(landed.errors[0].extensions.code).toBe('PREFLIGHT_REQUIRED');
    await page.close();

    const noCors = await fetchFrom(unlisted, { query: 'mutation { createCustomer(input: { displayName: "Mallory" }) { id } }', mode: 'no-cors', contentType: 'text/plain' });
    expect(noCors.ok).toBe(true);
    expect((await h.data<{ customers: { totalCount: number } }>(COUNT)).customers.totalCount).toBe(0);
  });
});

describe('GraphiQL', () => {
  it('loads from the installed package with the network cut off, under its own Content-Security-Policy', async () => {
    h = await createGraphQLHarness('sqlite', { graphiqlWithAdminKey: true });
    const context = await browser.newContext();
    const outside: string[] = [];
    // Everything not on the test's own loopback server is cut, as on a machine with no internet.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.protocol === 'blob:' || url.protocol === 'data:') return route.continue();
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const introspected = page.waitForResponse((response) => response.url() === h.url && response.request().method() === 'POST' && response.status() === 200);
    const answer = await page.goto(h.url);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'sha256-");
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    expect(await page.title()).toBe('Rapport GraphQL');
    // The page asked the server for its schema: the editor's script ran to the end.
    expect((await (await introspected).json()).data.__schema).toBeDefined();
    expect(outside).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });
});
