/**
 * Every operation the console sends. graphql-codegen (`npm run console:codegen` in core) reads
 * them and writes their result and variable types into ./gql, so a field the schema drops or
 * renames fails the console's type check, not an agent's click.
 */
import { graphql } from './gql/index.js';

export const Login = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
      user { id email displayName role }
    }
  }
`);

export const Logout = graphql(`
  mutation Logout {
    logout
  }
`);

export const Channels = graphql(`
  query Channels {
    channels { id displayName state }
  }
`);

export const Users = graphql(`
  query Users {
    users { id email displayName role }
  }
`);

export const InboxConversations = graphql(`
  query InboxConversations($first: Int!, $after: String, $channel: String, $assigneeId: ID, $handler: ConversationHandler) {
    conversations(first: $first, after: $after, status: OPEN, channel: $channel, assigneeId: $assigneeId, handler: $handler) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...InboxRow } }
    }
  }
`);

export const InboxRowFields = graphql(`
  fragment InboxRow on Conversation {
    id
    status
    handler
    bot
    channels
    openedChannel
    openedAt
    lastActivityAt
    waitingSince
    assignee { id email displayName }
    customer { id displayName emails }
    replyWindows { channel open closesAt }
  }
`);

export const ConversationChanged = graphql(`
  subscription ConversationChanged {
    conversationChanged { eventId kind status reason at conversation { ...InboxRow } }
  }
`);

export const ConversationThread = graphql(`
  query ConversationThread($id: ID!) {
    conversation(id: $id) {
      ...InboxRow
      resolvedAt
      firstResponseAt
      customer { id displayName emails phones handles { channel handle } }
      interactions(first: 100) {
        totalCount
        edges { node { ...ThreadItem } }
      }
    }
  }
`);

export const ThreadItemFields = graphql(`
  fragment ThreadItem on Interaction {
    id
    channel
    direction
    type
    subject
    text
    occurredAt
    conversation { id }
    delivery { status updatedAt error }
  }
`);

export const InteractionRecorded = graphql(`
  subscription InteractionRecorded($customerId: ID) {
    interactionRecorded(customerId: $customerId) { ...ThreadItem }
  }
`);

export const SendMessage = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) { ...ThreadItem }
  }
`);

export const ResolveConversation = graphql(`
  mutation ResolveConversation($id: ID!) {
    resolveConversation(id: $id) { ...InboxRow }
  }
`);

export const AssignConversation = graphql(`
  mutation AssignConversation($id: ID!, $userId: ID) {
    assignConversation(id: $id, userId: $userId) { ...InboxRow }
  }
`);

export const TakeOverConversation = graphql(`
  mutation TakeOverConversation($id: ID!) {
    takeOverConversation(id: $id) { ...InboxRow }
  }
`);

export const SetTyping = graphql(`
  mutation SetTyping($conversationId: ID!, $typing: Boolean!) {
    setTyping(conversationId: $conversationId, typing: $typing)
  }
`);

export const SearchCustomers = graphql(`
  query SearchCustomers($query: String, $first: Int!) {
    customers(first: $first, query: $query) {
      totalCount
      edges { node { id displayName emails phones updatedAt } }
    }
  }
`);

export const CustomerFields = graphql(`
  fragment CustomerDetail on Customer {
    id
    displayName
    emails
    phones
    handles { channel handle }
    attributes
    createdAt
    updatedAt
    scores { rule value label explanation computedAt }
    segments { model segment since }
    conversations(first: 50) {
      totalCount
      edges { node { id status channels openedAt resolvedAt handler assignee { email displayName } } }
    }
    workflowRuns(first: 50) {
      totalCount
      edges { node { id workflow plugin status startedAt finishedAt error } }
    }
    interactions(first: 100, newestFirst: true) {
      totalCount
      edges { node { ...ThreadItem } }
    }
  }
`);

export const CustomerPage = graphql(`
  query CustomerPage($id: ID!) {
    customer(id: $id) { ...CustomerDetail }
  }
`);

export const MergeCustomers = graphql(`
  mutation MergeCustomers($input: MergeCustomersInput!) {
    mergeCustomers(input: $input) { id }
  }
`);
