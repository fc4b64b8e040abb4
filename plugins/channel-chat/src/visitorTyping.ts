import { fromGlobalId, toGlobalId, type FieldResolver, type ResolverMap } from '@rapport/sdk';

/** That a visitor is typing in a conversation, or stopped: `Subscription.chatVisitorTyping`. */
export interface VisitorTyping {
  conversationId: string;
  customerId: string;
  handle: string;
  typing: boolean;
  at: Date;
}

type Listener = (event: VisitorTyping) => void;

/**
 * Visitors' typing on this instance, for agents' `chatVisitorTyping` subscriptions. Typing is
 * fleeting: nothing is stored, and a subscriber sees only what happens while it listens.
 */
export class VisitorTypingFeed {
  private readonly listeners = new Set<Listener>();

  publish(event: VisitorTyping): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Typing events, only of one conversation when given; ends when `return()` is called. */
  subscribe(conversationId?: string): AsyncIterableIterator<VisitorTyping> {
    const queue: VisitorTyping[] = [];
    let waiting: ((result: IteratorResult<VisitorTyping>) => void) | undefined;
    let done = false;
    const listener: Listener = (event) => {
      if (conversationId && event.conversationId !== conversationId) return;
      if (waiting) {
        waiting({ value: event, done: false });
        waiting = undefined;
      } else if (queue.length < 100) queue.push(event);
    };
    this.listeners.add(listener);
    const finish = async (): Promise<IteratorResult<VisitorTyping>> => {
      done = true;
      this.listeners.delete(listener);
      waiting?.({ value: undefined, done: true });
      waiting = undefined;
      return { value: undefined, done: true };
    };
    return {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: finish,
      throw: async (error: unknown) => {
        await finish();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

/** The resolvers of `schema.graphql`: `Subscription.chatVisitorTyping`. */
export function visitorTypingResolvers(feed: VisitorTypingFeed): ResolverMap {
  const subscribe: FieldResolver<unknown, { conversationId?: string | null }, AsyncIterable<VisitorTyping>> = (_parent, args) =>
    feed.subscribe(args.conversationId ? fromGlobalId(args.conversationId, 'Conversation', 'conversationId') : undefined);
  const resolve: FieldResolver<VisitorTyping> = (event) => ({
    conversationId: toGlobalId('Conversation', event.conversationId),
    customerId: toGlobalId('Customer', event.customerId),
    handle: event.handle,
    typing: event.typing,
    at: event.at,
  });
  return { Subscription: { chatVisitorTyping: { subscribe, resolve } } };
}
