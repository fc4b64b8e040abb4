import type { ASTNode, GraphQLError } from 'graphql';
import type { GraphQLLimits } from '../../access/GraphQLOptions.js';
import { graphql } from '../yogaGraphQL.js';

/** The code of every refusal for a limit of `graphql.limits` (contract §9). */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/**
 * The error for a request over one of `graphql.limits`: HTTP 400, `extensions.code`
 * QUERY_TOO_COMPLEX and `extensions.limit` naming the limit, and a message that starts with the
 * limit's name, says how far over the request is, and how to get under it.
 *
 * @param limit - the field of `graphql.limits` that was exceeded.
 * @param value - that limit's configured value.
 * @param found - what the request has, as a phrase: "is 14 deep", "has 16 aliases".
 * @param remedy - what the client can do instead, without the final full stop.
 * @param nodes - where in the query, when the limit belongs to a part of it.
 */
export function queryTooComplex(limit: keyof GraphQLLimits, value: number, found: string, remedy: string, nodes?: readonly ASTNode[]): GraphQLError {
  return new graphql.GraphQLError(`${limit}: the ${limit === 'maxBodyBytes' ? 'request body' : 'query'} ${found}; the limit is ${value}. ${remedy} or raise graphql.limits.${limit}.`, {
    nodes,
    // `spec: false`: 400 even for clients that accept only application/json, for which yoga
    // otherwise answers validation errors with 200, as GraphQL over HTTP allows.
    extensions: { code: QUERY_TOO_COMPLEX, limit, http: { status: 400, spec: false } },
  });
}
