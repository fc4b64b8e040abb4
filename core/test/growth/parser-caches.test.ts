import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { boundedParserCaches } from '../../src/graphql/parserCaches.js';

/** A real yoga server with the core's parser caches, asked over its fetch interface. */
function serverWith(caches: ReturnType<typeof boundedParserCaches>) {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { echo(text: String!): String! }', resolvers: { Query: { echo: (_: unknown, { text }: { text: string }) => text.length.toString() } } }),
    parserAndValidationCache: caches,
    logging: false,
  });
  return async (query: string) => {
    const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return (await response.json()) as { data?: { echo: string }; errors?: unknown[] };
  };
}

describe('the GraphQL parser caches', () => {
  it('answer every document, keep the small ones and never keep a big one', async () => {
    const caches = boundedParserCaches({ maxEntries: 1_024, maxChars: 64 * 1024, maxEntryChars: 4 * 1024 });
    const ask = serverWith(caches);
    // 50 distinct documents of 100 KB each, as a fuzzer's big string arguments make them.
    for (let i = 0; i < 50; i++) expect((await ask(`{ echo(text: "${String(i).padEnd(100_000, 'x')}") }`)).data?.echo).toBe('100000');
    expect(caches.documentCache.size).toBe(0);
    // Small ones are kept, and answered again from the cache.
    for (let i = 0; i < 20; i++) await ask(`{ echo(text: "${i}") }`);
    expect(caches.documentCache.size).toBe(20);
    expect((await ask('{ echo(text: "7") }')).data?.echo).toBe('1');
  });

  it('stay within their characters however many distinct documents come, parse errors included', async () => {
    const caches = boundedParserCaches({ maxEntries: 1_024, maxChars: 16 * 1024, maxEntryChars: 4 * 1024 });
    const ask = serverWith(caches);
    for (let i = 0; i < 300; i++) {
      await ask(`{ echo(text: "${String(i).padEnd(1_000, 'y')}") }`);
      expect((await ask(`{ echo(text: "${String(i).padEnd(1_000, 'z')}" `)).errors).toBeDefined();
    }
    for (const cache of [caches.documentCache, caches.errorCache]) {
      expect(cache.totalChars).toBeLessThanOrEqual(16 * 1024);
      expect(cache.size).toBeGreaterThan(0);
    }
  });
});
