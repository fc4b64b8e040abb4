import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { sendJson, type RouteHandler } from '../util/http.js';
import { checkingIntervalMs, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './connectionLimits.js';

export { sendJson, type RouteHandler };
export { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits };

/** A readiness check: a name and whether that part of the system is ready. */
export interface ReadinessCheck {
  name: string;
  ready(): boolean | Promise<boolean>;
}

/** Takes an HTTP `upgrade` (a WebSocket) if it is for its path: true if it did. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/**
 * The HTTP server of `rapport start`. It answers `GET /healthz` (the process is alive) and
 * `GET /readyz` (every readiness check passes) itself, and hands other requests to `routes`.
 * `limits` bound how long a client may take and how many may be connected at once. `upgrades`
 * take WebSocket upgrades (GraphQL's graphql-ws); one no handler takes is answered 404.
 */
export function createHttpServer(checks: ReadinessCheck[], routes: RouteHandler[] = [], limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS, upgrades: UpgradeHandler[] = []): Server {
  const server = createServer(
    {
      headersTimeout: limits.timeouts.headersMs,
      requestTimeout: limits.timeouts.requestMs,
      keepAliveTimeout: limits.timeouts.keepAliveMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    (request, response) => {
      void handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: 'Internal server error' });
        else response.destroy(error as Error);
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (upgrades.some((upgrade) => upgrade(request, socket, head))) return;
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n', () => socket.destroy());
  });
  return server;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (request.method === 'GET' && path === '/readyz') {
      const results = await Promise.all(checks.map(async (check) => ({ name: check.name, ready: await check.ready() })));
      const ready = results.every((result) => result.ready);
      return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: results });
    }
    for (const route of routes) if (await route(request, response)) return;
    sendJson(response, 404, { error: `No route for ${request.method} ${path}. Try GET /healthz or GET /readyz.` });
  }
}
