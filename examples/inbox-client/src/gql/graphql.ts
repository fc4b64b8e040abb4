/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * A point in time, as an RFC 3339 date-time with a time zone: 2026-03-02T09:00:00Z or
   * 2026-03-02T10:00:00+01:00. Served in UTC with milliseconds (2026-03-02T09:00:00.000Z). As input,
   * a date-time without a zone is refused (it would mean the server's local time), and a date alone
   * (2026-03-02) is read as midnight UTC.
   */
  DateTime: { input: string; output: string; }
  /**
   * Any JSON value (RFC 8259), passed through as it is: attributes, metadata, rule trees, workflow
   * input. Its shape is described by each field that carries it.
   */
  JSON: { input: unknown; output: unknown; }
};

/** What kind of actor acted. */
export type ActorKind =
  /** A request with an API key. */
  | 'API_KEY'
  /** A plugin, writing through its context. */
  | 'PLUGIN'
  /** The core itself (sweeps, workflows, the demo seeder). */
  | 'SYSTEM'
  /** A person signed in with login. */
  | 'USER';

/** Which of a customer's identities a channel reaches them at (contributes.channels[].address). */
export type ChannelAddressKind =
  /** The customer's first email address (Customer.emails). */
  | 'EMAIL'
  /** The customer's handle on this channel (Customer.handles): a chat visitor id, a page-scoped id. */
  | 'HANDLE'
  /** The customer's first phone number, in E.164 (Customer.phones). */
  | 'PHONE';

/** Where the console shows a plugin's view (contributes.views[].location). */
export type ConsoleViewLocation =
  /** On a conversation's page (/console/conversations/<id>); the view gets the conversation's global id. */
  | 'CONVERSATION'
  /** On a customer's page (/console/customers/<id>); the view gets the customer's global id. */
  | 'CUSTOMER'
  /** On the dashboard (/console/dashboard); the view gets no object id. */
  | 'DASHBOARD';

/** What happened to a conversation. */
export type ConversationChangeKind =
  /** It was assigned to an agent, or unassigned: see conversation.assignee (conversation.assigned). */
  | 'ASSIGNED'
  /** Its bot handed it to people: see reason (conversation.handed_off). */
  | 'HANDED_OFF'
  /** It was opened by a customer's first message, or reopened (conversation.opened). */
  | 'OPENED'
  /** It was resolved (conversation.resolved). */
  | 'RESOLVED';

/** Who answers a conversation: a bot, or people. */
export type ConversationHandler =
  /** The bot configured for the conversation's channel answers (bots in the config). */
  | 'BOT'
  /** People answer: agents in the inbox. */
  | 'HUMAN';

/** Whether a conversation waits for work. */
export type ConversationStatus =
  /** Not resolved yet. */
  | 'OPEN'
  /** Resolved; a new message opens a new conversation. */
  | 'RESOLVED';

/** Give a role, or an explicit list of scopes. */
export type CreateApiKeyInput = {
  /** A unique name for the key, e.g. the service that uses it. */
  name: Scalars['String']['input'];
  /** The key's role; give this or scopes. */
  role?: InputMaybe<Role>;
  /** The key's scopes (docs/security.md), e.g. ["customers:read"]; give this or role. */
  scopes?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A new customer. Every field is optional; an email or phone that belongs to another customer is CONFLICT. */
export type CreateCustomerInput = {
  /** Free-form data as a JSON object. */
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  /** The name to show. */
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** Email addresses; stored lower case. */
  emails?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Handles on channels that address people by handle. */
  handles?: InputMaybe<Array<HandleInput>>;
  /** Phone numbers in any usual format; stored in E.164, so give the country code (+33 6 12 34 56 78). */
  phones?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A new user. */
export type CreateUserInput = {
  /** The name to show. */
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** The email the user signs in with; unique. */
  email: Scalars['String']['input'];
  /** At least 12 characters. */
  password: Scalars['String']['input'];
  /** What the user may do; agents get conversations assigned. */
  role: Role;
};

/** A new webhook endpoint. */
export type CreateWebhookEndpointInput = {
  /** What the endpoint is for, up to 500 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** The event types to send: exact types, prefixes such as conversation.*, or * for every event. */
  events: Array<Scalars['String']['input']>;
  /** An absolute https:// (or http://) URL; loopback and private addresses are refused unless webhooks.allowPrivateAddresses is set. */
  url: Scalars['String']['input'];
};

/** What changed about a customer. */
export type CustomerChangeKind =
  /** Another customer was merged into this one: see mergedCustomerId (customer.merged). */
  | 'MERGED'
  /** A scoring rule gave a new value: see rule, value and previousValue (score.changed). */
  | 'SCORE_CHANGED'
  /** The customer entered a segment: see model and segment (segment.entered). */
  | 'SEGMENT_ENTERED'
  /** The customer left a segment: see model and segment (segment.left). */
  | 'SEGMENT_LEFT'
  /** The customer's details, identities or attributes changed (customer.updated). */
  | 'UPDATED';

/** How customers(where:) orders: createdAt, displayName, score.<rule> or interactions.lastAt; ties by id. */
export type CustomerOrder = {
  /** ASC (the default) or DESC; ties go by id in the same direction, and customers without a value come last either way. */
  direction?: InputMaybe<SortDirection>;
  /** createdAt, displayName, score.<rule> (e.g. score.csat) or interactions.lastAt (the last inbound interaction). */
  field: Scalars['String']['input'];
};

/** A segment by rule tree, to define or redefine. */
export type DefineSegmentInput = {
  /** Lower-case letters, digits, '.', '_' or '-'. */
  id: Scalars['ID']['input'];
  /** The name to show. */
  name: Scalars['String']['input'];
  /** The rule tree (docs/segments.md); an invalid one is BAD_USER_INPUT naming the JSON path. */
  rules: Scalars['JSON']['input'];
};

/** How far an outbound message got; a status never moves back (a late DELIVERED after READ is ignored). */
export type DeliveryStatus =
  /** The provider reports it delivered to the customer's device or inbox. */
  | 'DELIVERED'
  /** The provider could not deliver it; see Delivery.error. */
  | 'FAILED'
  /** Handed to the provider, which has not confirmed the send yet (or reported no status). */
  | 'QUEUED'
  /** The customer opened it, on channels with read receipts (WhatsApp, Messenger). */
  | 'READ'
  /** The provider sent it on. */
  | 'SENT';

/** Who an interaction goes from and to. */
export type Direction =
  /** From the customer. */
  | 'INBOUND'
  /** Between the team only (notes, hand-off notices); the customer never sees it. */
  | 'INTERNAL'
  /** To the customer, from an agent, a bot or a workflow. */
  | 'OUTBOUND';

/** A customer's handle on a channel. */
export type HandleInput = {
  /** The channel id, e.g. chat or messenger. */
  channel: Scalars['String']['input'];
  /** The customer's id on that channel. */
  handle: Scalars['String']['input'];
};

/** How serviceKpis breaks its figures down: by the channel a conversation was opened on, its assignee, or the day or ISO week it was opened. */
export type KpiGrouping =
  /** By the assignee's user id; unassigned for none. */
  | 'ASSIGNEE'
  /** By the channel the conversation was opened on. */
  | 'CHANNEL'
  /** By the day it was opened (YYYY-MM-DD). */
  | 'DAY'
  /** By the ISO week it was opened (YYYY-Www). */
  | 'WEEK';

/** Two records of one person: the source is merged into the target. */
export type MergeCustomersInput = {
  /** The customer merged away; its id resolves to the target from then on. */
  sourceId: Scalars['ID']['input'];
  /** The customer that survives, with both customers' identities, interactions and conversations. */
  targetId: Scalars['ID']['input'];
};

/** A provider template (WhatsApp) and the values of its placeholders. */
export type MessageTemplateInput = {
  /** A language code such as en_US. */
  language: Scalars['String']['input'];
  /** The template's name, as approved by the provider. */
  name: Scalars['String']['input'];
  /** The values of the template's {{1}}, {{2}}, … in order. */
  parameters?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** The lifecycle state of a plugin. */
export type PluginState =
  /** activate() finished and its contributions are live. */
  | 'ACTIVE'
  /** Turned off by an operator (setPluginEnabled) or by the circuit breaker. */
  | 'DISABLED'
  /** Its manifest, settings or schema are invalid, it is in a dependency cycle, or activate() threw or timed out. */
  | 'FAILED'
  /** Its engines.rapport range does not match this core's API version; never loaded. */
  | 'INCOMPATIBLE'
  /** Found and checked, not activated yet: its activation events have not happened. */
  | 'INSTALLED'
  /** A plugin it depends on is absent, out of range or not usable. */
  | 'MISSING_DEPENDENCY';

/** Give customerId, or an identity: email, phone, or a handle on the channel. */
export type RecordInteractionInput = {
  /** The channel id, e.g. email, sms, web. */
  channel: Scalars['String']['input'];
  /** The customer's global id; or leave it out and give an identity. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  /** INBOUND from the customer, OUTBOUND to them, INTERNAL for notes. */
  direction: Direction;
  /** The customer's email: matched case-insensitively; a new customer is created when nobody has it. */
  email?: InputMaybe<Scalars['String']['input']>;
  /** The provider's id of it; recording (channel, externalId) again returns the first interaction and changes nothing. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  /** The customer's handle on this channel; a new customer is created when nobody has it. */
  handle?: InputMaybe<Scalars['String']['input']>;
  /** Details as a JSON object: a survey answer { "csat": 1..5 } or { "nps": 0..10 }, a purchase { "amount": 42.5, "currency": "EUR" }. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Defaults to now. */
  occurredAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** The customer's phone: matched in E.164 whatever its formatting; a new customer is created when nobody has it. */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** The subject line, if any. */
  subject?: InputMaybe<Scalars['String']['input']>;
  /** The text, if any. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Groups messages into one conversation (an email thread's root Message-ID); without it, the customer's open conversation within the window. */
  threadKey?: InputMaybe<Scalars['String']['input']>;
  /** message, call, survey_response, purchase, note, or another type a plugin understands. */
  type: Scalars['String']['input'];
};

/** A role: a named set of scopes (docs/security.md). */
export type Role =
  /** Every scope. */
  | 'ADMIN'
  /** Every scope but plugins:manage, audit:read, privacy:manage and access:manage. */
  | 'AGENT'
  /** Only the :read scopes. */
  | 'VIEWER';

/** A message to a customer, sent through a channel's plugin. */
export type SendMessageInput = {
  /** The channel id (Query.channels), e.g. email; the customer needs an identity of the channel's addressKind. */
  channel: Scalars['String']['input'];
  /** The conversation the message answers; without it, the customer's recently active open conversation, or a new one. */
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  /** The customer's global id. */
  customerId: Scalars['ID']['input'];
  /** An HTML body, for channels that render one (email); text stays the plain-text part. */
  html?: InputMaybe<Scalars['String']['input']>;
  /** The same key for every retry of one message: the channel delivers it once. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The subject line, for channels that have one (email). */
  subject?: InputMaybe<Scalars['String']['input']>;
  /** A template approved by the provider, for channels that take them (WhatsApp); allowed outside the reply window. */
  template?: InputMaybe<MessageTemplateInput>;
  /** The message. Required unless a template is sent. */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** The direction of an order. */
export type SortDirection =
  /** Smallest, oldest or A first. */
  | 'ASC'
  /** Largest, newest or Z first. */
  | 'DESC';

/** The question of a new pulse round. */
export type StartPulseRoundInput = {
  /** The statement employees rate from 1 to 5, e.g. "I would recommend working here to a friend." At most 500 characters. */
  question: Scalars['String']['input'];
};

/** Omitted fields keep their value; a given list replaces the customer's list. */
export type UpdateCustomerInput = {
  /** The customer's attributes, all of them (replaces the object). */
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  /** The new name to show. */
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** The customer's email addresses, all of them (replaces the list). */
  emails?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The customer's handles, all of them (replaces the list). */
  handles?: InputMaybe<Array<HandleInput>>;
  /** The customer's global id. */
  id: Scalars['ID']['input'];
  /** The customer's phone numbers, all of them (replaces the list). */
  phones?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Where a webhook delivery stands. */
export type WebhookDeliveryStatus =
  /** Given up: every retry failed, or the endpoint answered 410 Gone. */
  | 'FAILED'
  /** Not sent yet, or waiting for its next retry. */
  | 'PENDING'
  /** The endpoint answered 2xx. */
  | 'SUCCEEDED';

/** Where a workflow run is. */
export type WorkflowRunStatus =
  /** Stopped by cancelWorkflowRun; retryWorkflowRun runs it again. */
  | 'CANCELLED'
  /** Finished. */
  | 'COMPLETED'
  /** Stopped by an error; retryWorkflowRun runs it again from where it stopped. */
  | 'FAILED'
  /** Running a step now, or due to run one. */
  | 'RUNNING'
  /** Sleeping until a run.sleep ends. */
  | 'SLEEPING'
  /** Waiting for an event (run.waitForEvent) or its timeout. */
  | 'WAITING';

/** Where a workflow step is. The spellings are the ones WorkflowStep.status always had as a String. */
export type WorkflowStepStatus =
  /** Done; a retried run does not run it again. */
  | 'COMPLETED'
  /** Its attempts are used up; the run failed with it. */
  | 'FAILED'
  /** Its last attempt failed; it will be tried again. */
  | 'RETRYING'
  /** A run.sleep that has not ended yet. */
  | 'SLEEPING'
  /** A run.waitForEvent whose event has not come yet (nor its timeout). */
  | 'WAITING';

export type OpenConversationsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type OpenConversationsQuery = { __typename?: 'Query', conversations: { __typename?: 'ConversationConnection', edges: Array<{ __typename?: 'ConversationEdge', node: { __typename?: 'Conversation', id: string, status: ConversationStatus, openedAt: string, customer: { __typename?: 'Customer', id: string, displayName?: string | null } } }> } };

export type ResolveConversationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ResolveConversationMutation = { __typename?: 'Mutation', resolveConversation: { __typename?: 'Conversation', id: string, status: ConversationStatus, resolvedAt?: string | null } };

export type CustomersPageQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CustomersPageQuery = { __typename?: 'Query', customers: { __typename?: 'CustomerConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'CustomerEdge', node: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string>, createdAt: string } }> } };

export type ConversationChangesSubscriptionVariables = Exact<{
  status?: InputMaybe<ConversationStatus>;
}>;


export type ConversationChangesSubscription = { __typename?: 'Subscription', conversationChanged: { __typename?: 'ConversationChange', eventId: string, kind: ConversationChangeKind, status: ConversationStatus, at: string, conversation: { __typename?: 'Conversation', id: string, status: ConversationStatus, resolvedAt?: string | null, customer: { __typename?: 'Customer', id: string, displayName?: string | null } } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const OpenConversationsDocument = new TypedDocumentString(`
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
    `, {"hash":"875a969cdac20bee00dc2c6037599814e7a94108609e463d722e6ba25f00961e"}) as unknown as TypedDocumentString<OpenConversationsQuery, OpenConversationsQueryVariables>;
export const ResolveConversationDocument = new TypedDocumentString(`
    mutation ResolveConversation($id: ID!) {
  resolveConversation(id: $id) {
    id
    status
    resolvedAt
  }
}
    `, {"hash":"d53191d08f125998865e5284fdd8bdfabe5ff711e5d91a17b94683952facbe90"}) as unknown as TypedDocumentString<ResolveConversationMutation, ResolveConversationMutationVariables>;
export const CustomersPageDocument = new TypedDocumentString(`
    query CustomersPage($first: Int!, $after: String) {
  customers(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        displayName
        emails
        createdAt
      }
    }
  }
}
    `, {"hash":"418c49fc9d5463aef0c44bad70bee96f0540bcc654df0d210120ffa33d8f602a"}) as unknown as TypedDocumentString<CustomersPageQuery, CustomersPageQueryVariables>;
export const ConversationChangesDocument = new TypedDocumentString(`
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
    `, {"hash":"b0e836bd70ac60c9fa0c598532df9680cdbbad401ea7261d89eaa4761ad193e2"}) as unknown as TypedDocumentString<ConversationChangesSubscription, ConversationChangesSubscriptionVariables>;