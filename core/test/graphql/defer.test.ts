/**
 * `@defer` over real HTTP (multipart/mixed, the incremental delivery format of yoga's
 * plugin on graphql 16): the page comes first, the deferred part after it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

describe('@defer', () => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  it('sends the deferred fragment as a later part of a multipart answer', async () => {
    h = await createGraphQLHarness('sqlite');
    await h.data('mutation { createCustomer(input: { displayName: "Ada", emails: ["ada@example.com"] }) { id } }');
    const query = '{ customers(first: 5) { edges { node { displayName ... @defer(label: "contact") { emails } } } } }';
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed', ...h.authHeaders },
      body: JSON.stringify({ query }),
    });
    expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    const text = await response.text();
    const parts = text
      .split(/\r?\n---/)
      .map((part) => part.slice(part.indexOf('{')).trim())
      .filter((part) => part.startsWith('{'))
      .map((part) => JSON.parse(part));
    expect(parts[0]).toMatchObject({ data: { customers: { edges: [{ node: { displayName: 'Ada' } }] } }, hasNext: true });
    expect(parts[0].data.customers.edges[0].node.emails).toBeUndefined();
    const deferred = parts.find((part) => part.incremental);
    expect(deferred.incremental[0]).toMatchObject({ data: { emails: ['ada@example.com'] }, label: 'contact', path: ['customers', 'edges', 0, 'node'] });
    expect(parts.at(-1).hasNext).toBe(false);
  });

  it('tells a client that does not accept multipart which media types a deferred answer comes in', async () => {
    h = await createGraphQLHarness('sqlite');
    await h.data('mutation { createCustomer(input: { displayName: "Ada", emails: ["ada@example.com"] }) { id } }');
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...h.authHeaders },
      body: JSON.stringify({ query: '{ customers(first: 5) { edges { node { displayName ... @defer { emails } } } } }' }),
    });
    expect(response.status).toBe(406);
    const error = (await response.json()).errors[0];
    expect(error.extensions.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('The Accept header allows none of the media types this API answers with here (text/event-stream, multipart/mixed). Accept one of them.');
  });
});
