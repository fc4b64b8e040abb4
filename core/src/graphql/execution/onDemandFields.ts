import { Kind, type DocumentNode } from 'graphql';
import type { Resolvers } from '../coreResolvers.js';

/** The fields whose value a connection holds as a function, so that it is computed only when selected. */
const ON_DEMAND_FIELDS = ['totalCount', 'countEstimate'] as const;

/**
 * Resolvers for the fields the core computes on demand (`totalCount` of every connection, see
 * connections.ts, and `countEstimate` of the customer connections). graphql-js's default resolver calls a property that is a function, but a
 * compiled operation (useCompiledExecution.ts) reads a field without a resolver as a plain
 * property and would serialize the function itself; these resolvers call it, on both paths. A
 * resolver given for the same field elsewhere comes later in the list and wins.
 */
export function onDemandFieldResolvers(document: DocumentNode): Resolvers {
  const resolvers: Record<string, Record<string, (parent: Record<string, unknown>) => unknown>> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const name = field.name.value;
      if (!(ON_DEMAND_FIELDS as readonly string[]).includes(name)) continue;
      (resolvers[definition.name.value] ??= {})[name] = (parent) => {
        const value = parent[name];
        return typeof value === 'function' ? (value as () => unknown).call(parent) : value;
      };
    }
  }
  return resolvers;
}
