import type { IncomingMessage, ServerResponse } from 'node:http';

/** A handler for some routes of the HTTP server; returns false when it did not handle the request. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean> | boolean;

/** Answers with a JSON body, and any further headers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
