import type { ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/fetch';
import type { Plugin } from 'graphql-yoga';
import { sendJson } from '../../util/http.js';
import { envelopedOperation, type AnyYoga } from './envelopedOperation.js';
import { queryTooComplex } from '../limits/queryTooComplex.js';

/**
 * Where the graphql-sse protocol is served (docs/graphql-subscriptions.md): both its modes, distinct
 * connections (a POST per operation, answered with its stream) and a single connection (PUT
 * reserves a stream and answers its token; GET opens it; POSTs with
 * `x-graphql-event-stream-token` run operations on it; DELETE stops one).
 */
export const GRAPHQL_STREAM_PATH = '/graphql/stream';

/** The methods of the stream path, for CORS preflights. */
export const GRAPHQL_STREAM_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

/**
 * graphql-sse on {@link GRAPHQL_STREAM_PATH}, as `@graphql-yoga/plugin-graphql-sse` serves it, with
 * two differences. Each operation goes through envelopedOperation, so the persisted operation list
 * holds here as over /graphql (the plugin's own path skips yoga's `onParams` hooks). And its
 * handler reads a POST's body itself, past yoga's request parsing where the body limit
 * (useBodyLimit) sits, so the limit is checked here, on the declared length, before the body is read.
 */
export function useGraphQLStream(maxBodyBytes: number): Plugin {
  const serverContexts = new WeakMap<Request, Record<string, unknown>>();
  let handler: ((request: Request) => Promise<Response>) | undefined;
  return {
    onYogaInit({ yoga }) {
      handler = createHandler(
        {
          async onSubscribe(request, params) {
            const initialContext = { ...serverContexts.get(request.raw), request: request.raw };
            const { query, operationName, variables, extensions } = params;
            const operation = await envelopedOperation(yoga as AnyYoga, initialContext, {
              query,
              operationName: operationName ?? undefined,
              variables: variables ?? undefined,
              extensions: extensions ?? undefined,
            });
            // graphql-sse takes a result for one only with a `data` key; else it reads it as arguments.
            if (operation.kind === 'refused') return { data: null, ...operation.result };
            return operation.run() as ExecutionResult | AsyncIterable<ExecutionResult>;
          },
        },
        yoga.fetchAPI,
      );
    },
    onRequest({ request, serverContext, endResponse, fetchAPI }) {
      if (new URL(request.url).pathname !== GRAPHQL_STREAM_PATH || !handler) return;
      if (request.method === 'POST') {
        const declared = request.headers.get('content-length');
        const refusal =
          declared === null || !/^\d+$/.test(declared)
            ? { status: 411, error: { message: 'A POST to /graphql/stream needs a Content-Length header: send the operation as a JSON body of known length.', extensions: { code: 'BAD_REQUEST' } } }
            : Number(declared) > maxBodyBytes
              ? { status: 400, error: queryTooComplex('maxBodyBytes', maxBodyBytes, `is ${declared} bytes`, 'Send less in one request').toJSON() }
              : undefined;
        if (refusal) {
          endResponse(fetchAPI.Response.json({ errors: [refusal.error] }, { status: refusal.status }));
          return;
        }
      }
      serverContexts.set(request, serverContext as Record<string, unknown>);
      const handle = handler;
      return handle(request).then(endResponse);
    },
  };
}

/**
 * HTTP 401 for a stream request without a credential. Over /graphql such a request may still log
 * in (`@anonymous`); on the stream there is nothing it could run, and a reservation holds memory
 * until it is used, so none is made for it.
 */
export function refuseAnonymousStream(response: ServerResponse): true {
  sendJson(
    response,
    401,
    { errors: [{ message: 'Authentication required for /graphql/stream: send "Authorization: Bearer <token>" with an API key (rapport keys create) or the token of login.', extensions: { code: 'UNAUTHENTICATED' } }] },
    { 'www-authenticate': 'Bearer realm="rapport"' },
  );
  return true;
}
