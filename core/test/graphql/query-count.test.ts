import { afterEach, describe, expect, it } from 'vitest';
import type { RecordInteractionInput } from '@rapport/sdk';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, type GraphQLHarness } from './graphqlHarness.js';

const PAGE = `query ($first: Int!) {
  customers(first: $first) {
    totalCount
    edges { node {
      id displayName emails
      interactions(first: 5) {
        totalCount
        pageInfo { hasNextPage }
        edges { node { id text customer { id } conversation { id status } } }
      }
      conversations(first: 2) { edges { node { id channels } } }
      scores { rule value }
      segments { model segment }
    } }
  }
}`;

interface Page {
  customers: {
    totalCount: number;
    edges: {
      node: {
        id: string;
        interactions: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: { text: string; customer: { id: string }; conversation: { id: string } } }[] };
        scores: { rule: string }[];
        segments: { segment: string }[];
        conversations: { edges: unknown[] };
      };
    }[];
  };
}

describe.each(TEST_DATABASES)('GraphQL query count on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  it('resolves a page of customers with nested lists in the same few queries for 10 or 100 customers', async () => {
    h = await createGraphQLHarness(kind, { countQueries: true });
    for (let i = 0; i < 100; i++) {
      const customer = await h.services.customers.create({ displayName: `Customer ${i}`, emails: [`c${i}@example.com`] });
      const inputs: RecordInteractionInput[] = [0, 1, 2, 3, 4, 5].map((n) => ({
        customerId: customer.id,
        channel: n % 2 ? 'chat' : 'email',
        direction: 'INBOUND',
        type: 'message',
        text: `message ${n}`,
        occurredAt: new Date(Date.UTC(2026, 2, 1, 9, n)),
      }));
      await h.services.interactions.recordMany(inputs);
      await h.seedScore(customer.id, 'csat', 4);
      await h.seedScore(customer.id, 'nps', 9);
      await h.seedSegment(customer.id, 'lifecycle', 'loyal');
    }

    const run = async (first: number) => {
      h.queries.length = 0;
      const page = await h.data<Page>(PAGE, { first });
      return { page, queries: [...h.queries] };
    };
    // The key's first use stamps its lastUsedAt once; later requests only look the key up.
    await h.data('{ me { id } }');
    const small = await run(10);
    const large = await run(100);

    expect(large.page.customers.totalCount).toBe(100);
    expect(large.page.customers.edges).toHaveLength(100);
    for (const { node } of large.page.customers.edges) {
      expect(node.interactions.totalCount).toBe(6);
      expect(node.interactions.pageInfo.hasNextPage).toBe(true);
      expect(node.interactions.edges.map((edge) => edge.node.text)).toEqual(['message 0', 'message 1', 'message 2', 'message 3', 'message 4']);
      for (const edge of node.interactions.edges) expect(edge.node.customer.id).toBe(node.id);
      expect(node.scores.map((score) => score.rule)).toEqual(['csat', 'nps']);
      expect(node.segments).toEqual([{ model: 'lifecycle', segment: 'loyal' }]);
      expect(node.conversations.edges).toHaveLength(1);
    }

    // The customers with their identities, their count; the interaction pages and counts, the
    // conversation pages, the interactions' conversations, scores, segments. The interactions'
    // customers come from the page itself (primed loader): no query. Besides, at most one lookup
    // of the credential: PostgreSQL instances keep it once their change watch is live
    // (access/CredentialCache, tested in core/test/access/credential-cache.test.ts).
    const isCredentialLookup = (sql: string) => sql.includes('from api_keys');
    const pageQueries = (queries: string[]) => queries.filter((sql) => !isCredentialLookup(sql));
    expect(pageQueries(small.queries).length, small.queries.join('\n')).toBe(pageQueries(large.queries).length);
    expect(pageQueries(large.queries).length, large.queries.join('\n')).toBe(8);
    for (const { queries } of [small, large]) expect(queries.filter(isCredentialLookup).length).toBeLessThanOrEqual(1);
  });
});
