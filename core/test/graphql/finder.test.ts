import { afterEach, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../src/graphql/globalIds.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness, type Json } from './graphqlHarness.js';

const DAY = 86_400_000;

const FIND = `query ($where: JSON, $orderBy: CustomerOrder, $first: Int, $after: String, $query: String) {
  customers(where: $where, orderBy: $orderBy, first: $first, after: $after, query: $query) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id displayName scores { rule value } } }
  }
}`;

/** The customers of the story: a CSAT score (or none) and how many days ago they last wrote (or never). */
const PEOPLE = [
  { name: 'Ada', csat: 20, wroteDaysAgo: 90 },
  { name: 'Bo', csat: 35, wroteDaysAgo: 10 },
  { name: 'Cy', csat: 80, wroteDaysAgo: 120 },
  { name: 'Dee', csat: null, wroteDaysAgo: null },
  { name: 'Eve', csat: 39, wroteDaysAgo: null },
  { name: 'Fay', csat: 40, wroteDaysAgo: 61 },
  { name: 'Gus', csat: 10, wroteDaysAgo: 59 },
] as const;

describe.each(TEST_DATABASES)('the customer finder, customers(where:, orderBy:), on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  /** Seeds the story 150 days long, so "days ago" are relative to the harness clock at the end. */
  async function seed(): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const person of PEOPLE) {
      const { createCustomer } = await h.data<Json>('mutation ($n: String) { createCustomer(input: { displayName: $n }) { id } }', { n: person.name });
      ids.set(person.name, fromGlobalId(createCustomer.id).id);
    }
    const start = h.clock.now().getTime();
    const writes = PEOPLE.filter((p) => p.wroteDaysAgo !== null).sort((a, b) => b.wroteDaysAgo! - a.wroteDaysAgo!);
    for (const person of writes) {
      await h.clock.set(new Date(start + (150 - person.wroteDaysAgo!) * DAY));
      await h.data('mutation ($c: ID!) { recordInteraction(input: { customerId: $c, channel: "email", direction: INBOUND, type: "message", text: "hi" }) { id } }', {
        c: Buffer.from(`Customer:${ids.get(person.name)}`).toString('base64url'),
      });
    }
    await h.clock.set(new Date(start + 150 * DAY));
    for (const person of PEOPLE) if (person.csat !== null) await h.seedScore(ids.get(person.name)!, 'csat', person.csat);
    return ids;
  }

  const unhappyAndQuiet = { all: [{ field: 'score.csat', op: 'lt', value: 40 }, { field: 'interactions.lastAt', op: 'olderThan', value: 'P60D' }] };
  // What the rule says, computed from the story itself: CSAT under 40, and nothing in 60 days (never counts).
  const expectedUnhappyAndQuiet = PEOPLE.filter((p) => p.csat !== null && p.csat < 40 && (p.wroteDaysAgo === null || p.wroteDaysAgo > 60)).map((p) => p.name);

  it('finds "CSAT under 40 and nothing from them in 60 days", page by page, with the count', async () => {
    h = await createGraphQLHarness(kind);
    await seed();
    const names: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await h.data<Json>(FIND, { where: unhappyAndQuiet, first: 1, after })).customers;
      expect(page.totalCount).toBe(expectedUnhappyAndQuiet.length);
      names.push(...page.edges.map((edge: Json) => edge.node.displayName));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(names.sort()).toEqual([...expectedUnhappyAndQuiet].sort());
    const preview = await h.data<Json>('query ($r: JSON!) { segmentPreview(rules: $r) { count } }', { r: unhappyAndQuiet });
    expect(preview.segmentPreview.count).toBe(expectedUnhappyAndQuiet.length);
  });

  it('sorts by a score, customers without one last, and combines where with query', async () => {
    h = await createGraphQLHarness(kind);
    await seed();
    const byScore = (await h.data<Json>(FIND, { orderBy: { field: 'score.csat', direction: 'DESC' }, first: 50 })).customers;
    const expected = [...PEOPLE].sort((a, b) => (b.csat ?? -Infinity) - (a.csat ?? -Infinity)).map((p) => p.name);
    expect(byScore.edges.map((edge: Json) => edge.node.displayName)).toEqual(expected);
    const combined = (await h.data<Json>(FIND, { where: { field: 'score.csat', op: 'lt', value: 40 }, query: 'e' })).customers;
    expect(combined.edges.map((edge: Json) => edge.node.displayName).sort()).toEqual(PEOPLE.filter((p) => p.csat !== null && p.csat < 40 && /e/i.test(p.name)).map((p) => p.name).sort());
  });

  it('refuses a bad tree, a bad order and a bad cursor with BAD_USER_INPUT naming the place', async () => {
    h = await createGraphQLHarness(kind);
    const badTree = await h.gql(FIND, { where: { all: [{ field: 'score.csat', op: 'between', value: 1 }] } });
    expect(badTree.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('where.all[0].op') });
    const badOrder = await h.gql(FIND, { orderBy: { field: 'email' } });
    expect(badOrder.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('orderBy.field') });
    const badCursor = await h.gql(FIND, { where: unhappyAndQuiet, after: 'nope' });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badPreview = await h.gql('query { segmentPreview(rules: { field: "nope", op: "eq", value: 1 }) { count } }');
    expect(badPreview.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('rules.field') });
  });
});
