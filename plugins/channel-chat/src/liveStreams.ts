import type { ChatMessage } from './chatMessage.js';

/** Something pushed to a visitor's open event streams. */
export type LiveEvent = { type: 'message'; message: ChatMessage } | { type: 'typing'; typing: boolean };

/** One open event stream of a visitor, as {@link LiveStreams} keeps it. */
export interface LiveStream {
  readonly handle: string;
  /** Called for every event pushed to the stream's visitor. */
  deliver(event: LiveEvent): void;
}

/**
 * The event streams open on this server instance, by visitor handle: where `send()` and
 * `showTyping()` push to. Streams on other instances catch up from the database instead.
 */
export class LiveStreams {
  private readonly byHandle = new Map<string, Set<LiveStream>>();

  /** How many streams the visitor has open here. */
  count(handle: string): number {
    return this.byHandle.get(handle)?.size ?? 0;
  }

  /** Adds a stream; the returned function removes it. */
  add(stream: LiveStream): () => void {
    let streams = this.byHandle.get(stream.handle);
    if (!streams) this.byHandle.set(stream.handle, (streams = new Set()));
    streams.add(stream);
    return () => {
      streams.delete(stream);
      if (streams.size === 0) this.byHandle.delete(stream.handle);
    };
  }

  /** Pushes `event` to every open stream of these handles; resolves to how many got it. */
  push(handles: readonly string[], event: LiveEvent): number {
    let delivered = 0;
    for (const handle of new Set(handles)) {
      for (const stream of this.byHandle.get(handle) ?? []) {
        stream.deliver(event);
        delivered += 1;
      }
    }
    return delivered;
  }

  /** Whether any of these handles has a stream open here. */
  hasAny(handles: readonly string[]): boolean {
    return handles.some((handle) => this.count(handle) > 0);
  }
}
