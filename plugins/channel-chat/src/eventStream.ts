import type { ChatMessage, Cursor } from './chatMessage.js';
import { parseCursor } from './chatMessage.js';
import type { LiveEvent, LiveStreams } from './liveStreams.js';

/** What one visitor's event stream needs. */
export interface EventStreamOptions {
  handle: string;
  /** Where the widget's history ends; the stream starts by replaying what came after it. */
  after: Cursor | undefined;
  signal: AbortSignal;
  streams: LiveStreams;
  heartbeatMs: number;
  catchUpMs: number;
  /** The visitor's messages after a cursor, from the database. */
  load(after: Cursor | undefined): Promise<ChatMessage[]>;
}

/** How many message ids a stream remembers to skip repeats. */
const REMEMBERED_IDS = 500;

/**
 * A visitor's server-sent events: first what came after `after` (a reconnect fetches what it
 * missed), then messages and typing pushed by this instance at once, a heartbeat every
 * `heartbeatMs` and, every `catchUpMs`, what the database has that was not pushed here (a message
 * sent through another instance). Events: `message` (a {@link ChatMessage}), `typing`
 * (`{ typing }`), `cursor` (`{ cursor }`, where the history now ends) and `ping`.
 */
export async function* eventStream(options: EventStreamOptions): AsyncGenerator<string> {
  const { handle, signal, streams } = options;
  const queue: LiveEvent[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const remove = streams.add({ handle, deliver: (event) => (queue.push(event), notify()) });
  signal.addEventListener('abort', notify, { once: true });
  const sent = new Set<string>();
  let cursor = options.after;
  const remember = (message: ChatMessage) => {
    sent.add(message.id);
    if (sent.size > REMEMBERED_IDS) sent.delete(sent.values().next().value!);
  };
  const catchUp = async function* () {
    let moved = false;
    for (const message of await options.load(cursor)) {
      cursor = parseCursor(message.cursor) ?? cursor;
      moved = true;
      if (sent.has(message.id)) continue;
      remember(message);
      yield sse('message', message);
    }
    if (moved && cursor) yield sse('cursor', { cursor: `${cursor.at}.${cursor.id}` });
  };
  try {
    // A comment first, so the response starts at once and the widget knows it is connected.
    yield ': connected\n\n';
    yield* catchUp();
    let nextHeartbeat = Date.now() + options.heartbeatMs;
    let nextCatchUp = Date.now() + options.catchUpMs;
    while (!signal.aborted) {
      if (queue.length === 0) {
        const wait = Math.max(0, Math.min(nextHeartbeat, nextCatchUp) - Date.now());
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => (clearTimeout(timer), resolve());
        });
      }
      if (signal.aborted) break;
      for (const event of queue.splice(0)) {
        if (event.type === 'typing') {
          yield sse('typing', { typing: event.typing });
        } else if (!sent.has(event.message.id)) {
          remember(event.message);
          yield sse('message', event.message);
        }
      }
      if (Date.now() >= nextCatchUp) {
        yield* catchUp();
        nextCatchUp = Date.now() + options.catchUpMs;
      }
      if (Date.now() >= nextHeartbeat) {
        yield sse('ping', {});
        nextHeartbeat = Date.now() + options.heartbeatMs;
      }
    }
  } finally {
    remove();
    signal.removeEventListener('abort', notify);
  }
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
