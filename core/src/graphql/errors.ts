import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { createGraphQLError, type MaskError } from 'graphql-yoga';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../persistence/databaseUnavailable.js';
import { sendJson } from '../util/http.js';
import { burstsOf, errorKind } from '../logging/BurstLimiter.js';
import { toGlobalId } from '@rapport/sdk';
import { refsOf, type ObjectRef } from '../util/errorRefs.js';
import { isRapportError } from '../util/isRapportError.js';
import { redactServerPaths } from '../util/redactServerPaths.js';

export { isRapportError };

/** The message of every error the server masks; the details go to the log only. */
export const UNEXPECTED_ERROR_MESSAGE = 'Unexpected error.';

/** A GraphQL error for bad input, with `extensions.code` BAD_USER_INPUT (and the field, if known). */
export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field && { field }) } });
}

/**
 * A value a scalar refuses (scalars.ts), as BAD_USER_INPUT. Not a GraphQLError on purpose:
 * graphql-js reports a GraphQLError thrown by `parseLiteral` as it is, without the location of the
 * literal, and wraps any other error in one that has it, from which errorCodes.ts names the
 * argument at fault. The wrapper keeps these `extensions`.
 */
export class InputCoercionError extends Error {
  readonly extensions = { code: 'BAD_USER_INPUT' };
  constructor(message: string) {
    super(message);
    this.name = 'InputCoercionError';
  }
}

/**
 * The error masking of the server. GraphQL errors (syntax, validation, bad input) pass as they
 * are (errorCodes.ts gives those without a code theirs). A database that cannot serve (see
 * persistence/databaseUnavailable) is HTTP 503 with SERVICE_UNAVAILABLE and `Retry-After`, so
 * clients and monitors keyed on the status see an outage as one. RapportErrors keep their message,
 * without the server's file paths, and carry their code in `extensions.code`: every code of the
 * SDK's `RapportErrorCode` is stable and documented, so none is renamed here. The objects such an
 * error names by internal id (util/errorRefs.ts) are named by global id instead, in the message and
 * in `extensions.id`: this is the one place that translates them. Anything else is a
 * bug whose message and stack may leak internals: the client gets "Unexpected error." and the log
 * gets the error.
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
    if (isDatabaseUnavailable(original)) {
      // One line per burst: an outage fails every request at once.
      burstsOf(logger).log('warn', 'graphql:database-unavailable', { err: { message: describe(original) }, path: graphQLError?.path?.join('.') }, `GraphQL request failed: the database is unavailable: ${describe(original)}`);
      return createGraphQLError(DATABASE_UNAVAILABLE_MESSAGE, { ...location, extensions: serviceUnavailableExtensions() });
    }
    if (isRapportError(original)) {
      const named = renderRefs(original.message, refsOf(original));
      return createGraphQLError(redactServerPaths(named.message), {
        ...location,
        extensions: {
          code: original.code,
          ...named.extensions,
          ...(typeof original.field === 'string' && { field: original.field }),
          // A delivery failure names the channel, so a client can offer another one, and the
          // provider's own code (Twilio's 21211), so it can say what to fix.
          ...channelOf(original),
        },
      });
    }
    burstsOf(logger).log('error', `graphql:${errorKind(original)}`, { err: original, path: graphQLError?.path?.join('.') }, `GraphQL request failed unexpectedly: ${describe(original)}`);
    return createGraphQLError(message || UNEXPECTED_ERROR_MESSAGE, { ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  };
}

/**
 * `extensions` of SERVICE_UNAVAILABLE. Yoga answers with the highest `extensions.http.status` among
 * a response's errors, with or without partial data, and sends the errors' `http.headers`; it never
 * shows `http` to the client.
 */
function serviceUnavailableExtensions(): Record<string, unknown> {
  return { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) } } };
}

/**
 * Runs a step of a GraphQL request that comes before yoga (the door: credential and rate limit)
 * and answers its failure as yoga would answer one: 503 SERVICE_UNAVAILABLE with `Retry-After`
 * when the database cannot serve, else 500 INTERNAL_SERVER_ERROR with the details logged. Returns
 * the step's result, or undefined when the request was answered here.
 */
export async function answeringFailures<T>(response: ServerResponse, logger: Logger, step: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (response.headersSent) throw error;
    if (isDatabaseUnavailable(error)) {
      burstsOf(logger).log('warn', 'graphql:database-unavailable', { err: { message: describe(error) } }, `GraphQL request refused: the database is unavailable: ${describe(error)}`);
      const retryAfter = String(DATABASE_RETRY_AFTER_SECONDS);
      sendJson(response, 503, { errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } }] }, { 'retry-after': retryAfter });
    } else {
      logger.error({ err: error }, `GraphQL request failed unexpectedly before it ran: ${describe(error)}`);
      sendJson(response, 500, { errors: [{ message: UNEXPECTED_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
    return undefined;
  }
}

/**
 * A GraphQLError, recognized by name: graphql-js can be loaded twice (its CommonJS and ES builds,
 * e.g. under a bundler or a test runner), and an error of the other copy fails `instanceof`.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** True for a GraphQLError raised as such (not wrapping an ordinary Error, but a scalar's refusal), at any depth. */
function isOwnGraphQLError(error: GraphQLError): boolean {
  const original = error.originalError;
  if (original === undefined || original === null) return true;
  if (original instanceof Error && original.name === 'InputCoercionError') return true;
  return isGraphQLError(original) && isOwnGraphQLError(original);
}

/**
 * A message for API clients, with the internal id of every object it names (`refs`) written as
 * its global id, and those global ids for `extensions`: `id` (the first object named), `ids` (all
 * of them, when there are several) and `field` (the input that gave the first one's id, if any).
 */
export function renderRefs(message: string, refs: readonly ObjectRef[]): { message: string; extensions: { id?: string; ids?: string[]; field?: string } } {
  if (refs.length === 0) return { message, extensions: {} };
  const ids = [...new Set(refs.map((ref) => toGlobalId(ref.type, ref.id)))];
  let rendered = message;
  for (const ref of refs) if (ref.id) rendered = rendered.split(ref.id).join(toGlobalId(ref.type, ref.id));
  const field = refs[0]!.field;
  return { message: rendered, extensions: { id: ids[0], ...(ids.length > 1 && { ids }), ...(field && { field }) } };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function channelOf(error: object): { channel?: string; providerCode?: string } {
  const { channel, providerCode } = error as { channel?: unknown; providerCode?: unknown };
  return { ...(typeof channel === 'string' && { channel }), ...(typeof providerCode === 'string' && { providerCode }) };
}
