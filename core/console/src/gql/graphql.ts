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

export type KpiFiguresFragment = { __typename?: 'ServiceKpiGroup', key: string, conversations: number, resolved: number, resolutionRate?: number | null, averageFirstResponseTimeMs?: number | null, averageFirstResponseBusinessTimeMs?: number | null, averageResolutionTimeMs?: number | null, averageResolutionBusinessTimeMs?: number | null };

export type ConsoleServiceKpisQueryVariables = Exact<{
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
  interval: KpiGrouping;
}>;


export type ConsoleServiceKpisQuery = { __typename?: 'Query', overTime: { __typename?: 'ServiceKpis', conversations: number, resolved: number, resolutionRate?: number | null, averageFirstResponseTimeMs?: number | null, averageFirstResponseBusinessTimeMs?: number | null, averageResolutionTimeMs?: number | null, averageResolutionBusinessTimeMs?: number | null, groups: Array<{ __typename?: 'ServiceKpiGroup', key: string, conversations: number, resolved: number, resolutionRate?: number | null, averageFirstResponseTimeMs?: number | null, averageFirstResponseBusinessTimeMs?: number | null, averageResolutionTimeMs?: number | null, averageResolutionBusinessTimeMs?: number | null }> }, byChannel: { __typename?: 'ServiceKpis', groups: Array<{ __typename?: 'ServiceKpiGroup', key: string, conversations: number, resolved: number, resolutionRate?: number | null, averageFirstResponseTimeMs?: number | null, averageFirstResponseBusinessTimeMs?: number | null, averageResolutionTimeMs?: number | null, averageResolutionBusinessTimeMs?: number | null }> }, byAssignee: { __typename?: 'ServiceKpis', groups: Array<{ __typename?: 'ServiceKpiGroup', key: string, conversations: number, resolved: number, resolutionRate?: number | null, averageFirstResponseTimeMs?: number | null, averageFirstResponseBusinessTimeMs?: number | null, averageResolutionTimeMs?: number | null, averageResolutionBusinessTimeMs?: number | null }> } };

export type AdminUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminUsersQuery = { __typename?: 'Query', users: Array<{ __typename?: 'User', id: string, email: string, displayName?: string | null, role: Role, available: boolean, createdAt: string, disabledAt?: string | null }> };

export type ConsoleSegmentPreviewQueryVariables = Exact<{
  rules: Scalars['JSON']['input'];
  first: Scalars['Int']['input'];
}>;


export type ConsoleSegmentPreviewQuery = { __typename?: 'Query', segmentPreview: { __typename?: 'SegmentPreview', count: number }, customers: { __typename?: 'CustomerConnection', totalCount: number, edges: Array<{ __typename?: 'CustomerEdge', node: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> } }> } };

export type ConsoleSegmentDefinitionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleSegmentDefinitionsQuery = { __typename?: 'Query', segmentDefinitions: Array<{ __typename?: 'SegmentDefinition', id: string, name: string, rules: unknown, memberCount: number, refreshedAt?: string | null, updatedAt: string }> };

export type ConsoleDefineSegmentMutationVariables = Exact<{
  input: DefineSegmentInput;
}>;


export type ConsoleDefineSegmentMutation = { __typename?: 'Mutation', defineSegment: { __typename?: 'SegmentDefinition', id: string, name: string, memberCount: number } };

export type ConsoleDeleteSegmentMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConsoleDeleteSegmentMutation = { __typename?: 'Mutation', deleteSegment: boolean };

export type ConsolePluginsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsolePluginsQuery = { __typename?: 'Query', plugins: Array<{ __typename?: 'Plugin', name: string, displayName?: string | null, version: string, state: PluginState, error?: string | null, permissions: Array<string>, activationEvents: Array<string>, settingsSchema?: unknown | null, metrics: { __typename?: 'PluginMetrics', activatedAt?: string | null, activationTimeMs?: number | null, handlerCalls: number, failures: number, lastError?: string | null, lastErrorAt?: string | null } }> };

export type ConsoleSetPluginEnabledMutationVariables = Exact<{
  name: Scalars['ID']['input'];
  enabled: Scalars['Boolean']['input'];
}>;


export type ConsoleSetPluginEnabledMutation = { __typename?: 'Mutation', setPluginEnabled: { __typename?: 'Plugin', name: string, state: PluginState, error?: string | null } };

export type RunRowFragment = { __typename?: 'WorkflowRun', id: string, workflow: string, plugin: string, status: WorkflowRunStatus, startedAt: string, finishedAt?: string | null, error?: string | null, customer?: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> } | null, steps: Array<{ __typename?: 'WorkflowStep', name: string, status: WorkflowStepStatus, attempts: number, startedAt?: string | null, finishedAt?: string | null, error?: string | null }> };

export type ConsoleWorkflowRunsQueryVariables = Exact<{
  status?: InputMaybe<WorkflowRunStatus>;
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ConsoleWorkflowRunsQuery = { __typename?: 'Query', workflowRuns: { __typename?: 'WorkflowRunConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'WorkflowRunEdge', node: { __typename?: 'WorkflowRun', id: string, workflow: string, plugin: string, status: WorkflowRunStatus, startedAt: string, finishedAt?: string | null, error?: string | null, customer?: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> } | null, steps: Array<{ __typename?: 'WorkflowStep', name: string, status: WorkflowStepStatus, attempts: number, startedAt?: string | null, finishedAt?: string | null, error?: string | null }> } }> } };

export type ConsoleCancelWorkflowRunMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConsoleCancelWorkflowRunMutation = { __typename?: 'Mutation', cancelWorkflowRun: { __typename?: 'WorkflowRun', id: string, workflow: string, plugin: string, status: WorkflowRunStatus, startedAt: string, finishedAt?: string | null, error?: string | null, customer?: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> } | null, steps: Array<{ __typename?: 'WorkflowStep', name: string, status: WorkflowStepStatus, attempts: number, startedAt?: string | null, finishedAt?: string | null, error?: string | null }> } };

export type ConsoleRetryWorkflowRunMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConsoleRetryWorkflowRunMutation = { __typename?: 'Mutation', retryWorkflowRun: { __typename?: 'WorkflowRun', id: string, workflow: string, plugin: string, status: WorkflowRunStatus, startedAt: string, finishedAt?: string | null, error?: string | null, customer?: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> } | null, steps: Array<{ __typename?: 'WorkflowStep', name: string, status: WorkflowStepStatus, attempts: number, startedAt?: string | null, finishedAt?: string | null, error?: string | null }> } };

export type ConsoleAuditEventsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  action?: InputMaybe<Scalars['String']['input']>;
  actorId?: InputMaybe<Scalars['ID']['input']>;
  targetId?: InputMaybe<Scalars['ID']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type ConsoleAuditEventsQuery = { __typename?: 'Query', auditEvents: { __typename?: 'AuditEventConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'AuditEventEdge', node: { __typename?: 'AuditEvent', id: string, at: string, action: string, targetType?: string | null, targetId?: string | null, requestId?: string | null, changes?: unknown | null, actor: { __typename?: 'Actor', id: string, kind: ActorKind, name?: string | null } } }> } };

export type ConsoleApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleApiKeysQuery = { __typename?: 'Query', apiKeys: Array<{ __typename?: 'ApiKey', name: string, prefix: string, role?: Role | null, scopes: Array<string>, createdAt: string, lastUsedAt?: string | null, revokedAt?: string | null }> };

export type ConsoleCreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type ConsoleCreateApiKeyMutation = { __typename?: 'Mutation', createApiKey: { __typename?: 'CreatedApiKey', token: string, apiKey: { __typename?: 'ApiKey', name: string } } };

export type ConsoleRevokeApiKeyMutationVariables = Exact<{
  name: Scalars['ID']['input'];
}>;


export type ConsoleRevokeApiKeyMutation = { __typename?: 'Mutation', revokeApiKey: boolean };

export type ConsoleCreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type ConsoleCreateUserMutation = { __typename?: 'Mutation', createUser: { __typename?: 'User', id: string, email: string } };

export type ConsoleDeactivateUserMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConsoleDeactivateUserMutation = { __typename?: 'Mutation', deactivateUser: { __typename?: 'User', id: string, email: string, disabledAt?: string | null } };

export type ConsoleReactivateUserMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConsoleReactivateUserMutation = { __typename?: 'Mutation', reactivateUser: { __typename?: 'User', id: string, email: string, disabledAt?: string | null } };

export type LoginMutationVariables = Exact<{
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type LoginMutation = { __typename?: 'Mutation', login: { __typename?: 'Session', token: string, expiresAt: string, user: { __typename?: 'User', id: string, email: string, displayName?: string | null, role: Role } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { __typename?: 'Mutation', logout: boolean };

export type ChannelsQueryVariables = Exact<{ [key: string]: never; }>;


export type ChannelsQuery = { __typename?: 'Query', channels: Array<{ __typename?: 'Channel', id: string, displayName: string, state: PluginState }> };

export type UsersQueryVariables = Exact<{ [key: string]: never; }>;


export type UsersQuery = { __typename?: 'Query', users: Array<{ __typename?: 'User', id: string, email: string, displayName?: string | null, role: Role }> };

export type InboxConversationsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  channel?: InputMaybe<Scalars['String']['input']>;
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  handler?: InputMaybe<ConversationHandler>;
}>;


export type InboxConversationsQuery = { __typename?: 'Query', conversations: { __typename?: 'ConversationConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'ConversationEdge', node: { __typename?: 'Conversation', id: string, status: ConversationStatus, handler: ConversationHandler, bot?: string | null, channels: Array<string>, openedChannel: string, openedAt: string, lastActivityAt: string, waitingSince?: string | null, assignee?: { __typename?: 'User', id: string, email: string, displayName?: string | null } | null, customer: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> }, replyWindows: Array<{ __typename?: 'ReplyWindow', channel: string, open: boolean, closesAt?: string | null }> } }> } };

export type InboxRowFragment = { __typename?: 'Conversation', id: string, status: ConversationStatus, handler: ConversationHandler, bot?: string | null, channels: Array<string>, openedChannel: string, openedAt: string, lastActivityAt: string, waitingSince?: string | null, assignee?: { __typename?: 'User', id: string, email: string, displayName?: string | null } | null, customer: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> }, replyWindows: Array<{ __typename?: 'ReplyWindow', channel: string, open: boolean, closesAt?: string | null }> };

export type ConversationChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConversationChangedSubscription = { __typename?: 'Subscription', conversationChanged: { __typename?: 'ConversationChange', eventId: string, kind: ConversationChangeKind, status: ConversationStatus, reason?: string | null, at: string, conversation: { __typename?: 'Conversation', id: string, status: ConversationStatus, handler: ConversationHandler, bot?: string | null, channels: Array<string>, openedChannel: string, openedAt: string, lastActivityAt: string, waitingSince?: string | null, assignee?: { __typename?: 'User', id: string, email: string, displayName?: string | null } | null, customer: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> }, replyWindows: Array<{ __typename?: 'ReplyWindow', channel: string, open: boolean, closesAt?: string | null }> } } };

export type ConversationThreadQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ConversationThreadQuery = { __typename?: 'Query', conversation?: { __typename?: 'Conversation', resolvedAt?: string | null, firstResponseAt?: string | null, id: string, status: ConversationStatus, handler: ConversationHandler, bot?: string | null, channels: Array<string>, openedChannel: string, openedAt: string, lastActivityAt: string, waitingSince?: string | null, customer: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string>, phones: Array<string>, handles: Array<{ __typename?: 'Handle', channel: string, handle: string }> }, interactions?: { __typename?: 'InteractionConnection', totalCount: number, edges: Array<{ __typename?: 'InteractionEdge', node: { __typename?: 'Interaction', id: string, channel: string, direction: Direction, type: string, subject?: string | null, text?: string | null, occurredAt: string, conversation?: { __typename?: 'Conversation', id: string } | null, delivery?: { __typename?: 'Delivery', status: DeliveryStatus, updatedAt: string, error?: string | null } | null } }> } | null, assignee?: { __typename?: 'User', id: string, email: string, displayName?: string | null } | null, replyWindows: Array<{ __typename?: 'ReplyWindow', channel: string, open: boolean, closesAt?: string | null }> } | null };

export type ThreadItemFragment = { __typename?: 'Interaction', id: string, channel: string, direction: Direction, type: string, subject?: string | null, text?: string | null, occurredAt: string, conversation?: { __typename?: 'Conversation', id: string } | null, delivery?: { __typename?: 'Delivery', status: DeliveryStatus, updatedAt: string, error?: string | null } | null };

export type InteractionRecordedSubscriptionVariables = Exact<{
  customerId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type InteractionRecordedSubscription = { __typename?: 'Subscription', interactionRecorded: { __typename?: 'Interaction', id: string, channel: string, direction: Direction, type: string, subject?: string | null, text?: string | null, occurredAt: string, conversation?: { __typename?: 'Conversation', id: string } | null, delivery?: { __typename?: 'Delivery', status: DeliveryStatus, updatedAt: string, error?: string | null } | null } };

export type SendMessageMutationVariables = Exact<{
  input: SendMessageInput;
}>;


export type SendMessageMutation = { __typename?: 'Mutation', sendMessage: { __typename?: 'Interaction', id: string, channel: string, direction: Direction, type: string, subject?: string | null, text?: string | null, occurredAt: string, conversation?: { __typename?: 'Conversation', id: string } | null, delivery?: { __typename?: 'Delivery', status: DeliveryStatus, updatedAt: string, error?: string | null } | null } };

export type ResolveConversationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ResolveConversationMutation = { __typename?: 'Mutation', resolveConversation: { __typename?: 'Conversation', id: string, status: ConversationStatus, handler: ConversationHandler, bot?: string | null, channels: Array<string>, openedChannel: string, openedAt: string, lastActivityAt: string, waitingSince?: string | null, assignee?: { __typename?: 'User', id: string, email: string, displayName?: string | null } | null, customer: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> }, replyWindows: Array<{ __typename?: 'ReplyWindow', channel: string, open: boolean, closesAt?: string | null }> } };

export type AssignConversationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  userId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type AssignConversationMutation = { __typename?: 'Mutation', assignConversation: { __typename?: 'Conversation', id: string, status: ConversationStatus, handler: ConversationHandler, bot?: string | null, channels: Array<string>, openedChannel: string, openedAt: string, lastActivityAt: string, waitingSince?: string | null, assignee?: { __typename?: 'User', id: string, email: string, displayName?: string | null } | null, customer: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> }, replyWindows: Array<{ __typename?: 'ReplyWindow', channel: string, open: boolean, closesAt?: string | null }> } };

export type TakeOverConversationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TakeOverConversationMutation = { __typename?: 'Mutation', takeOverConversation: { __typename?: 'Conversation', id: string, status: ConversationStatus, handler: ConversationHandler, bot?: string | null, channels: Array<string>, openedChannel: string, openedAt: string, lastActivityAt: string, waitingSince?: string | null, assignee?: { __typename?: 'User', id: string, email: string, displayName?: string | null } | null, customer: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string> }, replyWindows: Array<{ __typename?: 'ReplyWindow', channel: string, open: boolean, closesAt?: string | null }> } };

export type SetTypingMutationVariables = Exact<{
  conversationId: Scalars['ID']['input'];
  typing: Scalars['Boolean']['input'];
}>;


export type SetTypingMutation = { __typename?: 'Mutation', setTyping: boolean };

export type SearchCustomersQueryVariables = Exact<{
  query?: InputMaybe<Scalars['String']['input']>;
  first: Scalars['Int']['input'];
}>;


export type SearchCustomersQuery = { __typename?: 'Query', customers: { __typename?: 'CustomerConnection', totalCount: number, edges: Array<{ __typename?: 'CustomerEdge', node: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string>, phones: Array<string>, updatedAt: string } }> } };

export type CustomerDetailFragment = { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string>, phones: Array<string>, attributes: unknown, createdAt: string, updatedAt: string, handles: Array<{ __typename?: 'Handle', channel: string, handle: string }>, scores: Array<{ __typename?: 'Score', rule: string, value: number, label?: string | null, explanation?: string | null, computedAt: string }>, segments: Array<{ __typename?: 'SegmentMembership', model: string, segment: string, since: string }>, conversations?: { __typename?: 'ConversationConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationEdge', node: { __typename?: 'Conversation', id: string, status: ConversationStatus, channels: Array<string>, openedAt: string, resolvedAt?: string | null, handler: ConversationHandler, assignee?: { __typename?: 'User', email: string, displayName?: string | null } | null } }> } | null, workflowRuns?: { __typename?: 'WorkflowRunConnection', totalCount: number, edges: Array<{ __typename?: 'WorkflowRunEdge', node: { __typename?: 'WorkflowRun', id: string, workflow: string, plugin: string, status: WorkflowRunStatus, startedAt: string, finishedAt?: string | null, error?: string | null } }> } | null, interactions?: { __typename?: 'InteractionConnection', totalCount: number, edges: Array<{ __typename?: 'InteractionEdge', node: { __typename?: 'Interaction', id: string, channel: string, direction: Direction, type: string, subject?: string | null, text?: string | null, occurredAt: string, conversation?: { __typename?: 'Conversation', id: string } | null, delivery?: { __typename?: 'Delivery', status: DeliveryStatus, updatedAt: string, error?: string | null } | null } }> } | null };

export type CustomerPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CustomerPageQuery = { __typename?: 'Query', customer?: { __typename?: 'Customer', id: string, displayName?: string | null, emails: Array<string>, phones: Array<string>, attributes: unknown, createdAt: string, updatedAt: string, handles: Array<{ __typename?: 'Handle', channel: string, handle: string }>, scores: Array<{ __typename?: 'Score', rule: string, value: number, label?: string | null, explanation?: string | null, computedAt: string }>, segments: Array<{ __typename?: 'SegmentMembership', model: string, segment: string, since: string }>, conversations?: { __typename?: 'ConversationConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationEdge', node: { __typename?: 'Conversation', id: string, status: ConversationStatus, channels: Array<string>, openedAt: string, resolvedAt?: string | null, handler: ConversationHandler, assignee?: { __typename?: 'User', email: string, displayName?: string | null } | null } }> } | null, workflowRuns?: { __typename?: 'WorkflowRunConnection', totalCount: number, edges: Array<{ __typename?: 'WorkflowRunEdge', node: { __typename?: 'WorkflowRun', id: string, workflow: string, plugin: string, status: WorkflowRunStatus, startedAt: string, finishedAt?: string | null, error?: string | null } }> } | null, interactions?: { __typename?: 'InteractionConnection', totalCount: number, edges: Array<{ __typename?: 'InteractionEdge', node: { __typename?: 'Interaction', id: string, channel: string, direction: Direction, type: string, subject?: string | null, text?: string | null, occurredAt: string, conversation?: { __typename?: 'Conversation', id: string } | null, delivery?: { __typename?: 'Delivery', status: DeliveryStatus, updatedAt: string, error?: string | null } | null } }> } | null } | null };

export type MergeCustomersMutationVariables = Exact<{
  input: MergeCustomersInput;
}>;


export type MergeCustomersMutation = { __typename?: 'Mutation', mergeCustomers: { __typename?: 'Customer', id: string } };

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
export const KpiFiguresFragmentDoc = new TypedDocumentString(`
    fragment KpiFigures on ServiceKpiGroup {
  key
  conversations
  resolved
  resolutionRate
  averageFirstResponseTimeMs
  averageFirstResponseBusinessTimeMs
  averageResolutionTimeMs
  averageResolutionBusinessTimeMs
}
    `, {"fragmentName":"KpiFigures"}) as unknown as TypedDocumentString<KpiFiguresFragment, unknown>;
export const RunRowFragmentDoc = new TypedDocumentString(`
    fragment RunRow on WorkflowRun {
  id
  workflow
  plugin
  status
  startedAt
  finishedAt
  error
  customer {
    id
    displayName
    emails
  }
  steps {
    name
    status
    attempts
    startedAt
    finishedAt
    error
  }
}
    `, {"fragmentName":"RunRow"}) as unknown as TypedDocumentString<RunRowFragment, unknown>;
export const InboxRowFragmentDoc = new TypedDocumentString(`
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
  assignee {
    id
    email
    displayName
  }
  customer {
    id
    displayName
    emails
  }
  replyWindows {
    channel
    open
    closesAt
  }
}
    `, {"fragmentName":"InboxRow"}) as unknown as TypedDocumentString<InboxRowFragment, unknown>;
export const ThreadItemFragmentDoc = new TypedDocumentString(`
    fragment ThreadItem on Interaction {
  id
  channel
  direction
  type
  subject
  text
  occurredAt
  conversation {
    id
  }
  delivery {
    status
    updatedAt
    error
  }
}
    `, {"fragmentName":"ThreadItem"}) as unknown as TypedDocumentString<ThreadItemFragment, unknown>;
export const CustomerDetailFragmentDoc = new TypedDocumentString(`
    fragment CustomerDetail on Customer {
  id
  displayName
  emails
  phones
  handles {
    channel
    handle
  }
  attributes
  createdAt
  updatedAt
  scores {
    rule
    value
    label
    explanation
    computedAt
  }
  segments {
    model
    segment
    since
  }
  conversations(first: 50) {
    totalCount
    edges {
      node {
        id
        status
        channels
        openedAt
        resolvedAt
        handler
        assignee {
          email
          displayName
        }
      }
    }
  }
  workflowRuns(first: 50) {
    totalCount
    edges {
      node {
        id
        workflow
        plugin
        status
        startedAt
        finishedAt
        error
      }
    }
  }
  interactions(first: 100, newestFirst: true) {
    totalCount
    edges {
      node {
        ...ThreadItem
      }
    }
  }
}
    fragment ThreadItem on Interaction {
  id
  channel
  direction
  type
  subject
  text
  occurredAt
  conversation {
    id
  }
  delivery {
    status
    updatedAt
    error
  }
}`, {"fragmentName":"CustomerDetail"}) as unknown as TypedDocumentString<CustomerDetailFragment, unknown>;
export const ConsoleServiceKpisDocument = new TypedDocumentString(`
    query ConsoleServiceKpis($from: DateTime!, $to: DateTime!, $interval: KpiGrouping!) {
  overTime: serviceKpis(from: $from, to: $to, groupBy: $interval) {
    conversations
    resolved
    resolutionRate
    averageFirstResponseTimeMs
    averageFirstResponseBusinessTimeMs
    averageResolutionTimeMs
    averageResolutionBusinessTimeMs
    groups {
      ...KpiFigures
    }
  }
  byChannel: serviceKpis(from: $from, to: $to, groupBy: CHANNEL) {
    groups {
      ...KpiFigures
    }
  }
  byAssignee: serviceKpis(from: $from, to: $to, groupBy: ASSIGNEE) {
    groups {
      ...KpiFigures
    }
  }
}
    fragment KpiFigures on ServiceKpiGroup {
  key
  conversations
  resolved
  resolutionRate
  averageFirstResponseTimeMs
  averageFirstResponseBusinessTimeMs
  averageResolutionTimeMs
  averageResolutionBusinessTimeMs
}`) as unknown as TypedDocumentString<ConsoleServiceKpisQuery, ConsoleServiceKpisQueryVariables>;
export const AdminUsersDocument = new TypedDocumentString(`
    query AdminUsers {
  users {
    id
    email
    displayName
    role
    available
    createdAt
    disabledAt
  }
}
    `) as unknown as TypedDocumentString<AdminUsersQuery, AdminUsersQueryVariables>;
export const ConsoleSegmentPreviewDocument = new TypedDocumentString(`
    query ConsoleSegmentPreview($rules: JSON!, $first: Int!) {
  segmentPreview(rules: $rules) {
    count
  }
  customers(where: $rules, first: $first) {
    totalCount
    edges {
      node {
        id
        displayName
        emails
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleSegmentPreviewQuery, ConsoleSegmentPreviewQueryVariables>;
export const ConsoleSegmentDefinitionsDocument = new TypedDocumentString(`
    query ConsoleSegmentDefinitions {
  segmentDefinitions {
    id
    name
    rules
    memberCount
    refreshedAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleSegmentDefinitionsQuery, ConsoleSegmentDefinitionsQueryVariables>;
export const ConsoleDefineSegmentDocument = new TypedDocumentString(`
    mutation ConsoleDefineSegment($input: DefineSegmentInput!) {
  defineSegment(input: $input) {
    id
    name
    memberCount
  }
}
    `) as unknown as TypedDocumentString<ConsoleDefineSegmentMutation, ConsoleDefineSegmentMutationVariables>;
export const ConsoleDeleteSegmentDocument = new TypedDocumentString(`
    mutation ConsoleDeleteSegment($id: ID!) {
  deleteSegment(id: $id)
}
    `) as unknown as TypedDocumentString<ConsoleDeleteSegmentMutation, ConsoleDeleteSegmentMutationVariables>;
export const ConsolePluginsDocument = new TypedDocumentString(`
    query ConsolePlugins {
  plugins {
    name
    displayName
    version
    state
    error
    permissions
    activationEvents
    settingsSchema
    metrics {
      activatedAt
      activationTimeMs
      handlerCalls
      failures
      lastError
      lastErrorAt
    }
  }
}
    `) as unknown as TypedDocumentString<ConsolePluginsQuery, ConsolePluginsQueryVariables>;
export const ConsoleSetPluginEnabledDocument = new TypedDocumentString(`
    mutation ConsoleSetPluginEnabled($name: ID!, $enabled: Boolean!) {
  setPluginEnabled(name: $name, enabled: $enabled) {
    name
    state
    error
  }
}
    `) as unknown as TypedDocumentString<ConsoleSetPluginEnabledMutation, ConsoleSetPluginEnabledMutationVariables>;
export const ConsoleWorkflowRunsDocument = new TypedDocumentString(`
    query ConsoleWorkflowRuns($status: WorkflowRunStatus, $first: Int!, $after: String) {
  workflowRuns(status: $status, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...RunRow
      }
    }
  }
}
    fragment RunRow on WorkflowRun {
  id
  workflow
  plugin
  status
  startedAt
  finishedAt
  error
  customer {
    id
    displayName
    emails
  }
  steps {
    name
    status
    attempts
    startedAt
    finishedAt
    error
  }
}`) as unknown as TypedDocumentString<ConsoleWorkflowRunsQuery, ConsoleWorkflowRunsQueryVariables>;
export const ConsoleCancelWorkflowRunDocument = new TypedDocumentString(`
    mutation ConsoleCancelWorkflowRun($id: ID!) {
  cancelWorkflowRun(id: $id) {
    ...RunRow
  }
}
    fragment RunRow on WorkflowRun {
  id
  workflow
  plugin
  status
  startedAt
  finishedAt
  error
  customer {
    id
    displayName
    emails
  }
  steps {
    name
    status
    attempts
    startedAt
    finishedAt
    error
  }
}`) as unknown as TypedDocumentString<ConsoleCancelWorkflowRunMutation, ConsoleCancelWorkflowRunMutationVariables>;
export const ConsoleRetryWorkflowRunDocument = new TypedDocumentString(`
    mutation ConsoleRetryWorkflowRun($id: ID!) {
  retryWorkflowRun(id: $id) {
    ...RunRow
  }
}
    fragment RunRow on WorkflowRun {
  id
  workflow
  plugin
  status
  startedAt
  finishedAt
  error
  customer {
    id
    displayName
    emails
  }
  steps {
    name
    status
    attempts
    startedAt
    finishedAt
    error
  }
}`) as unknown as TypedDocumentString<ConsoleRetryWorkflowRunMutation, ConsoleRetryWorkflowRunMutationVariables>;
export const ConsoleAuditEventsDocument = new TypedDocumentString(`
    query ConsoleAuditEvents($first: Int!, $after: String, $action: String, $actorId: ID, $targetId: ID, $from: DateTime, $to: DateTime) {
  auditEvents(
    first: $first
    after: $after
    action: $action
    actorId: $actorId
    targetId: $targetId
    from: $from
    to: $to
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        at
        action
        targetType
        targetId
        requestId
        changes
        actor {
          id
          kind
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleAuditEventsQuery, ConsoleAuditEventsQueryVariables>;
export const ConsoleApiKeysDocument = new TypedDocumentString(`
    query ConsoleApiKeys {
  apiKeys {
    name
    prefix
    role
    scopes
    createdAt
    lastUsedAt
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleApiKeysQuery, ConsoleApiKeysQueryVariables>;
export const ConsoleCreateApiKeyDocument = new TypedDocumentString(`
    mutation ConsoleCreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    token
    apiKey {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleCreateApiKeyMutation, ConsoleCreateApiKeyMutationVariables>;
export const ConsoleRevokeApiKeyDocument = new TypedDocumentString(`
    mutation ConsoleRevokeApiKey($name: ID!) {
  revokeApiKey(name: $name)
}
    `) as unknown as TypedDocumentString<ConsoleRevokeApiKeyMutation, ConsoleRevokeApiKeyMutationVariables>;
export const ConsoleCreateUserDocument = new TypedDocumentString(`
    mutation ConsoleCreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    id
    email
  }
}
    `) as unknown as TypedDocumentString<ConsoleCreateUserMutation, ConsoleCreateUserMutationVariables>;
export const ConsoleDeactivateUserDocument = new TypedDocumentString(`
    mutation ConsoleDeactivateUser($id: ID!) {
  deactivateUser(id: $id) {
    id
    email
    disabledAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleDeactivateUserMutation, ConsoleDeactivateUserMutationVariables>;
export const ConsoleReactivateUserDocument = new TypedDocumentString(`
    mutation ConsoleReactivateUser($id: ID!) {
  reactivateUser(id: $id) {
    id
    email
    disabledAt
  }
}
    `) as unknown as TypedDocumentString<ConsoleReactivateUserMutation, ConsoleReactivateUserMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    expiresAt
    user {
      id
      email
      displayName
      role
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const ChannelsDocument = new TypedDocumentString(`
    query Channels {
  channels {
    id
    displayName
    state
  }
}
    `) as unknown as TypedDocumentString<ChannelsQuery, ChannelsQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users {
  users {
    id
    email
    displayName
    role
  }
}
    `) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const InboxConversationsDocument = new TypedDocumentString(`
    query InboxConversations($first: Int!, $after: String, $channel: String, $assigneeId: ID, $handler: ConversationHandler) {
  conversations(
    first: $first
    after: $after
    status: OPEN
    channel: $channel
    assigneeId: $assigneeId
    handler: $handler
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...InboxRow
      }
    }
  }
}
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
  assignee {
    id
    email
    displayName
  }
  customer {
    id
    displayName
    emails
  }
  replyWindows {
    channel
    open
    closesAt
  }
}`) as unknown as TypedDocumentString<InboxConversationsQuery, InboxConversationsQueryVariables>;
export const ConversationChangedDocument = new TypedDocumentString(`
    subscription ConversationChanged {
  conversationChanged {
    eventId
    kind
    status
    reason
    at
    conversation {
      ...InboxRow
    }
  }
}
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
  assignee {
    id
    email
    displayName
  }
  customer {
    id
    displayName
    emails
  }
  replyWindows {
    channel
    open
    closesAt
  }
}`) as unknown as TypedDocumentString<ConversationChangedSubscription, ConversationChangedSubscriptionVariables>;
export const ConversationThreadDocument = new TypedDocumentString(`
    query ConversationThread($id: ID!) {
  conversation(id: $id) {
    ...InboxRow
    resolvedAt
    firstResponseAt
    customer {
      id
      displayName
      emails
      phones
      handles {
        channel
        handle
      }
    }
    interactions(first: 100) {
      totalCount
      edges {
        node {
          ...ThreadItem
        }
      }
    }
  }
}
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
  assignee {
    id
    email
    displayName
  }
  customer {
    id
    displayName
    emails
  }
  replyWindows {
    channel
    open
    closesAt
  }
}
fragment ThreadItem on Interaction {
  id
  channel
  direction
  type
  subject
  text
  occurredAt
  conversation {
    id
  }
  delivery {
    status
    updatedAt
    error
  }
}`) as unknown as TypedDocumentString<ConversationThreadQuery, ConversationThreadQueryVariables>;
export const InteractionRecordedDocument = new TypedDocumentString(`
    subscription InteractionRecorded($customerId: ID) {
  interactionRecorded(customerId: $customerId) {
    ...ThreadItem
  }
}
    fragment ThreadItem on Interaction {
  id
  channel
  direction
  type
  subject
  text
  occurredAt
  conversation {
    id
  }
  delivery {
    status
    updatedAt
    error
  }
}`) as unknown as TypedDocumentString<InteractionRecordedSubscription, InteractionRecordedSubscriptionVariables>;
export const SendMessageDocument = new TypedDocumentString(`
    mutation SendMessage($input: SendMessageInput!) {
  sendMessage(input: $input) {
    ...ThreadItem
  }
}
    fragment ThreadItem on Interaction {
  id
  channel
  direction
  type
  subject
  text
  occurredAt
  conversation {
    id
  }
  delivery {
    status
    updatedAt
    error
  }
}`) as unknown as TypedDocumentString<SendMessageMutation, SendMessageMutationVariables>;
export const ResolveConversationDocument = new TypedDocumentString(`
    mutation ResolveConversation($id: ID!) {
  resolveConversation(id: $id) {
    ...InboxRow
  }
}
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
  assignee {
    id
    email
    displayName
  }
  customer {
    id
    displayName
    emails
  }
  replyWindows {
    channel
    open
    closesAt
  }
}`) as unknown as TypedDocumentString<ResolveConversationMutation, ResolveConversationMutationVariables>;
export const AssignConversationDocument = new TypedDocumentString(`
    mutation AssignConversation($id: ID!, $userId: ID) {
  assignConversation(id: $id, userId: $userId) {
    ...InboxRow
  }
}
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
  assignee {
    id
    email
    displayName
  }
  customer {
    id
    displayName
    emails
  }
  replyWindows {
    channel
    open
    closesAt
  }
}`) as unknown as TypedDocumentString<AssignConversationMutation, AssignConversationMutationVariables>;
export const TakeOverConversationDocument = new TypedDocumentString(`
    mutation TakeOverConversation($id: ID!) {
  takeOverConversation(id: $id) {
    ...InboxRow
  }
}
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
  assignee {
    id
    email
    displayName
  }
  customer {
    id
    displayName
    emails
  }
  replyWindows {
    channel
    open
    closesAt
  }
}`) as unknown as TypedDocumentString<TakeOverConversationMutation, TakeOverConversationMutationVariables>;
export const SetTypingDocument = new TypedDocumentString(`
    mutation SetTyping($conversationId: ID!, $typing: Boolean!) {
  setTyping(conversationId: $conversationId, typing: $typing)
}
    `) as unknown as TypedDocumentString<SetTypingMutation, SetTypingMutationVariables>;
export const SearchCustomersDocument = new TypedDocumentString(`
    query SearchCustomers($query: String, $first: Int!) {
  customers(first: $first, query: $query) {
    totalCount
    edges {
      node {
        id
        displayName
        emails
        phones
        updatedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchCustomersQuery, SearchCustomersQueryVariables>;
export const CustomerPageDocument = new TypedDocumentString(`
    query CustomerPage($id: ID!) {
  customer(id: $id) {
    ...CustomerDetail
  }
}
    fragment ThreadItem on Interaction {
  id
  channel
  direction
  type
  subject
  text
  occurredAt
  conversation {
    id
  }
  delivery {
    status
    updatedAt
    error
  }
}
fragment CustomerDetail on Customer {
  id
  displayName
  emails
  phones
  handles {
    channel
    handle
  }
  attributes
  createdAt
  updatedAt
  scores {
    rule
    value
    label
    explanation
    computedAt
  }
  segments {
    model
    segment
    since
  }
  conversations(first: 50) {
    totalCount
    edges {
      node {
        id
        status
        channels
        openedAt
        resolvedAt
        handler
        assignee {
          email
          displayName
        }
      }
    }
  }
  workflowRuns(first: 50) {
    totalCount
    edges {
      node {
        id
        workflow
        plugin
        status
        startedAt
        finishedAt
        error
      }
    }
  }
  interactions(first: 100, newestFirst: true) {
    totalCount
    edges {
      node {
        ...ThreadItem
      }
    }
  }
}`) as unknown as TypedDocumentString<CustomerPageQuery, CustomerPageQueryVariables>;
export const MergeCustomersDocument = new TypedDocumentString(`
    mutation MergeCustomers($input: MergeCustomersInput!) {
  mergeCustomers(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<MergeCustomersMutation, MergeCustomersMutationVariables>;