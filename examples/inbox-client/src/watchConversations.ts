import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { operationPayload, type SendMode } from './client.js';
import { graphql } from './gql/index.js';
import type { ConversationChangesSubscription, ConversationStatus } from './gql/graphql.js';

/** One change as the inbox shows it. */
export type ConversationChange = ConversationChangesSubscription['conversationChanged'];

export const ConversationChanges = graphql(`
  subscription ConversationChanges($status: ConversationStatus) {
    conversationChanged(status: $status) {
      eventId
      kind
      status
      at
      conversation {
        id
        status
        resolvedAt
        customer {
          id
          displayName
        }
      }
    }
  }
`);

export interface WatchOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:4000`; the socket is `ws(s)://…/graphql`. */
  url: string;
  /** Read again on every (re)connection, so a refreshed token is picked up. */
  token: string | (() => string | Promise<string>);
  /** Only changes after which the conversation has this status. */
  status?: ConversationStatus;
  /** `id` (the default) or `text`, as for the HTTP client. */
  send?: SendMode;
  onChange(change: ConversationChange): void;
  onError?(error: unknown): void;
}

/** A graphql-ws client for the API: the token goes in connection_init, since browsers cannot set headers on a WebSocket. */
export function connectWebSocket(url: string, token: WatchOptions['token']): Client {
  const wsUrl = new URL('/graphql', url);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  return createClient({
    url: wsUrl.href,
    // Browsers have a WebSocket of their own; Node 20 has none, so ws stands in (a browser bundle can drop it).
    webSocketImpl: (globalThis as { WebSocket?: unknown }).WebSocket ?? WebSocket,
    connectionParams: async () => ({ authorization: `Bearer ${typeof token === 'function' ? await token() : token}` }),
    // The server drops the connection on shutdown (1001) so clients move to another instance.
    retryAttempts: 5,
  });
}

/**
 * Subscribes to conversationChanged over graphql-ws, the operation by its persisted id as over
 * HTTP. Resolves once the server has let the connection in (`connection_ack`); the subscription
 * itself follows on that socket (graphql-ws does not acknowledge it). The returned function ends it.
 */
export async function watchConversations(options: WatchOptions): Promise<() => Promise<void>> {
  const client = connectWebSocket(options.url, options.token);
  const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  const operation = operationPayload(ConversationChanges, options.send);
  // graphql-ws requires a query string; an empty one lets the server take the text from its list.
  const payload = { query: '', ...operation, variables: { status: options.status ?? null } };
  const unsubscribe = client.subscribe<ConversationChangesSubscription>(payload, {
    next: (result) => {
      if (result.data) options.onChange(result.data.conversationChanged);
      else options.onError?.(new Error(`conversationChanged failed: ${JSON.stringify(result.errors)}`));
    },
    error: (error) => options.onError?.(error),
    complete: () => {},
  });
  await connected;
  return async () => {
    unsubscribe();
    await client.dispose();
  };
}
