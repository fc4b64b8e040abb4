import type { ChannelRequest, ChannelResponse } from '@rapport/sdk';
import { authenticate, type ChatDeps } from '../chatDeps.js';
import { eventStream } from '../eventStream.js';
import { customerOfHandle, historyOf } from '../history.js';
import { ChatHttpError } from '../http.js';
import { afterOf } from './messages.js';

/**
 * `GET /events?after=<cursor>`: the visitor's server-sent events (see `eventStream`), read by the
 * widget with `fetch` so the token travels in `Authorization`, never in a URL that logs keep.
 */
export async function openEvents(deps: ChatDeps, request: ChannelRequest): Promise<ChannelResponse> {
  const handle = await authenticate(deps, request);
  const after = afterOf(request);
  const { maxStreamsPerVisitor, heartbeatIntervalMs, catchUpIntervalMs } = deps.settings;
  if (deps.streams.count(handle) >= maxStreamsPerVisitor) {
    throw new ChatHttpError(
      429,
      'TOO_MANY_STREAMS',
      `This visitor already has ${maxStreamsPerVisitor} event streams open (maxStreamsPerVisitor). Close another tab of the chat, or try again in a minute.`,
      { 'retry-after': '30' },
    );
  }
  const stream = eventStream({
    handle,
    after,
    signal: request.signal,
    streams: deps.streams,
    heartbeatMs: heartbeatIntervalMs,
    catchUpMs: catchUpIntervalMs,
    // The customer is looked up each time: an identify can move the handle to another one.
    load: async (cursor) => {
      const customer = await customerOfHandle(deps.ctx, handle);
      return customer ? historyOf(deps.ctx, customer.id, cursor) : [];
    },
  });
  return {
    status: 200,
    contentType: 'text/event-stream; charset=utf-8',
    // no-transform and X-Accel-Buffering keep proxies (nginx) from buffering the events.
    headers: { 'cache-control': 'no-store, no-transform', 'x-accel-buffering': 'no', connection: 'keep-alive' },
    stream,
  };
}
