import type { RapportClient } from './client.js';
import { graphql } from './gql/index.js';

export const OpenConversations = graphql(`
  query OpenConversations($first: Int!) {
    conversations(first: $first, status: OPEN) {
      edges {
        node {
          id
          status
          openedAt
          customer {
            id
            displayName
          }
        }
      }
    }
  }
`);

export const ResolveConversation = graphql(`
  mutation ResolveConversation($id: ID!) {
    resolveConversation(id: $id) {
      id
      status
      resolvedAt
    }
  }
`);

/** The inbox's open conversations, those waiting longest first. */
export async function openConversations(client: RapportClient, first = 20) {
  const { conversations } = await client.request(OpenConversations, { first });
  return conversations.edges.map((edge) => edge.node);
}

/** Marks a conversation resolved; the customer's next message opens a new one. */
export async function resolveConversation(client: RapportClient, id: string) {
  const { resolveConversation: resolved } = await client.request(ResolveConversation, { id });
  return resolved;
}
