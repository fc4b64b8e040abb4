import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChannelRequest, ChannelResponse } from '@rapport/sdk';
import type { Logger } from '../logging/Logger.js';
import type { RouteHandler } from '../util/http.js';
import { answerOf, answerOfError, channelOf, toInboundRequest, write, type ChannelRouteOptions } from './inboundRoute.js';
import type { ChannelProviders } from './ChannelProviders.js';
import { DEFAULT_MAX_BODY_BYTES } from './readBody.js';

/** `/channels/<id>/<path>`, any path but the webhook's `inbound`. */
const OWN_ROUTE = /^\/channels\/([^/]+)(\/.*)$/;

/**
 * `/channels/:id/<path>` (any method, any path but `inbound`): the routes a channel serves
 * itself, such as the live-chat widget's script and visitor API, handed to the channel plugin's
 * `handleRequest` after activating it. The plugin decides who may call; the core routes, bounds
 * the body and the wait for an answer, and writes a streamed answer (server-sent events) chunk by
 * chunk until it ends or the client goes away. Errors answer as the webhook route's do
 * (`{ error, code }`, 404 for a channel without routes).
 */
export function createChannelOwnRoute(providers: ChannelProviders, logger: Logger, options: Partial<ChannelRouteOptions> = {}): RouteHandler {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request, response) => {
    const [pathname = '/', search = ''] = (request.url ?? '/').split(/\?(.*)/s, 2);
    const match = OWN_ROUTE.exec(pathname);
    if (!match || match[2] === '/inbound') return false;
    const channel = channelOf(match[1]!);
    const aborted = new AbortController();
    // 'close' on the response fires when the answer is written or the client went away.
    response.once('close', () => aborted.abort());
    try {
      const raw = await toInboundRequest(request, maxBodyBytes, options.publicUrl);
      const channelRequest: ChannelRequest = {
        ...raw,
        path: match[2]!,
        query: new URLSearchParams(search),
        signal: aborted.signal,
        ...(request.socket.remoteAddress && { remoteAddress: request.socket.remoteAddress }),
      };
      const answer = await providers.handleRequest(channel, channelRequest);
      await writeAnswer(request, response, answer, aborted.signal, logger.child({ channel }));
    } catch (error) {
      if (!response.headersSent) write(response, answerOfError(channel, error, logger));
      else response.destroy();
    }
    return true;
  };
}

async function writeAnswer(request: IncomingMessage, response: ServerResponse, answer: ChannelResponse, signal: AbortSignal, logger: Logger): Promise<void> {
  const whole = answerOf({ interactions: [], response: { ...answer, ...(answer.stream && answer.body === undefined && { body: '' }) } });
  if (!answer.stream) return write(response, whole);
  const headers = { ...whole.headers, 'content-type': answer.contentType ?? 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no' };
  response.writeHead(whole.status, headers);
  response.flushHeaders();
  if (whole.body.length > 0) response.write(whole.body);
  const iterator = answer.stream[Symbol.asyncIterator]();
  // A client that leaves mid-stream ends the plugin's iteration, so it can release what it holds.
  const stop = () => void iterator.return?.().catch(() => undefined);
  signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done || signal.aborted) break;
      if (!response.write(next.value)) await new Promise<void>((resolve) => response.once('drain', resolve).once('close', resolve));
    }
    response.end();
  } catch (error) {
    logger.warn({ err: { message: (error as Error)?.message }, path: request.url?.split('?')[0] }, 'channel stream failed');
    response.destroy();
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
