import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from './gql/graphql.js';

/** One GraphQL error as the server sends it: `extensions.code` says what kind (docs/graphql.md). */
export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

/** The server answered with errors; `codes` tells them apart. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: GraphQLErrorBody[],
  ) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'GraphQLRequestError';
  }

  get codes(): string[] {
    return this.errors.map((error) => error.extensions?.code ?? 'UNKNOWN');
  }
}

/** The credential is missing, expired or revoked: the console asks to sign in again. */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof GraphQLRequestError && (error.status === 401 || error.codes.includes('UNAUTHENTICATED'));
}

type VariablesArgument<Variables> = Record<string, never> extends Variables ? [variables?: Variables] : [variables: Variables];

export interface ConsoleClient {
  /** Runs a query or mutation and returns its `data`, or throws {@link GraphQLRequestError}. */
  request<Result, Variables>(document: TypedDocumentString<Result, Variables>, ...[variables]: VariablesArgument<Variables>): Promise<Result>;
  /** The untyped form plugin views get: any operation text, with the same credential. */
  raw(query: string, variables?: Record<string, unknown>): Promise<unknown>;
  /** Calls `next` with each event's data until the returned function is called. */
  subscribe<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables: Variables, next: (data: Result) => void): () => void;
  /** Closes the WebSocket; the client is not used again. */
  dispose(): void;
}

/**
 * A client bound to one session token. The token lives only in this closure (in memory): not in
 * localStorage, sessionStorage or a cookie, so no other script on the origin and no later visitor
 * of the machine can read it, and a reload asks to sign in again.
 */
export function createConsoleClient(token: string, onUnauthenticated: () => void): ConsoleClient {
  let ws: Client | undefined;
  const socket = (): Client => {
    ws ??= createClient({
      url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: true,
      // 4401/4403: the token is not (or no longer) good; retrying it would only be refused again.
      shouldRetry: (event) => !(isCloseEvent(event) && (event.code === 4401 || event.code === 4403)),
      retryAttempts: 20,
      on: {
        closed: (event) => {
          if (isCloseEvent(event) && (event.code === 4401 || event.code === 4403)) onUnauthenticated();
        },
      },
    });
    return ws;
  };

  async function post(query: string, variables: unknown): Promise<unknown> {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
    let body: { data?: unknown; errors?: GraphQLErrorBody[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new GraphQLRequestError(response.status, [{ message: `The server answered HTTP ${response.status} without a GraphQL response.` }]);
    }
    if (body.errors?.length) {
      const error = new GraphQLRequestError(response.status, body.errors);
      if (isUnauthenticated(error)) onUnauthenticated();
      throw error;
    }
    if (body.data == null) throw new GraphQLRequestError(response.status, [{ message: 'The answer has no data.' }]);
    return body.data;
  }

  return {
    request: (document, ...[variables]) => post(document.toString(), variables) as never,
    raw: (query, variables) => post(query, variables),
    subscribe(document, variables, next) {
      return socket().subscribe<never>(
        { query: document.toString(), variables: (variables ?? {}) as Record<string, unknown> },
        { next: (result) => result.data && next(result.data), error: () => undefined, complete: () => undefined },
      );
    },
    dispose: () => void ws?.dispose(),
  };
}

function isCloseEvent(event: unknown): event is CloseEvent {
  return typeof event === 'object' && event !== null && 'code' in event;
}

/** Signs in with `login`; no client exists before, so this one call goes out on its own. */
export async function login(document: TypedDocumentString<unknown, { email: string; password: string }>, email: string, password: string): Promise<unknown> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query: document.toString(), variables: { email, password } }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: unknown; errors?: GraphQLErrorBody[] };
  if (body.errors?.length || body.data == null) throw new GraphQLRequestError(response.status, body.errors ?? [{ message: `HTTP ${response.status}` }]);
  return body.data;
}
