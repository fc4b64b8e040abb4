import type { DocumentNode, GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { documentField, variableField } from './errorFields.js';

/**
 * The codes this plugin gives errors that come without one (docs/graphql.md, "Errors"). Every
 * other code (BAD_USER_INPUT raised by a resolver, QUERY_TOO_COMPLEX, UNAUTHENTICATED,
 * SERVICE_UNAVAILABLE…) is set where the error is raised and kept as it is.
 */
export const GRAPHQL_ERROR_CODES = {
  /** The query is not GraphQL: a syntax error. */
  parse: 'GRAPHQL_PARSE_FAILED',
  /** The query does not fit the schema: an unknown field or argument, a wrong literal. */
  validation: 'GRAPHQL_VALIDATION_FAILED',
  /** The variables do not fit the operation: a wrong type, a required one missing. */
  variables: 'BAD_USER_INPUT',
  /** The HTTP request is not a GraphQL request: its body, method or media types. */
  request: 'BAD_REQUEST',
  /** Anything else that escaped without a code. */
  other: 'INTERNAL_SERVER_ERROR',
} as const;

/** The media types a client may send an operation as, for the message of a 415. */
const ACCEPTED_BODIES = 'application/json (or application/graphql, application/x-www-form-urlencoded, multipart/form-data)';

/**
 * Makes every error of a GraphQL response carry `extensions.code`, so a client can branch on the
 * code rather than parse messages, and every error about an input `extensions.field`, the
 * argument, input field or variable at fault (errorFields.ts): graphql-js says it in the message at
 * best. graphql-js leaves its request errors without one: a variable's
 * coercion ("Variable "$f" got invalid value "10"; Int cannot represent …"), and yoga answers a
 * body of an unsupported media type, or an unacceptable `Accept`, with an empty 415 or 406. Yoga
 * codes syntax and validation errors itself; this plugin does it too, so the contract does not
 * rest on a detail of yoga's, and gives whatever still lacks a code one at the end.
 *
 * The HTTP statuses stay yoga's: 400 for syntax, validation and variables (200 for the first two
 * under plain `application/json`, as the GraphQL-over-HTTP specification allows), 405 for a
 * wrong method, and now 415 and 406 with a body.
 */
export function useErrorCodes(): Plugin {
  return {
    onParse() {
      return ({ result }) => {
        if (isGraphQLError(result)) addCode(result, GRAPHQL_ERROR_CODES.parse);
      };
    },
    onValidate({ params }) {
      const document = params.documentAST as DocumentNode | undefined;
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((error) => withCode(error, GRAPHQL_ERROR_CODES.validation, inDocument(error, document))));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          const coded = requestErrorsCoded(result);
          if (coded) setResult(coded);
        },
      };
    },
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          const coded = requestErrorsCoded(result);
          if (coded) setResult(coded);
        },
      };
    },
    onRequestParse({ request, requestParser, setRequestParser }) {
      // No parser takes this body: yoga's answer would be an empty 415. The method check (405)
      // still comes first, since it runs before any parser does.
      if (requestParser) return;
      const contentType = request.headers.get('content-type');
      setRequestParser(() => {
        throw createGraphQLError(
          `A GraphQL request body must be ${ACCEPTED_BODIES}; got ${contentType ? `"${contentType.split(';')[0]}"` : 'no Content-Type'}. Send the operation as JSON: {"query": "…", "variables": {…}}.`,
          { extensions: { code: GRAPHQL_ERROR_CODES.request, http: { status: 415 } } },
        );
      });
    },
    onResultProcess({ result, setResult, resultProcessor, setResultProcessor, acceptableMediaTypes }) {
      if (isExecutionResult(result) && result.errors?.some((error) => !hasCode(error))) {
        setResult({ ...result, errors: result.errors.map((error) => withCode(error, fallbackCode(error))) });
      }
      // No media type of the client's Accept header is one yoga writes: yoga's answer would be an
      // empty 406. It gets a body all the same (HTTP allows it), in JSON.
      if (!resultProcessor) setResultProcessor((_result, fetchAPI) => notAcceptable(fetchAPI.Response, acceptableMediaTypes), 'application/json');
    },
  };
}

/**
 * Errors before execution (the variables, the operation to run) come without `data`: coded
 * BAD_USER_INPUT, with the variable at fault. Undefined for any other result.
 */
function requestErrorsCoded<R>(result: R): R | undefined {
  if (!isExecutionResult(result) || 'data' in result || !result.errors?.length) return undefined;
  const errors = result.errors.map((error) => {
    const field = variableField(error.message);
    return withCode(error, GRAPHQL_ERROR_CODES.variables, field ? { field } : {});
  });
  return { ...result, errors } as R;
}

/** The input a validation error is about; a literal of the wrong type is named in the message too. */
function inDocument(error: GraphQLError, document: DocumentNode | undefined): { field?: string; message?: string } {
  const found = documentField(error, document);
  if (!found) return {};
  return { field: found.field, ...(found.unnamed && !error.message.startsWith(`${found.field}: `) && { message: `${found.field}: ${error.message}` }) };
}

function notAcceptable(ResponseClass: typeof Response, acceptable: string[]): Response {
  const types = [...new Set(acceptable)].join(', ');
  const body = {
    errors: [{ message: `The Accept header allows none of the media types this API answers with here (${types}). Accept one of them.`, extensions: { code: GRAPHQL_ERROR_CODES.request } }],
  };
  return new ResponseClass(JSON.stringify(body), { status: 406, headers: { 'content-type': 'application/json; charset=utf-8', accept: types } });
}

/** A request error of HTTP 4xx that yoga raised without a code is the request's fault; anything else is ours. */
function fallbackCode(error: GraphQLError): string {
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? GRAPHQL_ERROR_CODES.request : GRAPHQL_ERROR_CODES.other;
}

function hasCode(error: GraphQLError): boolean {
  return typeof error.extensions?.code === 'string';
}

/**
 * The error itself when it has a code (and the field, if one is given), else a copy with them (a
 * code it has is kept, and the other extensions too).
 */
function withCode(error: GraphQLError, code: string, located: { field?: string; message?: string } = {}): GraphQLError {
  const { field, message } = located;
  const missing = !hasCode(error) || (field !== undefined && error.extensions?.field === undefined) || (message !== undefined && message !== error.message);
  if (!missing) return error;
  return createGraphQLError(message ?? error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: { ...error.extensions, code: hasCode(error) ? error.extensions.code : code, ...(field !== undefined && error.extensions?.field === undefined && { field }) },
  });
}

/** Sets a code on a thrown parse error in place: it is thrown, so it cannot be replaced. */
function addCode(error: GraphQLError, code: string): void {
  if (hasCode(error)) return;
  (error as { extensions: Record<string, unknown> }).extensions = { ...error.extensions, code };
}

/** graphql-js may be loaded twice (see yogaGraphQL.ts): a GraphQLError is recognized by name. */
function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof Error && value.name === 'GraphQLError';
}

function isExecutionResult(value: unknown): value is { data?: unknown; errors?: readonly GraphQLError[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(Symbol.asyncIterator in value);
}
