import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe.each(TEST_DATABASES)('GraphQL over HTTP on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  const get = (query: string, accept = GRAPHQL_RESPONSE) => fetch(`${h.url}?query=${encodeURIComponent(query)}`, { headers: { accept, ...h.authHeaders } });
  const post = (query: string, accept = GRAPHQL_RESPONSE) =>
    fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', accept, ...h.authHeaders }, body: JSON.stringify({ query }) });

  it('answers a GET query and a POST mutation in the negotiated media type', async () => {
    h = await createGraphQLHarness(kind);
    const created = await post('mutation { createCustomer(input: { displayName: "Ada" }) { displayName } }');
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toContain(GRAPHQL_RESPONSE);
    expect(await created.json()).toEqual({ data: { createCustomer: { displayName: 'Ada' } } });

    const read = await get('{ customers { totalCount } }');
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toContain(GRAPHQL_RESPONSE);
    expect(await read.json()).toEqual({ data: { customers: { totalCount: 1 } } });

    const legacy = await get('{ customers { totalCount } }', 'application/json');
    expect(legacy.headers.get('content-type')).toContain('application/json');
    expect(await legacy.json()).toEqual({ data: { customers: { totalCount: 1 } } });
  });

  it('refuses a mutation over GET, and an invalid document with a 4xx under graphql-response+json', async () => {
    h = await createGraphQLHarness(kind);
    const refused = await get('mutation { createCustomer(input: { displayName: "Ada" }) { id } }');
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('POST');
    expect((await refused.json()).errors[0].message).toBe('Can only perform a mutation operation from a POST request.');
    expect((await h.data('{ customers { totalCount } }')).customers.totalCount).toBe(0);

    const invalid = await post('{ customers { nope } }');
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).errors[0].message).toBe('Cannot query field "nope" on type "CustomerConnection".');
  });

  it('serves GraphiQL to browsers and leaves other paths alone', async () => {
    h = await createGraphQLHarness(kind);
    const page = await fetch(h.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Rapport GraphQL');
    expect((await fetch(h.url.replace('/graphql', '/other'))).status).toBe(404);
    expect((await fetch(h.url.replace('/graphql', '/graphqlx'))).status).toBe(404);
  });
});
