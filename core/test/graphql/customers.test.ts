import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, globalIdOf, type GraphQLHarness } from './graphqlHarness.js';

const CUSTOMER_FIELDS = 'id displayName emails phones handles { channel handle } attributes createdAt updatedAt';

describe.each(TEST_DATABASES)('GraphQL customers on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  /** Creates a customer; `tick` moves the clock on afterwards, so creation order is the list order. */
  async function create(input: Record<string, unknown>, tick = true): Promise<{ id: string; [field: string]: unknown }> {
    const { createCustomer } = await h.data(`mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { ${CUSTOMER_FIELDS} } }`, {
      input,
    });
    if (tick) await h.clock.advance(1_000);
    return createCustomer;
  }

  it('creates, reads and updates a customer with opaque ids', async () => {
    h = await createGraphQLHarness(kind);
    const created = await create({
      displayName: 'Ada Lovelace',
      emails: ['Ada@Example.com'],
      phones: ['+33 6 12 34 56 78'],
      attributes: { plan: 'pro' },
      handles: [{ channel: 'twitter', handle: '@ada' }],
    });
    expect(created).toMatchObject({
      displayName: 'Ada Lovelace',
      emails: ['ada@example.com'],
      phones: ['+33612345678'],
      handles: [{ channel: 'twitter', handle: '@ada' }],
      attributes: { plan: 'pro' },
      createdAt: '2026-03-02T09:00:00.000Z',
    });
    // Opaque: base64url, not the uuid, and the type is inside.
    expect(created.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(created.id, 'base64url').toString()).toMatch(/^Customer:[0-9a-f-]{36}$/);

    const read = await h.data(`query ($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } node(id: $id) { __typename id ... on Customer { emails } } }`, {
      id: created.id,
    });
    expect(read.customer).toEqual(created);
    expect(read.node).toEqual({ __typename: 'Customer', id: created.id, emails: ['ada@example.com'] });

    await h.clock.advance(60_000);
    const { updateCustomer } = await h.data(
      `mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { ${CUSTOMER_FIELDS} } }`,
      { input: { id: created.id, displayName: 'Ada King', emails: ['ada@king.example'], attributes: { plan: 'enterprise' } } },
    );
    expect(updateCustomer).toMatchObject({
      id: created.id,
      displayName: 'Ada King',
      emails: ['ada@king.example'],
      phones: ['+33612345678'],
      attributes: { plan: 'enterprise' },
      updatedAt: '2026-03-02T09:01:01.000Z',
    });
  });

  it('finds customers by name, email or phone, and by segment', async () => {
    h = await createGraphQLHarness(kind);
    const ada = await create({ displayName: 'Ada Lovelace', emails: ['ada@example.com'], phones: ['+33612345678'] });
    const grace = await create({ displayName: 'Grace Hopper', emails: ['grace@navy.example'] });
    const alan = await create({ displayName: 'Alan Turing', phones: ['+447700900123'] });
    const rawId = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1]!;
    await h.seedSegment(rawId(grace.id), 'lifecycle', 'loyal');
    await h.seedSegment(rawId(alan.id), 'lifecycle', 'loyal');
    await h.seedSegment(rawId(ada.id), 'lifecycle', 'new');

    const search = async (variables: Record<string, unknown>) => {
      const { customers } = await h.data(
        'query ($query: String, $segment: ID) { customers(query: $query, segment: $segment) { totalCount edges { node { displayName } } } }',
        variables,
      );
      return { total: customers.totalCount, names: customers.edges.map((edge: { node: { displayName: string } }) => edge.node.displayName) };
    };
    expect(await search({ query: 'hopper' })).toEqual({ total: 1, names: ['Grace Hopper'] });
    expect(await search({ query: 'NAVY.example' })).toEqual({ total: 1, names: ['Grace Hopper'] });
    expect(await search({ query: '+33 6 12 34' })).toEqual({ total: 1, names: ['Ada Lovelace'] });
    expect(await search({ query: '7700 900' })).toEqual({ total: 1, names: ['Alan Turing'] });
    expect(await search({ query: 'a' })).toEqual({ total: 3, names: ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'] });
    expect(await search({ query: '%' })).toEqual({ total: 0, names: [] });
    expect(await search({ segment: 'lifecycle:loyal' })).toEqual({ total: 2, names: ['Grace Hopper', 'Alan Turing'] });
    expect(await search({ segment: 'lifecycle:loyal', query: 'alan' })).toEqual({ total: 1, names: ['Alan Turing'] });

    const { customer } = await h.data('query ($id: ID!) { customer(id: $id) { segments { model segment since } scores { rule } } }', { id: grace.id });
    expect(customer).toEqual({ segments: [{ model: 'lifecycle', segment: 'loyal', since: '2026-03-02T09:00:03.000Z' }], scores: [] });
  });

  it('pages through customers with opaque cursors, oldest first', async () => {
    h = await createGraphQLHarness(kind);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      // Two customers share each timestamp, so the id must break ties.
      ids.push((await create({ displayName: `Customer ${i}` }, i % 2 === 1)).id);
    }
    const page = (after?: string) =>
      h.data(
        'query ($after: String) { customers(first: 3, after: $after) { totalCount edges { cursor node { id displayName } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
        { after },
      );
    const seen: string[] = [];
    let after: string | undefined;
    const pageInfos = [];
    for (;;) {
      const { customers } = await page(after);
      expect(customers.totalCount).toBe(7);
      seen.push(...customers.edges.map((edge: { node: { displayName: string } }) => edge.node.displayName));
      pageInfos.push(customers.pageInfo);
      expect(customers.pageInfo.startCursor).toBe(customers.edges[0].cursor);
      expect(customers.pageInfo.endCursor).toBe(customers.edges.at(-1).cursor);
      if (!customers.pageInfo.hasNextPage) break;
      after = customers.pageInfo.endCursor;
    }
    // Every customer once, in the order of one big page: (createdAt, id).
    const { customers: all } = await h.data('{ customers(first: 100) { edges { node { displayName createdAt } } } }');
    expect(seen).toEqual(all.edges.map((edge: { node: { displayName: string } }) => edge.node.displayName));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Customer ${i}`));
    const createdAt = all.edges.map((edge: { node: { createdAt: string } }) => edge.node.createdAt);
    expect(createdAt).toEqual([...createdAt].sort());
    expect(pageInfos.map((info) => [info.hasPreviousPage, info.hasNextPage])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
    expect(after).toMatch(/^[A-Za-z0-9_-]+$/);

    // The default page is 20; first: 0 gives no edges but still says there is more.
    const { customers } = await h.data('{ customers(first: 0) { edges { cursor } pageInfo { hasNextPage endCursor } } all: customers { totalCount edges { cursor } } }');
    expect(customers).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  it('merges customers; the merged id resolves to the survivor everywhere', async () => {
    h = await createGraphQLHarness(kind);
    const target = await create({ displayName: 'Ada', emails: ['ada@work.example'] });
    const source = await create({ emails: ['ada@home.example'], attributes: { city: 'Paris' } });
    await h.data('mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }', {
      input: { customerId: source.id, channel: 'email', direction: 'INBOUND', type: 'message', text: 'hi from home' },
    });

    const { mergeCustomers } = await h.data(
      'mutation ($input: MergeCustomersInput!) { mergeCustomers(input: $input) { id emails attributes interactions { totalCount } } }',
      { input: { targetId: target.id, sourceId: source.id } },
    );
    expect(mergeCustomers).toEqual({
      id: target.id,
      emails: ['ada@work.example', 'ada@home.example'],
      attributes: { city: 'Paris' },
      interactions: { totalCount: 1 },
    });

    const read = await h.data('query ($id: ID!) { customer(id: $id) { id } node(id: $id) { id } customers { totalCount } }', { id: source.id });
    expect(read).toEqual({ customer: { id: target.id }, node: { id: target.id }, customers: { totalCount: 1 } });
    // Writes through the old id reach the survivor too.
    const { updateCustomer } = await h.data('mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id displayName } }', {
      input: { id: source.id, displayName: 'Ada Lovelace' },
    });
    expect(updateCustomer).toEqual({ id: target.id, displayName: 'Ada Lovelace' });
  });

  it('returns null for an id that names nothing', async () => {
    h = await createGraphQLHarness(kind);
    const missing = globalIdOf('Customer', '00000000-0000-4000-8000-000000000000');
    expect(await h.data('query ($id: ID!) { customer(id: $id) { id } node(id: $id) { id } }', { id: missing })).toEqual({ customer: null, node: null });
  });
});
