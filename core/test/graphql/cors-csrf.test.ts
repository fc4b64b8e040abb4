/**
 * CORS from the allowlist (`server.cors.origins`) and CSRF prevention on /graphql, over real HTTP.
 * The browser's side of both is in browser-safety.test.ts; here every header is checked exactly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';
const CREATE = 'mutation { createCustomer(input: { displayName: "Mallory" }) { id } }';

describe('CORS and CSRF on /graphql', () => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const preflight = (origin: string, headers = 'authorization, content-type') =>
    fetch(h.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });
  const customerCount = async () => (await h.data<{ customers: { totalCount: number } }>('{ customers { totalCount } }')).customers.totalCount;

  it('sends no CORS headers at all when no origin is listed', async () => {
    h = await createGraphQLHarness('sqlite');
    const answer = await preflight(EVIL);
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();

    const read = await fetch(h.url, { method: 'POST', headers: { origin: APP, 'content-type': 'application/json', ...h.authHeaders }, body: JSON.stringify({ query: '{ customers { totalCount } }' }) });
    expect(read.status).toBe(200);
    expect([...read.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('allows a listed origin with credentials, a subdomain pattern without, and nothing else', async () => {
    h = await createGraphQLHarness('sqlite', { cors: { origins: [APP, 'https://*.partner.example'] } });
    const listed = await preflight(APP);
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(listed.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(listed.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(listed.headers.get('vary')).toBe('Origin');

    const partner = await preflight('https://shop.partner.example');
    expect(partner.status).toBe(204);
    expect(partner.headers.get('access-control-allow-origin')).toBe('https://shop.partner.example');
    expect(partner.headers.get('access-control-allow-credentials')).toBeNull();
    // The pattern is for subdomains: neither the bare domain nor a look-alike suffix matches.
    expect((await preflight('https://partner.example')).status).toBe(403);
    expect((await preflight('https://evilpartner.example')).status).toBe(403);
    expect((await preflight('http://shop.partner.example')).status).toBe(403);

    const evil = await preflight(EVIL);
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(await evil.text()).toContain('server.cors.origins');

    const actual = await fetch(h.url, { method: 'POST', headers: { origin: APP, 'content-type': 'application/json', ...h.authHeaders }, body: JSON.stringify({ query: '{ customers { totalCount } }' }) });
    expect(actual.headers.get('access-control-allow-origin')).toBe(APP);
    expect(actual.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const fromEvil = await fetch(h.url, { method: 'POST', headers: { origin: EVIL, 'content-type': 'application/json', ...h.authHeaders }, body: JSON.stringify({ query: '{ customers { totalCount } }' }) });
    expect(fromEvil.headers.get('access-control-allow-origin')).toBeNull();
    expect(fromEvil.headers.get('vary')).toBe('Origin');
  });

  it('refuses what a form or a no-cors fetch can send, before it runs, even on a server without access control', async () => {
    // The benchmarks' server runs every request as the system: the case where only CSRF
    // prevention stands between another site's form and a mutation.
    h = await createGraphQLHarness('sqlite', { withoutAccessControl: true });
    const form = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: CREATE }).toString() });
    expect(form.status).toBe(400);
    const refusal = await form.json();
    expect(refusal.errors[0].extensions.code).toBe('PREFLIGHT_REQUIRED');
    expect(refusal.errors[0].message).toContain('content-type: application/json');

    for (const contentType of ['text/plain', 'text/plain;charset=UTF-8', 'multipart/form-data; boundary=x']) {
      const simple = await fetch(h.url, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify({ query: CREATE }) });
      expect(simple.status, contentType).toBe(400);
    }
    const bareGet = await fetch(`${h.url}?query=${encodeURIComponent('{ customers { totalCount } }')}`);
    expect(bareGet.status).toBe(400);
    expect(await customerCount()).toBe(0);

    // What only a preflighted request can carry runs: JSON, a credential, or the opt-in header.
    const json = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CREATE }) });
    expect(json.status).toBe(200);
    const optedIn = await fetch(`${h.url}?query=${encodeURIComponent('{ customers { totalCount } }')}`, { headers: { 'x-rapport-csrf': '1' } });
    expect((await optedIn.json()).data.customers.totalCount).toBe(1);
  });

  it('lets a GET with a credential through, since the Authorization header already forces a preflight', async () => {
    h = await createGraphQLHarness('sqlite');
    const read = await fetch(`${h.url}?query=${encodeURIComponent('{ customers { totalCount } }')}`, { headers: h.authHeaders });
    expect(read.status).toBe(200);
    expect((await read.json()).data.customers.totalCount).toBe(0);
  });
});
