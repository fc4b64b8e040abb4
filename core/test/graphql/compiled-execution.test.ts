import { createSchema, createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GraphQLSchema } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { useCompiledExecution, type CompiledExecution } from '../../src/graphql/execution/useCompiledExecution.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createGraphQLHarness, globalIdOf, type GraphQLHarness } from './graphqlHarness.js';

/** A yoga server over a schema that can be swapped, as SchemaAssembler swaps it when plugins change. */
function server(plugin: CompiledExecution, schemas: { current: GraphQLSchema }): YogaServerInstance<object, object> {
  return createYoga({ schema: () => schemas.current, plugins: [plugin], logging: false });
}

function greeting(word: string): GraphQLSchema {
  return createSchema({ typeDefs: 'type Query { hello(n: Int): String! }', resolvers: { Query: { hello: (_: unknown, { n }: { n?: number }) => `${word}${n ?? ''}` } } });
}

async function run(yoga: YogaServerInstance<object, object>, query: string): Promise<unknown> {
  const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return response.json();
}

describe('compiled execution (graphql-jit)', () => {
  it('compiles an operation the second time it runs, and answers as graphql-js did', async () => {
    const schemas = { current: greeting('hi') };
    const plugin = useCompiledExecution();
    const yoga = server(plugin, schemas);
    const first = await run(yoga, '{ hello(n: 1) }');
    expect(plugin.cacheOf(schemas.current)).toBeUndefined();
    const second = await run(yoga, '{ hello(n: 1) }');
    expect(plugin.cacheOf(schemas.current)?.size).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual({ data: { hello: 'hi1' } });
  });

  it('keeps its bound however many distinct operations are repeated, and never compiles one sent once', async () => {
    const schemas = { current: greeting('hi') };
    const plugin = useCompiledExecution({ maxEntries: 8, maxChars: 10_000, maxEntryChars: 1_000 });
    const yoga = server(plugin, schemas);
    for (let i = 0; i < 200; i++) await run(yoga, `{ once${i}: hello(n: ${i}) }`);
    expect(plugin.cacheOf(schemas.current)).toBeUndefined();

    for (let i = 0; i < 200; i++) {
      const query = `{ twice${i}: hello(n: ${i}) }`;
      await run(yoga, query);
      expect(await run(yoga, query)).toEqual({ data: { [`twice${i}`]: `hi${i}` } });
      expect(plugin.cacheOf(schemas.current)!.size).toBeLessThanOrEqual(8);
    }
    expect(plugin.cacheOf(schemas.current)!.size).toBe(8);

    // By characters too: long operations fill the character budget before the count.
    const long = useCompiledExecution({ maxEntries: 1_000, maxChars: 2_000, maxEntryChars: 1_000 });
    const longYoga = server(long, schemas);
    for (let i = 0; i < 50; i++) {
      const query = `{ ${Array.from({ length: 20 }, (_, a) => `a${a}_${i}: hello`).join(' ')} }`;
      await run(longYoga, query);
      await run(longYoga, query);
    }
    expect(long.cacheOf(schemas.current)!.totalChars).toBeLessThanOrEqual(2_000);
    expect(long.cacheOf(schemas.current)!.size).toBeLessThan(50);
  });

  it('does not compile an operation longer than its bound', async () => {
    const schemas = { current: greeting('hi') };
    const plugin = useCompiledExecution({ maxEntries: 8, maxChars: 10_000, maxEntryChars: 100 });
    const yoga = server(plugin, schemas);
    const query = `{ ${Array.from({ length: 20 }, (_, a) => `a${a}: hello`).join(' ')} }`;
    for (let i = 0; i < 3; i++) expect(await run(yoga, query)).toMatchObject({ data: { a0: 'hi', a19: 'hi' } });
    expect(plugin.cacheOf(schemas.current)).toBeUndefined();
  });

  it('runs a rebuilt schema with its own resolvers, never an operation compiled against the previous one', async () => {
    const schemas = { current: greeting('hi') };
    const plugin = useCompiledExecution();
    const yoga = server(plugin, schemas);
    for (let i = 0; i < 3; i++) expect(await run(yoga, '{ hello }')).toEqual({ data: { hello: 'hi' } });
    schemas.current = greeting('hello');
    for (let i = 0; i < 3; i++) expect(await run(yoga, '{ hello }')).toEqual({ data: { hello: 'hello' } });
    expect(plugin.cacheOf(schemas.current)?.size).toBe(1);
  });

  it('compiles each operation of a document by its name', async () => {
    const schemas = { current: greeting('hi') };
    const plugin = useCompiledExecution();
    const yoga = server(plugin, schemas);
    const query = 'query One { hello(n: 1) } query Two { hello(n: 2) }';
    const named = async (operationName: string) =>
      (await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, operationName }) })).json();
    for (let i = 0; i < 3; i++) {
      expect(await named('One')).toEqual({ data: { hello: 'hi1' } });
      expect(await named('Two')).toEqual({ data: { hello: 'hi2' } });
    }
    expect(plugin.cacheOf(schemas.current)?.size).toBe(2);
  });
});

/**
 * The operations of the API that exercise what execution does (connections, interfaces, variables,
 * scalars, errors with their codes and paths), each run twice through the server: first by
 * graphql-js, then compiled. The answers must be the same.
 */
describe.each(TEST_DATABASES)('compiled execution against graphql-js on %s', (kind) => {
  let h: GraphQLHarness;
  afterEach(() => h.close());

  it('answers every operation the same way, data and errors', async () => {
    h = await createGraphQLHarness(kind);
    const { createCustomer } = await h.data('mutation { createCustomer(input: { displayName: "Ada", emails: ["ada@example.com"], attributes: { plan: "pro" } }) { id } }');
    await h.data('mutation { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", text: "hi", externalId: "x-1" }) { id } }');
    const missing = globalIdOf('Customer', '00000000-0000-4000-8000-000000000000');
    const operations: [string, Record<string, unknown>?][] = [
      ['{ customers(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id displayName emails attributes createdAt interactions(first: 5, newestFirst: true) { edges { node { id channel direction type text occurredAt customer { id } } } } } } } }'],
      ['query ($id: ID!) { node(id: $id) { __typename id ... on Customer { displayName emails } } }', { id: createCustomer.id }],
      ['query ($id: ID!) { customer(id: $id) { id } }', { id: missing }],
      ['query ($id: ID!) { node(id: $id) { id } }', { id: 'nope' }],
      ['query ($n: Int) { customers(first: $n) { totalCount } }', { n: 'ten' }],
      ['query ($n: Int) { customers(first: $n) { totalCount } }', { n: 500 }],
      ['query ($id: ID!) { customer(id: $id) { id } }', {}],
      // Idempotent by (channel, externalId): the second run answers with the same interaction.
      ['mutation { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", text: "hi", externalId: "x-1" }) { id text customer { id } } }'],
    ];
    for (const [query, variables] of operations) {
      const first = await h.gql(query, variables);
      const second = await h.gql(query, variables);
      expect(second, query).toEqual(first);
    }
    expect((await h.server.compiledOperations()).count).toBeGreaterThan(0);
  });
});
