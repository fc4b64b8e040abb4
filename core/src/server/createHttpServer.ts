import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { sendJson, type RouteHandler } from '../util/http.js';
import { errorMessage } from '../util/errorMessage.js';
import { checkingIntervalMs, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './connectionLimits.js';
import { traceHttpRequest } from '../tracing/httpSpans.js';
import { RequestDrain } from './RequestDrain.js';

export { sendJson, type RouteHandler };
export { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits };
export { RequestDrain };

/** A readiness check: a name and whether that part of the system is ready, with why not. */
export interface ReadinessCheck {
  name: string;
  ready(): boolean | ReadinessResult | Promise<boolean | ReadinessResult>;
}

/** What a readiness check found; `detail` says what is wrong, for the operator reading `/readyz`. */
export interface ReadinessResult {
  ready: boolean;
  detail?: string;
}

/**
 * What `rapport start` adds to the server: `drain` counts the requests in flight and, once
 * started, answers `/readyz` 503 and refuses new work; `observe` hears of every answered request
 * (the metrics).
 */
export interface HttpServerHooks {
  drain?: RequestDrain;
  observe?: (request: IncomingMessage, status: number, seconds: number) => void;
}

/** Takes an HTTP `upgrade` (a WebSocket) if it is for its path: true if it did. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/**
 * The HTTP server of `rapport start`. It answers `GET /healthz` (the process is alive) and
 * `GET /readyz` (every readiness check passes; each check's result in the body) itself, and hands
 * other requests to `routes`.
 * `limits` bound how long a client may take and how many may be connected at once. `upgrades`
 * take WebSocket upgrades (GraphQL's graphql-ws); one no handler takes is answered 404.
 */
export function createHttpServer(checks: ReadinessCheck[], routes: RouteHandler[] = [], limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS, upgrades: UpgradeHandler[] = [], hooks: HttpServerHooks = {}): Server {
  const server = createServer(
    {
      headersTimeout: limits.timeouts.headersMs,
      requestTimeout: limits.timeouts.requestMs,
      keepAliveTimeout: limits.timeouts.keepAliveMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    (request, response) => {
      hooks.drain?.track(request, response);
      if (hooks.observe) observeAnswer(request, response, hooks.observe);
      void traceHttpRequest(request, response, () => handle(request, response)).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: 'Internal server error' });
        else response.destroy(error as Error);
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (hooks.drain?.isDraining) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n', () => socket.destroy());
      return;
    }
    if (upgrades.some((upgrade) => upgrade(request, socket, head))) return;
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n', () => socket.destroy());
  });
  return server;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (request.method === 'GET' && path === '/readyz') {
      if (hooks.drain?.isDraining) return sendJson(response, 503, { status: 'draining' }, { connection: 'close' });
      const results = await Promise.all(checks.map(runCheck));
      const ready = results.every((result) => result.ready);
      return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: results });
    }
    if (hooks.drain?.isDraining) {
      return sendJson(response, 503, { error: 'This instance is shutting down; send the request again (another instance will take it).' }, { connection: 'close', 'retry-after': '1' });
    }
    for (const route of routes) if (await route(request, response)) return;
    sendJson(response, 404, { error: `No route for ${request.method} ${path}. Try GET /healthz or GET /readyz.` });
  }
}

async function runCheck(check: ReadinessCheck): Promise<{ name: string } & ReadinessResult> {
  try {
    const result = await check.ready();
    return typeof result === 'boolean' ? { name: check.name, ready: result } : { name: check.name, ...result };
  } catch (error) {
    return { name: check.name, ready: false, detail: errorMessage(error) };
  }
}

function observeAnswer(request: IncomingMessage, response: ServerResponse, observe: NonNullable<HttpServerHooks['observe']>): void {
  const started = performance.now();
  response.once('close', () => observe(request, response.statusCode, (performance.now() - started) / 1000));
}
