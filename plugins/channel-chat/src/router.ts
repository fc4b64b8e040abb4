import type { ChannelRequest, ChannelResponse } from '@rapport/sdk';
import type { ChatDeps } from './chatDeps.js';
import { OriginPolicy } from './cors.js';
import { ChatHttpError, errorResponse } from './http.js';
import { listMessages, postMessage } from './routes/messages.js';
import { openEvents } from './routes/events.js';
import { identify } from './routes/identify.js';
import { startSession } from './routes/session.js';
import { postRead, postTyping } from './routes/signals.js';
import { demoPage, widgetEtag, widgetScript } from './widgetAsset.js';

type Handler = (deps: ChatDeps, request: ChannelRequest) => Promise<ChannelResponse>;

/** The visitor API: `<METHOD> <path below /channels/chat>`. */
const API: Record<string, Handler> = {
  'POST /session': startSession,
  'GET /messages': listMessages,
  'POST /messages': postMessage,
  'GET /events': openEvents,
  'POST /typing': postTyping,
  'POST /read': postRead,
  'POST /identify': identify,
};
const API_PATHS = new Set(Object.keys(API).map((route) => route.slice(route.indexOf(' ') + 1)));

/**
 * The chat channel's `handleRequest`: the widget's script and demo page for anyone, and the
 * visitor API for allowed origins only, each answer with its CORS headers. Every refusal is JSON
 * `{ error, code }`.
 */
export function chatRouter(deps: ChatDeps): (request: ChannelRequest) => Promise<ChannelResponse> {
  const origins = new OriginPolicy(deps.settings.allowedOrigins, deps.settings.demo);
  return async (request) => {
    const path = request.path.replace(/\/+$/, '') || '/';
    let cors: Record<string, string> = {};
    try {
      if (request.method === 'GET' && path === '/widget.js') return serveWidget(request);
      if (request.method === 'GET' && path === '/demo' && deps.settings.demo) {
        return { contentType: 'text/html; charset=utf-8', headers: { 'cache-control': 'no-cache' }, body: demoPage(deps.settings.title) };
      }
      const known = API_PATHS.has(path);
      if (!known) throw notFound(request.method, path);
      if (request.method === 'OPTIONS') return origins.preflight(request);
      cors = origins.check(request);
      const handler = API[`${request.method} ${path}`];
      if (!handler) throw new ChatHttpError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on /channels/chat${path}; see the visitor API in the plugin's README.`);
      const response = await handler(deps, request);
      return { ...response, headers: { ...response.headers, ...cors } };
    } catch (error) {
      if (error instanceof ChatHttpError) {
        const response = errorResponse(error);
        return { ...response, headers: { ...response.headers, ...cors } };
      }
      deps.ctx.logger.error({ err: error, path, method: request.method }, 'chat request failed');
      const response = errorResponse(new ChatHttpError(500, 'INTERNAL', 'The chat could not answer this request. Try again in a moment; if it keeps failing, the server log says why.'));
      return { ...response, headers: { ...response.headers, ...cors } };
    }
  };
}

function serveWidget(request: ChannelRequest): ChannelResponse {
  const etag = widgetEtag();
  // A short max-age: a new version reaches visitors within minutes, and revalidation is cheap.
  const headers = { 'cache-control': 'public, max-age=300', etag, 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' };
  if (request.headers['if-none-match'] === etag) return { status: 304, headers };
  return { contentType: 'text/javascript; charset=utf-8', headers, body: widgetScript() };
}

function notFound(method: string, path: string): ChatHttpError {
  return new ChatHttpError(
    404,
    'NOT_FOUND',
    `${method} /channels/chat${path} does not exist. The chat serves GET /widget.js, GET /demo (when demo is on), POST /session, GET and POST /messages, GET /events, POST /typing, POST /read and POST /identify.`,
  );
}
