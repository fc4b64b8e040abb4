import type { InboundRequest, WebhookResponse } from './channel.js';

/**
 * A request to one of a channel's own routes, `/channels/<id>/<path>` (any path but `inbound`,
 * any method): what a channel serves to browsers and apps itself, such as the live-chat widget's
 * script and its visitor API. See {@link ChannelProvider.handleRequest}.
 */
export interface ChannelRequest extends InboundRequest {
  /** The path below `/channels/<id>`, without the query, e.g. `/widget.js`. */
  readonly path: string;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  /** The client's IP address, as the socket reports it (behind a proxy: the proxy's). */
  readonly remoteAddress?: string;
  /** Aborted when the client goes away, e.g. to end a stream of server-sent events. */
  readonly signal: AbortSignal;
}

/**
 * A channel's answer to a {@link ChannelRequest}: a whole body, or a `stream` of chunks written as
 * they come (server-sent events).
 *
 * @example
 * ```ts
 * async function* ticks(signal: AbortSignal) {
 *   while (!signal.aborted) { yield `data: ${Date.now()}\n\n`; await sleep(1000); }
 * }
 * return { contentType: 'text/event-stream', headers: { 'cache-control': 'no-store' }, stream: ticks(request.signal) };
 * ```
 */
export interface ChannelResponse extends WebhookResponse {
  /**
   * A body written chunk by chunk as the iterable yields; the response ends when it ends. When the
   * client goes away, the core stops the iteration (`return()`) after the request's `signal` is
   * aborted. Given together with `body`, the body is written first.
   */
  stream?: AsyncIterable<string | Uint8Array>;
}
