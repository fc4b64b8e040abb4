/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query OpenConversations($first: Int!) {\n    conversations(first: $first, status: OPEN) {\n      edges {\n        node {\n          id\n          status\n          openedAt\n          customer {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n": typeof types.OpenConversationsDocument,
    "\n  mutation ResolveConversation($id: ID!) {\n    resolveConversation(id: $id) {\n      id\n      status\n      resolvedAt\n    }\n  }\n": typeof types.ResolveConversationDocument,
    "\n  query CustomersPage($first: Int!, $after: String) {\n    customers(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          emails\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.CustomersPageDocument,
    "\n  subscription ConversationChanges($status: ConversationStatus) {\n    conversationChanged(status: $status) {\n      eventId\n      kind\n      status\n      at\n      conversation {\n        id\n        status\n        resolvedAt\n        customer {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.ConversationChangesDocument,
};
const documents: Documents = {
    "\n  query OpenConversations($first: Int!) {\n    conversations(first: $first, status: OPEN) {\n      edges {\n        node {\n          id\n          status\n          openedAt\n          customer {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n": types.OpenConversationsDocument,
    "\n  mutation ResolveConversation($id: ID!) {\n    resolveConversation(id: $id) {\n      id\n      status\n      resolvedAt\n    }\n  }\n": types.ResolveConversationDocument,
    "\n  query CustomersPage($first: Int!, $after: String) {\n    customers(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          emails\n          createdAt\n        }\n      }\n    }\n  }\n": types.CustomersPageDocument,
    "\n  subscription ConversationChanges($status: ConversationStatus) {\n    conversationChanged(status: $status) {\n      eventId\n      kind\n      status\n      at\n      conversation {\n        id\n        status\n        resolvedAt\n        customer {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": types.ConversationChangesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenConversations($first: Int!) {\n    conversations(first: $first, status: OPEN) {\n      edges {\n        node {\n          id\n          status\n          openedAt\n          customer {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').OpenConversationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveConversation($id: ID!) {\n    resolveConversation(id: $id) {\n      id\n      status\n      resolvedAt\n    }\n  }\n"): typeof import('./graphql.js').ResolveConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersPage($first: Int!, $after: String) {\n    customers(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          emails\n          createdAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').CustomersPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConversationChanges($status: ConversationStatus) {\n    conversationChanged(status: $status) {\n      eventId\n      kind\n      status\n      at\n      conversation {\n        id\n        status\n        resolvedAt\n        customer {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConversationChangesDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
