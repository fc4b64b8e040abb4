import type { GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The key under which an operation that comes in without an HTTP request (graphql-ws) brings its schema. */
export const SERVED_SCHEMA = Symbol('rapport.servedSchema');

/**
 * Gives every operation the schema served now (SchemaAssembler), like yoga's `schema: () => …`
 * does, but for all three transports. Yoga's own option resolves the schema while it parses an
 * HTTP request and looks it up by that request afterwards, so operations yoga did not parse
 * itself find none: graphql-sse's (its handler takes the request in `onRequest`) and graphql-ws's
 * (no request at all). Here the schema is resolved in `onRequest`, before any transport plugin
 * answers, or brought in the context under {@link SERVED_SCHEMA}.
 */
export function useServedSchema(current: () => Promise<GraphQLSchema>): Plugin {
  const byRequest = new WeakMap<Request, GraphQLSchema>();
  return {
    async onRequest({ request }) {
      byRequest.set(request, await current());
    },
    onEnveloped({ context, setSchema }) {
      const given = context as { [SERVED_SCHEMA]?: GraphQLSchema; request?: Request } | undefined;
      const schema = given?.[SERVED_SCHEMA] ?? (given?.request && byRequest.get(given.request));
      if (!schema) throw new Error('No schema for this operation: it came neither through yoga nor with SERVED_SCHEMA in its context.');
      setSchema(schema);
    },
  };
}
