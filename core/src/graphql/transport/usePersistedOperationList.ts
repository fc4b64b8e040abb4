import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { PersistedOperations } from '../../access/PersistedOperations.js';
import type { Principal } from '../../access/Principal.js';

/**
 * Persisted operations (`graphql.persistedOperations`): a request may name a listed operation by
 * id (`extensions.persistedQuery.sha256Hash`, as graphql-codegen's and Apollo's clients send)
 * instead of sending its text. With `onlyListed`, a text is refused from every caller but an
 * ADMIN credential, which keeps GraphiQL and operators' scripts.
 */
export function usePersistedOperationList(list: PersistedOperations): Plugin[] {
  const onlyListedCheck: Plugin = {
    onParams({ params, context }) {
      // The server context: what createGraphQLServer's handle() passes with the request.
      const { principal } = context as { principal?: Principal };
      if (!list.onlyListed || !params.query || principal?.role === 'ADMIN') return;
      throw createGraphQLError(
        'This deployment runs only the operations its front-ends listed (graphql.persistedOperations.onlyListed). Send the operation\'s id as extensions.persistedQuery.sha256Hash instead of its text, or ask an operator to add it to the list.',
        { extensions: { code: 'PERSISTED_OPERATION_REQUIRED', http: { status: 403 } } },
      );
    },
  };
  return [
    onlyListedCheck,
    usePersistedOperations({
      allowArbitraryOperations: true,
      getPersistedOperation: (id) => list.operations.get(id) ?? null,
      customErrors: {
        notFound: {
          message: 'No listed operation has this id (extensions.persistedQuery.sha256Hash). Rebuild the front-end\'s operation list and deploy it with the server, or send the operation\'s text.',
          extensions: { code: 'PERSISTED_OPERATION_NOT_FOUND', http: { status: 400 } },
        },
        keyNotFound: {
          message: 'The request has neither a query nor a persisted operation id: send "query", or extensions.persistedQuery { version: 1, sha256Hash }.',
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        },
      },
    }) as Plugin,
  ];
}
