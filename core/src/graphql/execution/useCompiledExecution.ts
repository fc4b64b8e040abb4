import { createRequire } from 'node:module';
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLError, GraphQLSchema, Source } from 'graphql';
import type { CompiledQuery, CompilerOptions } from 'graphql-jit';
import { makeExecute, type Plugin } from 'graphql-yoga';
import { BoundedTextCache, type BoundedTextCacheLimits } from '../../util/BoundedTextCache.js';
import { graphql } from '../yogaGraphQL.js';

/**
 * graphql-jit, loaded as yoga loads graphql-js (see yogaGraphQL.ts): its CommonJS build, so that
 * the schema it compiles against and the GraphQLError it raises are of yoga's graphql-js. Its ES
 * build would import graphql's ES build under a test runner, whose type checks refuse the schema.
 */
const jit = createRequire(import.meta.url)('graphql-jit') as typeof import('graphql-jit');

/**
 * How many compiled operations are kept per schema, and of what size. A compiled operation is
 * generated JavaScript plus closures over the schema, larger than its syntax tree, and grows with
 * the text of the operation: bounded by count and by the characters of the texts (the same
 * three-way bound as the parse cache, parserCaches.ts, but tighter). An operation longer than
 * `maxEntryChars` is never compiled. Real clients send a few dozen distinct operations, a few KB
 * each.
 */
export const COMPILED_QUERY_LIMITS: BoundedTextCacheLimits = { maxEntries: 256, maxChars: 1024 * 1024, maxEntryChars: 16 * 1024 };

/** What the plugin keeps, for tests and the docs: the cache of one schema. */
export interface CompiledExecution extends Plugin {
  /** The compiled operations kept for `schema` (undefined before its first compilation). */
  cacheOf(schema: GraphQLSchema): BoundedTextCache<CompiledOperation> | undefined;
}

/** A compiled operation, and the source its errors point into. */
export interface CompiledOperation {
  compiled: CompiledQuery;
  source: Source;
}

/**
 * Runs queries and mutations through graphql-jit: an operation is compiled once into a
 * JavaScript function specialised to its selections (no per-field lookups in the schema, no
 * generic value completion), then each request calls that function. graphql-js still parses and
 * validates (cached), and every plugin before execution (limits, scopes) still runs; only the
 * execution step changes. Errors come out as graphql-js's GraphQLErrors, masked and coded as
 * before (errors.ts, errorCodes.ts).
 *
 * What is compiled, and what is not:
 *   - an operation is compiled the second time its document is executed. Yoga's parse cache hands
 *     the same DocumentNode for the same text, so a document seen twice is one a client repeats;
 *     a stream of distinct queries (a client exploring, or an attacker) never pays for compiling;
 *   - the compiled operations are kept per schema (the schema is rebuilt when plugins change, and
 *     a compiled operation calls the resolvers of the schema it was compiled against), within
 *     {@link COMPILED_QUERY_LIMITS}, least recently used first out;
 *   - subscriptions and anything graphql-jit cannot compile run on graphql-js, as before.
 *
 * Not `@envelop/graphql-jit`: it keys its cache by the document alone, so after a plugin change
 * rebuilt the schema, the same query text would keep running the operation compiled against the
 * previous schema and its resolvers; and it compiles every document on first sight.
 */
/** An operation asking for incremental delivery: run by yoga's executor, which has it. */
const INCREMENTAL_DIRECTIVE = /@(defer|stream)\b/;

export function useCompiledExecution(limits: BoundedTextCacheLimits = COMPILED_QUERY_LIMITS, options: Partial<CompilerOptions> = {}): CompiledExecution {
  const caches = new WeakMap<GraphQLSchema, BoundedTextCache<CompiledOperation>>();
  const seen = new WeakSet<DocumentNode>();
  // Not compilable (an error, an unsupported feature): not tried again while the document lives.
  const refused = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>();

  const operationOf = (args: ExecutionArgs): CompiledOperation | undefined => {
    const { schema, document } = args;
    const source = document.loc?.source;
    const text = source?.body;
    if (!source || text === undefined || text.length > limits.maxEntryChars || refused.get(schema)?.has(document)) return undefined;
    // graphql-jit answers at once, whole; @defer and @stream need yoga's incremental executor.
    if (INCREMENTAL_DIRECTIVE.test(text)) return undefined;
    let cache = caches.get(schema);
    const key = `${args.operationName ?? ''}\n${text}`;
    const hit = cache?.get(key);
    if (hit) return hit;
    if (!seen.has(document)) {
      seen.add(document);
      return undefined;
    }
    const compiled = jit.compileQuery(schema, document, args.operationName ?? undefined, options);
    if (!jit.isCompiledQuery(compiled)) {
      let set = refused.get(schema);
      if (!set) refused.set(schema, (set = new WeakSet()));
      set.add(document);
      return undefined;
    }
    const operation: CompiledOperation = { compiled, source };
    if (!cache) caches.set(schema, (cache = new BoundedTextCache(limits)));
    cache.set(key, operation);
    return operation;
  };

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = operationOf(args);
      if (!operation) return;
      const { compiled, source } = operation;
      setExecuteFn(
        makeExecute((execution) => {
          // The variables as the client sent them: the compiled operation coerces them itself.
          const result = compiled.query(execution.rootValue, execution.contextValue, execution.variableValues ?? undefined);
          // No `data`: the variables did not fit, and nothing ran. graphql-js says so in its own
          // words (graphql-jit's differ), which clients and the docs already know.
          const answer = (settled: ExecutionResult) => ('data' in settled ? located(settled, source) : executeFn(execution));
          return isPromise(result) ? result.then(answer) : answer(result);
        }),
      );
    },
    cacheOf: (schema) => caches.get(schema),
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * graphql-jit's errors carry `locations` but not the source and positions they come from, which
 * yoga and the error masking (errors.ts) use to build the errors they answer with: without them,
 * a client would lose `locations`. Each error is made again as graphql-js makes it, with the same
 * message, path, original error and extensions. Only answers with errors pay for it.
 */
function located(result: ExecutionResult, source: Source): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((error) => relocated(error, source)) };
}

function relocated(error: GraphQLError, source: Source): GraphQLError {
  if (error.source || !error.locations?.length) return error;
  return new graphql.GraphQLError(error.message, {
    source,
    positions: error.locations.map(({ line, column }) => positionOf(source.body, line, column)),
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

/** The character offset of a 1-based line and column in `body`. */
function positionOf(body: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = body.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return offset + column - 1;
}
