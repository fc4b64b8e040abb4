import { GraphQLError } from 'graphql';
import { createGraphQLError, type MaskError } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isRapportError } from '../util/isRapportError.js';

export { isRapportError };

/** The message of every error the server masks; the details go to the log only. */
export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/** A GraphQL error for bad input, with `extensions.code` BAD_USER_INPUT (and the field, if known). */
export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field && { field }) } });
}

/**
 * The error masking of the server. GraphQL errors (syntax, validation, bad input) pass as they
 * are. RapportErrors keep their message and carry their code in `extensions.code`: every code of
 * the SDK's `RapportErrorCode` is stable and documented, so none is renamed here. Anything else is
 * a bug or an outage whose message and stack may leak internals: the client gets "Unexpected
 * error." and the log gets the error.
 */
export function createMaskError(logger: Logger): MaskError {
  return (error, message) => {
    const graphQLError = isGraphQLError(error) ? error : undefined;
    const original = graphQLError ? graphQLError.originalError : error;
    if (graphQLError && isOwnGraphQLError(graphQLError)) return graphQLError;
    const location = {
      nodes: graphQLError?.nodes,
      source: graphQLError?.source,
      positions: graphQLError?.positions,
      path: graphQLError?.path,
    };
    if (isRapportError(original)) {
      return createGraphQLError(original.message, {
        ...location,
        extensions: {
          code: original.code,
          ...(typeof original.field === 'string' && { field: original.field }),
          // A delivery failure names the channel, so a client can offer another one.
          ...channelOf(original),
        },
      });
    }
    logger.error({ err: original, path: graphQLError?.path?.join('.') }, `GraphQL request failed unexpectedly: ${describe(original)}`);
    return createGraphQLError(message || UNEXPECTED_ERROR_MESSAGE, { ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  };
}

/**
 * A GraphQLError, recognized by name: graphql-js can be loaded twice (its CommonJS and ES builds,
 * e.g. under a bundler or a test runner), and an error of the other copy fails `instanceof`.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** True for a GraphQLError raised as such (not wrapping an ordinary Error), at any depth. */
function isOwnGraphQLError(error: GraphQLError): boolean {
  const original = error.originalError;
  if (original === undefined || original === null) return true;
  return isGraphQLError(original) && isOwnGraphQLError(original);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function channelOf(error: object): { channel?: string } {
  const { channel } = error as { channel?: unknown };
  return typeof channel === 'string' ? { channel } : {};
}
