import type { IncomingMessage, ServerResponse } from 'node:http';
import { RapportError, type InboundRequest } from '@rapport/sdk';
import type { Logger } from 'pino';
import type { DatabaseInteractionService } from '../domain/DatabaseInteractionService.js';
import { PluginOutputError, receiveInbound } from '../domain/receiveInbound.js';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import { errorMessage } from '../util/errorMessage.js';
import { BodyTooLargeError, readBody } from './readBody.js';
import { sendJson, type RouteHandler } from './createHttpServer.js';

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

/**
 * `POST /channels/:id/inbound`: a channel's webhook. The raw request goes to the channel plugin's
 * `parseInbound` (activating the plugin by `onChannel`); the messages it returns are recorded as
 * INBOUND interactions in one transaction, so a request is stored whole or not at all.
 *
 * 200 with the recorded ids when stored (a repeated delivery is recognized by `externalId` and
 * stores nothing new); 400 with the reason for input the plugin rejects; 404 for a channel that
 * no plugin contributes; 413 for a body over the limit; 503 when the channel's plugin is down.
 */
export function createInboundRoute(services: { host: PluginHost; interactions: DatabaseInteractionService; logger: Logger }): RouteHandler {
  return async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const match = INBOUND_PATH.exec(path);
    if (!match) return false;
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendJson(response, 405, { error: `Use POST to deliver messages to ${path}.` });
      return true;
    }
    const channel = decodeURIComponent(match[1]!);
    try {
      const recorded = await receiveInbound(services, channel, await toInboundRequest(request));
      sendJson(response, 200, {
        received: recorded.length,
        interactions: recorded.map((i) => ({ id: i.id, customerId: i.customerId, conversationId: i.conversationId })),
      });
    } catch (error) {
      respondWithError(response, channel, error, services.logger);
    }
    return true;
  };
}

async function toInboundRequest(request: IncomingMessage): Promise<InboundRequest> {
  const body = await readBody(request);
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return { method: request.method ?? 'POST', url: request.url ?? '/', headers: { ...request.headers }, body, ...(contentType && { contentType }) };
}

function respondWithError(response: ServerResponse, channel: string, error: unknown, logger: Logger): void {
  if (error instanceof BodyTooLargeError) return sendJson(response, 413, { error: error.message });
  if (error instanceof RapportError) {
    const status = error instanceof PluginOutputError ? 502 : (STATUS[error.code] ?? 400);
    if (status >= 500) logger.error({ channel, err: { message: error.message } }, 'inbound webhook failed');
    return sendJson(response, status, { error: error.message, code: error.code });
  }
  logger.error({ channel, err: { message: errorMessage(error), stack: (error as Error)?.stack } }, 'inbound webhook failed');
  sendJson(response, 500, { error: 'Unexpected error; nothing was stored. See the server log.' });
}

