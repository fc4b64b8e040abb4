import type { IncomingMessage, ServerResponse } from 'node:http';
import { otel } from './otelApi.js';
import { SpanKind, SpanStatusCode, tracingActive, withSpan } from './spans.js';

const { propagation, ROOT_CONTEXT } = otel;

/** Probes and scrapes: every few seconds from every orchestrator, and no one's request. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Routes whose path is itself low in cardinality, named as they are in span names. */
const NAMED_ROUTES: readonly [RegExp, string][] = [
  [/^\/graphql$/, '/graphql'],
  [/^\/graphql\/stream$/, '/graphql/stream'],
  [/^\/channels\/[^/]+\/inbound$/, '/channels/:id/inbound'],
  [/^\/console(\/.*)?$/, '/console'],
];

/**
 * Runs one HTTP request's handling in a server span, the root of the request's trace, or the
 * child of the caller's span when the request carries a W3C `traceparent` (through the propagator
 * the registered SDK installs). The span ends when `handle` settles, with the status code sent.
 */
export function traceHttpRequest(request: IncomingMessage, response: ServerResponse, handle: () => Promise<void>): Promise<void> {
  if (!tracingActive()) return handle();
  const path = (request.url ?? '/').split('?')[0]!;
  if (UNTRACED_PATHS.has(path)) return handle();
  const method = request.method ?? 'GET';
  const route = NAMED_ROUTES.find(([pattern]) => pattern.test(path))?.[1];
  return withSpan(
    route ? `${method} ${route}` : method,
    { 'http.request.method': method, 'url.path': path, ...(route && { 'http.route': route }), 'url.scheme': 'http' },
    async (span) => {
      try {
        await handle();
      } finally {
        span.setAttribute('http.response.status_code', response.statusCode);
        if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
    },
    { kind: SpanKind.SERVER, parent: propagation.extract(ROOT_CONTEXT, request.headers) },
  );
}
