import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import type { Json } from './graphqlHarness.js';

/** The ws:// URL of an http:// GraphQL URL. */
export const wsUrlOf = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/** A graphql-ws client in Node (the `ws` package as its WebSocket), that never retries. */
export function wsClient(url: string, connectionParams: Record<string, unknown> | undefined, options: Partial<ClientOptions> = {}): Client {
  return createClient({ url: wsUrlOf(url), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: () => {}, ...options });
}

/** How the server closed a graphql-ws connection that presented `connectionParams`. */
export function closeOf(url: string, connectionParams: Record<string, unknown> | undefined, headers?: Record<string, string>): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    class WithHeaders extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    }
    const client = wsClient(url, connectionParams, {
      webSocketImpl: WithHeaders,
      on: { closed: (event) => resolve({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
    });
    // Subscribing is what makes the client connect and report the close.
    client.subscribe({ query: '{ __typename }' }, { next: () => {}, error: () => {}, complete: () => {} });
  });
}

/** What one subscription received, in order, with a way to wait for the next thing that matches. */
export interface Received {
  results: { data?: Json; errors?: Json[] }[];
  errors: unknown[];
  completed: boolean;
  /** The first result or error message, whichever comes first (errors before execution come as an error message). */
  outcome(timeoutMs?: number): Promise<{ data?: Json; errors?: Json[] }>;
  /** Resolves with the first result (already received or still to come) that matches, or fails after `timeoutMs`. */
  waitFor(match: (result: { data?: Json; errors?: Json[] }) => boolean, timeoutMs?: number): Promise<{ data?: Json; errors?: Json[] }>;
  dispose(): void;
}

/** Subscribes with a graphql-ws client and collects what arrives. */
export function subscribeWs(client: Client, query: string, variables?: Record<string, unknown>): Received {
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  const received: Received = {
    results: [],
    errors: [],
    completed: false,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.results.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching result within ${timeoutMs} ms; received ${JSON.stringify(received.results)} errors ${JSON.stringify(received.errors)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async outcome(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.results.length === 0 && received.errors.length === 0) {
        if (Date.now() > deadline) throw new Error(`nothing received within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return received.results[0] ?? { errors: received.errors[0] as Json[] };
    },
    dispose: () => unsubscribe(),
  };
  const unsubscribe = client.subscribe(
    { query, ...(variables && { variables }) },
    {
      next: (result) => {
        received.results.push(result as { data?: Json; errors?: Json[] });
        wake();
      },
      error: (error) => {
        received.errors.push(error);
        wake();
      },
      complete: () => {
        received.completed = true;
        wake();
      },
    },
  );
  return received;
}

/**
 * Calls `trigger` until `received` has a result that matches: a subscription starts listening a
 * moment after it is sent, and nothing tells the client when, so the first events may be missed.
 */
export async function untilReceived(received: Received, trigger: (attempt: number) => Promise<unknown>, match: (result: { data?: Json }) => boolean): Promise<{ data?: Json }> {
  for (let attempt = 1; attempt <= 50; attempt++) {
    await trigger(attempt);
    try {
      return await received.waitFor(match, 100);
    } catch {
      // not yet listening: again
    }
  }
  return received.waitFor(match, 1_000);
}
