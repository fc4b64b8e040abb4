import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from './graphqlHarness.js';

/**
 * Backward pages (`last`/`before`) over real HTTP: walking back from the end visits exactly the
 * nodes that walking forward does, page after page in reverse, each page in the list's own order,
 * with Relay's pageInfo at both ends. Ties (customers created at the same instant), customers
 * without a value for the order (no display name, no score) and uneven last pages are all in the
 * data on purpose.
 */
const SIZE = 4;

interface Page {
  ids: string[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

describe.each(TEST_DATABASES)('backward paging on %s', (kind) => {
  let h: GraphQLHarness;
  let firstCustomer: string;

  beforeAll(async () => {
    h = await createGraphQLHarness(kind);
    for (let index = 0; index < 23; index++) {
      // Three customers per instant: the order's ties go by id.
      if (index % 3 === 0) h.clock.advance(60_000);
      const named = index % 5 !== 2;
      const { createCustomer } = await h.data(`mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, {
        input: { ...(named && { displayName: `Customer ${String.fromCharCode(65 + ((index * 7) % 26))}` }), emails: [`c${index}@example.com`], attributes: { tier: index % 2 === 0 ? 'gold' : 'silver' } },
      });
      const rawId = Buffer.from(createCustomer.id, 'base64url').toString('utf8').split(':')[1]!;
      // Every third customer has no csat score; the others share a few values.
      if (index % 3 !== 1) await h.seedScore(rawId, 'csat', (index * 37) % 5);
      if (index === 0) firstCustomer = createCustomer.id;
    }
    // Seven conversations of the first customer (a new thread each) and 22 interactions.
    for (let index = 0; index < 22; index++) {
      h.clock.advance(index % 4 === 0 ? 0 : 1_000);
      await h.data(`mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`, {
        input: { customerId: firstCustomer, channel: 'email', direction: 'INBOUND', type: 'message', text: `m${index}`, threadKey: `t${index % 7}`, externalId: `e${index}` },
      });
    }
  });

  afterAll(() => h?.close());

  /** Every page of a list, forward or backward, read through `select`, which picks the connection out of `data`. */
  async function walk(query: (page: string) => string, select: (data: Json) => Json, backward: boolean): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const args: string = backward ? `last: ${SIZE}${cursor ? `, before: "${cursor}"` : ''}` : `first: ${SIZE}${cursor ? `, after: "${cursor}"` : ''}`;
      const connection = select(await h.data(query(args)));
      const page: Page = { ids: connection.edges.map((edge: Json) => edge.node.id), pageInfo: connection.pageInfo };
      expect(connection.edges.map((edge: Json) => edge.cursor)[0] ?? null).toBe(page.pageInfo.startCursor);
      pages.push(page);
      const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
      if (!more) return pages;
      cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
    }
    throw new Error('the walk did not end');
  }

  /** Forward and backward walks over one list: the same nodes, the backward pages in reverse, and pageInfo right at both ends. */
  async function expectSameBothWays(query: (page: string) => string, select: (data: Json) => Json, expected: number): Promise<void> {
    const forward = await walk(query, select, false);
    const backward = await walk(query, select, true);
    const forwardIds = forward.flatMap((page) => page.ids);
    expect(forwardIds).toHaveLength(expected);
    expect(new Set(forwardIds).size).toBe(expected);
    expect([...backward].reverse().flatMap((page) => page.ids)).toEqual(forwardIds);
    expect(backward.every((page) => page.ids.length === SIZE || page === backward.at(-1))).toBe(true);
    // Forward: no previous page at the start, no next page at the end; backward, the mirror.
    expect(forward[0]!.pageInfo.hasPreviousPage).toBe(false);
    expect(forward.at(-1)!.pageInfo.hasNextPage).toBe(false);
    expect(backward[0]!.pageInfo.hasNextPage).toBe(false);
    expect(backward.at(-1)!.pageInfo.hasPreviousPage).toBe(false);
    expect(backward.slice(1).every((page) => page.pageInfo.hasNextPage)).toBe(true);
    expect(backward.slice(0, -1).every((page) => page.pageInfo.hasPreviousPage)).toBe(true);
  }

  const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
  const customers = (extra: string) => (page: string) => `{ customers(${page}${extra}) { edges { cursor node { id } } ${PAGE_INFO} } }`;
  const selectCustomers = (data: Json) => data.customers;

  it('walks the customers back as forth: plain, with query, with where, ordered by a score and by displayName', async () => {
    await expectSameBothWays(customers(''), selectCustomers, 23);
    await expectSameBothWays(customers(', query: "example.com"'), selectCustomers, 23);
    await expectSameBothWays(customers(', where: { field: "attributes.tier", op: "eq", value: "gold" }'), selectCustomers, 12);
    for (const direction of ['ASC', 'DESC']) {
      // Customers without a csat score (every third) come last either way.
      await expectSameBothWays(customers(`, orderBy: { field: "score.csat", direction: ${direction} }`), selectCustomers, 23);
      // Customers without a display name (every fifth) too.
      await expectSameBothWays(customers(`, orderBy: { field: "displayName", direction: ${direction} }`), selectCustomers, 23);
      await expectSameBothWays(customers(`, where: { field: "attributes.tier", op: "eq", value: "silver" }, orderBy: { field: "createdAt", direction: ${direction} }`), selectCustomers, 11);
    }
    await expectSameBothWays(customers(', orderBy: { field: "interactions.lastAt" }'), selectCustomers, 23);
  });

  it('walks a customer\'s interactions and conversations back as forth', async () => {
    const nested = (field: string, extra = '') => (page: string) =>
      `{ customer(id: "${firstCustomer}") { ${field}(${page}${extra}) { edges { cursor node { id } } ${PAGE_INFO} } } }`;
    await expectSameBothWays(nested('interactions'), (data) => data.customer.interactions, 22);
    await expectSameBothWays(nested('interactions', ', newestFirst: true'), (data) => data.customer.interactions, 22);
    await expectSameBothWays(nested('conversations'), (data) => data.customer.conversations, 7);
  });

  it('walks the audit log and the inbox back as forth', async () => {
    const audit = (page: string) => `{ auditEvents(${page}, action: "customer.create") { edges { cursor node { id } } ${PAGE_INFO} } }`;
    await expectSameBothWays(audit, (data) => data.auditEvents, 23);
    const inbox = (page: string) => `{ conversations(${page}, status: OPEN) { edges { cursor node { id } } ${PAGE_INFO} } }`;
    await expectSameBothWays(inbox, (data) => data.conversations, 7);
  });

  it('refuses a page that mixes the directions', async () => {
    const { errors } = await h.gql(`{ customers(first: 2, before: "x") { totalCount } }`);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toContain('first, before');
  });

  it('answers a nested page size out of range with an error on that field only, and serves the rest', async () => {
    for (const argument of ['first', 'last']) {
      const result = await h.gql(
        `{ customers(first: 3) { totalCount edges { node { id displayName interactions(${argument}: 500) { totalCount } } } } }`,
      );
      expect(result.data?.customers.totalCount).toBe(23);
      expect(result.data?.customers.edges).toHaveLength(3);
      for (const edge of result.data!.customers.edges) expect(edge.node.interactions).toBeNull();
      expect(result.errors).toHaveLength(3);
      for (const error of result.errors!) {
        expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument, min: 0, max: 100 });
        expect(error.message).toBe(`${argument} must be between 0 and 100, got 500. Page through larger sets with ${argument === 'first' ? 'after' : 'before'}.`);
        expect(error.path).toEqual(['customers', 'edges', expect.any(Number), 'node', 'interactions']);
      }
    }
  });
});
