import type { IncomingMessage, ServerResponse } from 'node:http';
import { RapportError, type InboundRequest } from '@rapport/sdk';
import { burstsOf } from '../logging/BurstLimiter.js';
import type { Logger } from '../logging/Logger.js';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../persistence/databaseUnavailable.js';
import { errorMessage } from '../util/errorMessage.js';
import { sendJson, type RouteHandler } from '../util/http.js';
import { redactServerPaths } from '../util/redactServerPaths.js';
import { PluginOutputError, UnreadableRequestError } from './errors.js';
import type { InboundReceiver, Received } from './InboundReceiver.js';
import { BodyTooLargeError, DEFAULT_MAX_BODY_BYTES, readBody } from './readBody.js';

const INBOUND_PATH = /^\/channels\/([^/]+)\/inbound$/;

/** HTTP status per error code, for what a webhook caller can act on. */
const STATUS: Partial<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  NOT_AVAILABLE: 503,
  TIMEOUT: 504,
};

/** How the webhook route reads requests (`channels` and `server.publicUrl` in the config file). */
export interface ChannelRouteOptions {
  /** The largest body accepted, in bytes; a larger one is a 413 before it is read. */
  maxBodyBytes: number;
  /** The base URL the server is reached at behind a proxy, for `InboundRequest.publicUrl`. */
  publicUrl?: string;
}

/**
 * `GET` and `POST /channels/:id/inbound`: a channel's webhook, its provider's callbacks and
 * handshakes. The raw request (bytes, content type, the public URL the provider called) goes to
 * the channel plugin's `parseInbound`, activating the plugin by `onChannel`; the messages it
 * returns are recorded as INBOUND interactions in one transaction, so a request is stored whole
 * or not at all.
 *
 * The answer is the channel's own response when it gives one (TwiML, a challenge, a 403 for a bad
 * signature); otherwise 200 with the recorded ids (a repeated delivery is recognized by
 * `externalId` and stores nothing new). Errors, as `{ error, code }`: 400 with the reason for
 * input the plugin rejects or a body that could not be read; 404 for a channel no plugin
 * contributes (a malformed id among them); 413 for a body over the limit; 502 for a plugin that returns
 * something that is not a message; 503 when the channel's plugin is down, and 503 with
 * `Retry-After` when the database is, so the provider delivers again later. No answer names a
 * file of the server.
 */
export function createChannelRoute(receiver: InboundReceiver, logger: Logger, options: Partial<ChannelRouteOptions> = {}): RouteHandler {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const match = INBOUND_PATH.exec(path);
    if (!match) return false;
    if (request.method !== 'POST' && request.method !== 'GET') {
      response.setHeader('allow', 'GET, POST');
      sendJson(response, 405, { error: `Use POST to deliver messages to ${path} (GET for a provider's handshake).`, code: 'BAD_REQUEST' });
      return true;
    }
    const channel = channelOf(match[1]!);
    try {
      write(response, answerOf(await receiver.receive(channel, await toInboundRequest(request, maxBodyBytes, options.publicUrl))));
    } catch (error) {
      write(response, answerOfError(channel, error, logger));
    }
    return true;
  };
}

/** The channel id of the path, percent-decoded; a malformed escape is the caller's error (400), not ours. */
export function channelOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The raw request as a channel sees it: bytes, content type and the URL its caller called. */
export async function toInboundRequest(request: IncomingMessage, maxBodyBytes: number, publicBase: string | undefined): Promise<InboundRequest> {
  const body = await readBody(request, maxBodyBytes).catch((error: unknown) => {
    // A connection reset while the body arrives is the caller's doing, not a database outage.
    if (error instanceof BodyTooLargeError) throw error;
    throw new UnreadableRequestError(errorMessage(error));
  });
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  const url = request.url ?? '/';
  return { method: request.method ?? 'POST', url, publicUrl: publicUrlOf(request, url, publicBase), headers: { ...request.headers }, body, ...(contentType && { contentType }) };
}

/**
 * The URL as the provider called it: on the configured base, else as a proxy reports it
 * (`X-Forwarded-Proto`, `X-Forwarded-Host`), else as the request says. Forwarded headers can be
 * forged, but a URL is only ever used to check a signature made with a secret the forger lacks.
 */
function publicUrlOf(request: IncomingMessage, url: string, publicBase: string | undefined): string {
  if (publicBase) return `${publicBase}${url}`;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  const proto = first(request.headers['x-forwarded-proto']) ?? ('encrypted' in request.socket && request.socket.encrypted ? 'https' : 'http');
  const host = first(request.headers['x-forwarded-host']) ?? request.headers.host ?? 'localhost';
  return `${proto}://${host}${url}`;
}

/** An HTTP answer to a webhook request, before it is written. */
export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The answer to a request that was received: the channel's own, or 200 with the recorded ids. */
export function answerOf({ interactions, response: answer }: Received): WebhookAnswer {
  if (!answer) {
    return json(200, {
      received: interactions.length,
      interactions: interactions.map((i) => ({ id: i.id, customerId: i.customerId, conversationId: i.conversationId })),
    });
  }
  const body = answer.body === undefined ? Buffer.alloc(0) : typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : Buffer.from(answer.body);
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body !== undefined) headers['content-type'] = answer.contentType ?? 'text/plain; charset=utf-8';
  return { status: answer.status ?? 200, headers, body };
}

/**
 * The answer to a request that failed, with the status a caller can act on; server-side failures
 * are logged. A database outage comes first: whatever raised it, the provider should retry.
 */
export function answerOfError(channel: string, error: unknown, logger: Logger): WebhookAnswer {
  if (isDatabaseUnavailable(error)) {
    burstsOf(logger).log('warn', 'webhook:database-unavailable', { channel, err: { message: errorMessage(error) } }, 'inbound webhook refused: the database is unavailable');
    return json(503, { error: `${DATABASE_UNAVAILABLE_MESSAGE} Nothing was stored.`, code: 'SERVICE_UNAVAILABLE' }, { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) });
  }
  if (error instanceof BodyTooLargeError) return json(413, { error: error.message, code: error.code });
  if (error instanceof RapportError) {
    const status = error instanceof PluginOutputError ? 502 : (STATUS[error.code] ?? 400);
    if (status >= 500) logger.error({ channel, err: { message: error.message } }, 'inbound webhook failed');
    return json(status, { error: redactServerPaths(error.message), code: error.code });
  }
  logger.error({ channel, err: { message: errorMessage(error), stack: (error as Error)?.stack } }, 'inbound webhook failed');
  return json(500, { error: 'Unexpected error; nothing was stored. See the server log.', code: 'INTERNAL_SERVER_ERROR' });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): WebhookAnswer {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: Buffer.from(JSON.stringify(body), 'utf8') };
}

/** Writes a whole answer. */
export function write(response: ServerResponse, answer: WebhookAnswer): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}
