import type { TypedDocumentString } from './gql/graphql.js';

/** A document from the generated `graphql()`: its text, its persisted id and its types. */
export type Operation<Result, Variables> = TypedDocumentString<Result, Variables>;

/** An operation's variables, or none at all when it takes none. */
type VariablesArgument<Variables> = Record<string, never> extends Variables ? [variables?: Variables] : [variables: Variables];

/** One GraphQL error as the server sends it: `extensions.code` says what kind (docs/graphql.md). */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string } & Record<string, unknown>;
}

/** The server answered with errors; `errors[i].extensions.code` tells them apart. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: GraphQLErrorBody[],
  ) {
    super(`GraphQL request failed (HTTP ${status}): ${errors.map((error) => `${error.message}${error.extensions?.code ? ` [${error.extensions.code}]` : ''}`).join('; ')}`);
    this.name = 'GraphQLRequestError';
  }

  /** The codes of the errors, e.g. `['PERSISTED_OPERATION_REQUIRED']`. */
  get codes(): string[] {
    return this.errors.map((error) => error.extensions?.code ?? 'UNKNOWN');
  }
}

export interface RapportClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** An API key or a session token; a function is called before every request (token refresh). */
  token: string | (() => string | Promise<string>);
  /**
   * `id` (the default): send each operation's persisted id, never its text. `text`: send the text,
   * for a deployment without an operation list (`npm start`), where ids mean nothing.
   */
  send?: SendMode;
  /** Another fetch (a test's, a framework's); the global one by default. */
  fetch?: typeof fetch;
}

/** How operations go to the server: by persisted id, or as text. */
export type SendMode = 'id' | 'text';

/** The operation's part of a request body (HTTP) or subscribe payload (graphql-ws). */
export function operationPayload<Result, Variables>(document: Operation<Result, Variables>, send: SendMode = 'id'): { query?: string; extensions?: Record<string, unknown> } {
  if (send === 'text') return { query: document.toString() };
  return { extensions: { persistedQuery: { version: 1, sha256Hash: operationId(document) } } };
}

export interface RapportClient {
  /** Runs a query or mutation by its persisted id and returns its `data`, or throws {@link GraphQLRequestError}. */
  request<Result, Variables>(document: Operation<Result, Variables>, ...[variables]: VariablesArgument<Variables>): Promise<Result>;
}

/**
 * The id the server knows an operation by: graphql-codegen puts the sha256 of the text it wrote
 * to persisted-documents.json in each document's `__meta__.hash`.
 */
export function operationId<Result, Variables>(document: Operation<Result, Variables>): string {
  const hash: unknown = document.__meta__?.hash;
  if (typeof hash !== 'string') {
    throw new Error('This document has no persisted id: run `npm run codegen`, whose client preset has persistedDocuments on.');
  }
  return hash;
}

/**
 * A fetch-based client that sends operations by id (`extensions.persistedQuery`), not their text:
 * the server runs what the deployed persisted-documents.json lists, so a deployment with
 * `onlyListed` accepts exactly what this build asks. Compression is left to fetch, which sends
 * `accept-encoding` and decodes the answer.
 */
export function createRapportClient(options: RapportClientOptions): RapportClient {
  const endpoint = new URL('/graphql', options.url).href;
  const doFetch = options.fetch ?? fetch;
  return {
    async request<Result, Variables>(document: Operation<Result, Variables>, ...[variables]: VariablesArgument<Variables>): Promise<Result> {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      const response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ ...operationPayload(document, options.send), variables: variables ?? {} }),
      });
      const text = await response.text();
      let body: { data?: Result | null; errors?: GraphQLErrorBody[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new GraphQLRequestError(response.status, [{ message: `not a GraphQL response: ${text.slice(0, 200)}` }]);
      }
      if (body.errors?.length) throw new GraphQLRequestError(response.status, body.errors);
      if (!response.ok || body.data == null) throw new GraphQLRequestError(response.status, [{ message: 'the answer has no data' }]);
      return body.data;
    },
  };
}
