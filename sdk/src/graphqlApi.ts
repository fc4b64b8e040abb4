import type { Disposable } from './disposable.js';

/** What a plugin's GraphQL resolver receives as its context: the request, never the core's services. */
export interface ResolverContext {
  /** The HTTP request being answered (absent for an in-process operation). */
  readonly request: Request | undefined;
}

/**
 * A resolver of one field of the plugin's `schema.graphql`, typed by its parent object, its
 * arguments and its result. `DateTime` arguments arrive as `Date`s.
 *
 * @example
 * ```ts
 * const responseSpeed: FieldResolver<{ id: string }, Record<string, never>, StoredScore | undefined> =
 *   (customer) => ctx.scoring.get(customer.id, 'response-speed');
 * ctx.graphql.registerResolvers({ Customer: { responseSpeed } });
 * ```
 */
export type FieldResolver<Parent = unknown, Args = Record<string, unknown>, Result = unknown> = (
  parent: Parent,
  args: Args,
  context: ResolverContext,
  /** graphql-js's `GraphQLResolveInfo`; the SDK does not depend on graphql, so it is left untyped. */
  info: unknown,
) => Result | Promise<Result>;

/**
 * A resolver map for the plugin's `schema.graphql`: type name → field name → resolver (a
 * `Subscription` field takes `{ subscribe, resolve }`), in the shape graphql-tools and
 * graphql-yoga use. Type each resolver with {@link FieldResolver}.
 */
export type ResolverMap = Record<string, Record<string, unknown>>;

/** `ctx.graphql`. */
export interface GraphQLApi {
  /** Registers the resolvers of the SDL file named by `contributes.graphql`. */
  registerResolvers(resolvers: ResolverMap): Disposable;
}
