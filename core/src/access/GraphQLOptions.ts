import type { PersistedOperations } from './PersistedOperations.js';

/** The limits every GraphQL operation is held to (`graphql.limits`, contract §9, docs/security/limits.md). */
export interface GraphQLLimits {
  /** The deepest nesting of fields, fragments flattened into their place. */
  maxDepth: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Lexical tokens in the query text. */
  maxTokens: number;
  /** The product of `first` along each path, summed over the connections, as GitHub counts nodes. */
  maxNodes: number;
  /** The largest request body, in bytes. */
  maxBodyBytes: number;
}

/** The limits when `graphql.limits` sets none (contract §9). */
export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 15,
  maxTokens: 2000,
  maxNodes: 50_000,
  maxBodyBytes: 1_048_576,
});

/** How the GraphQL API guards itself (`graphql`). */
export interface GraphQLOptions {
  limits: GraphQLLimits;
  /** Whether introspection is served (`graphql.introspection`, default true). */
  introspection: boolean;
  /** Hides "Did you mean …?" suggestions; true when NODE_ENV is `production`. */
  production: boolean;
  /** The operations front-ends listed, runnable by id (`graphql.persistedOperations`); none when absent. */
  persistedOperations?: PersistedOperations;
}

/** The defaults: every limit at its default, introspection on, suggestions shown. */
export const DEFAULT_GRAPHQL_OPTIONS: GraphQLOptions = Object.freeze({
  limits: DEFAULT_GRAPHQL_LIMITS,
  introspection: true,
  production: false,
});
