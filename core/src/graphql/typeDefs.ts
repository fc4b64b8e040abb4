import { customerTypeDefs } from './customerTypeDefs.js';
import { inputTypeDefs } from './inputTypeDefs.js';
import { platformTypeDefs } from './platformTypeDefs.js';
import { subscriptionTypeDefs } from './subscriptionTypeDefs.js';

/*
 * The root of the core schema: scalars, directives, Node and the operations. Every public name is
 * here exactly as the contract writes it (clients outside the repository depend on them); what is
 * added only adds. Every type, field, argument, enum value and input field has a description,
 * which docs/graphql-api.md is generated from and core/test/graphql/schemaDescriptions.test.ts
 * checks. Plugins extend this schema with their own `schema.graphql` (plugins/SchemaAssembler.ts).
 */
const rootTypeDefs = /* GraphQL */ `
  """
  A point in time, as an RFC 3339 date-time with a time zone: 2026-03-02T09:00:00Z or
  2026-03-02T10:00:00+01:00. Served in UTC with milliseconds (2026-03-02T09:00:00.000Z). As input,
  a date-time without a zone is refused (it would mean the server's local time), and a date alone
  (2026-03-02) is read as midnight UTC.
  """
  scalar DateTime @specifiedBy(url: "https://scalars.graphql.org/andimarek/date-time")
  """
  Any JSON value (RFC 8259), passed through as it is: attributes, metadata, rule trees, workflow
  input. Its shape is described by each field that carries it.
  """
  scalar JSON @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc8259")

  """
  The scope a field needs (docs/security.md). On a type, every field of it needs that scope;
  a field's own directive wins. A field without one, on a type without one, needs customers:read.
  """
  directive @requiresScope(scope: String!) on FIELD_DEFINITION | OBJECT
  "Any valid credential may read the field, whatever its scopes."
  directive @authenticated on FIELD_DEFINITION | OBJECT
  "The field is served without a credential (login)."
  directive @anonymous on FIELD_DEFINITION
  """
  Sends the fragment in a later part of a multipart/mixed answer (incremental delivery,
  docs/graphql-transport.md); a client that does not accept multipart/mixed gets an error.
  """
  directive @defer(
    "Defer only when true."
    if: Boolean! = true
    "A name for the later part, unique in the operation, so the client can tell the parts apart."
    label: String
  ) on FRAGMENT_SPREAD | INLINE_FRAGMENT
  "Sends the list's first initialCount items at once and each further item in a later part."
  directive @stream(
    "Stream only when true."
    if: Boolean! = true
    "A name for the later parts, unique in the operation."
    label: String
    "How many items come in the first answer."
    initialCount: Int = 0
  ) on FIELD

  "An object with a global, opaque id; node(id) fetches it."
  interface Node {
    "The global id: opaque, stable, the same in every query and in node(id). Do not parse it."
    id: ID!
  }

  "What can be read. Lists are Relay connections (first/after forward, last/before backward, at most 100 a page)."
  type Query {
    "Any object with a global id (Customer, Interaction, Conversation, WorkflowRun, AuditEvent); null when none has that id. Each type needs its own read scope."
    node("A global id returned by the API." id: ID!): Node
    "A customer; null when none has that id. The id of a customer merged away resolves to the survivor."
    customer("The customer's global id." id: ID!): Customer
    """
    Customers, oldest first (by createdAt, then id) unless orderBy says otherwise. query matches
    display name, email or phone; segment ("model:segment", e.g. "lifecycle:loyal") lists the
    members of a segment; where filters by a rule tree (docs/segments.md). All of them together
    narrow the list.
    """
    customers(
      "Page forward: at most this many customers (0 to 100, default 20)."
      first: Int
      "Page forward: the customers after this cursor (an endCursor of this list, with the same filters and order)."
      after: String
      "Page backward: at most this many customers (0 to 100, default 20), the last ones of the list or those just before before."
      last: Int
      "Page backward: the customers before this cursor (a startCursor of this list, with the same filters and order)."
      before: String
      "Part of a display name, email or phone number, any case; a phone matches on its digits. At most 200 characters."
      query: String
      "A segment as model:segment, e.g. lifecycle:loyal or rules:<id> for a defined segment: only its current members."
      segment: ID
      "A rule tree (docs/segments.md), e.g. { \\"field\\": \\"score.csat\\", \\"op\\": \\"gte\\", \\"value\\": 80 }; an invalid tree is BAD_USER_INPUT naming the JSON path."
      where: JSON
      "The order: createdAt (the default), displayName, score.<rule> or interactions.lastAt; customers without a value come last; ties by id."
      orderBy: CustomerOrder
    ): CustomerConnection!
    "A conversation; null when none has that id."
    conversation("The conversation's global id." id: ID!): Conversation
    "Every plugin of the deployment, in load order, with its state; disabled and failed ones included."
    plugins: [Plugin!]!
    """
    The channels the deployment's plugins declare (contributes.channels), in the order the plugins
    load, whatever the plugin's state: a channel whose plugin is not ACTIVE or INSTALLED cannot
    send now. Needs customers:read, like plugins.
    """
    channels: [Channel!]!
    "Workflow runs, most recently started first; needs customers:read."
    workflowRuns(
      "Page forward: at most this many runs (0 to 100, default 20)."
      first: Int
      "Page forward: the runs after this cursor (an endCursor of this list)."
      after: String
      "Page backward: at most this many runs (0 to 100, default 20), the last ones of the list or those just before before."
      last: Int
      "Page backward: the runs before this cursor (a startCursor of this list)."
      before: String
      "Only runs in this status."
      status: WorkflowRunStatus
      "Only runs of this workflow id (contributes.workflows[].id, e.g. post-resolution-survey)."
      workflow: ID
    ): WorkflowRunConnection!
    "A workflow run; null when none has that id (completed and cancelled runs are removed after workflows.retentionMs)."
    workflowRun("The run's global id." id: ID!): WorkflowRun
  }

  "What can be changed. Each mutation names the scope it needs; every one is written to the audit log."
  type Mutation {
    "Creates a customer; emails and phones must not belong to another customer (CONFLICT)."
    createCustomer("The new customer's fields; all optional." input: CreateCustomerInput!): Customer! @requiresScope(scope: "customers:write")
    "Changes a customer: omitted fields keep their value, a given list or attributes object replaces the old one."
    updateCustomer("The customer's id and the fields to change." input: UpdateCustomerInput!): Customer! @requiresScope(scope: "customers:write")
    "The target survives; the source's id keeps resolving to it."
    mergeCustomers("The survivor (targetId) and the customer merged into it (sourceId)." input: MergeCustomersInput!): Customer! @requiresScope(scope: "customers:write")
    "Idempotent on (channel, externalId)."
    recordInteraction("The interaction; give customerId or an identity." input: RecordInteractionInput!): Interaction! @requiresScope(scope: "interactions:write")
    "Delivers through the channel's plugin, then records the OUTBOUND interaction."
    sendMessage("The message, its channel and its customer." input: SendMessageInput!): Interaction! @requiresScope(scope: "messages:send")
    "Marks a conversation RESOLVED and publishes conversation.resolved; for one already resolved, nothing is published."
    resolveConversation("The conversation's global id." id: ID!): Conversation! @requiresScope(scope: "conversations:write")
    "Turns a plugin off (DISABLED) or on again; its GraphQL fields stay in the schema."
    setPluginEnabled("The plugin's package name, e.g. @rapport/plugin-scoring-csat." name: ID!, "false disables it, true enables it." enabled: Boolean!): Plugin! @requiresScope(scope: "plugins:manage")
    "Stops a RUNNING, SLEEPING or WAITING run for good."
    cancelWorkflowRun("The run's global id." id: ID!): WorkflowRun! @requiresScope(scope: "workflows:manage")
    "Runs a FAILED or CANCELLED run again from where it stopped; finished steps are not run again."
    retryWorkflowRun("The run's global id." id: ID!): WorkflowRun! @requiresScope(scope: "workflows:manage")
  }
`;

/** The core schema (docs/graphql-api.md): the root types, then the types they return and take. */
export const coreTypeDefs = `${rootTypeDefs}\n${customerTypeDefs}\n${platformTypeDefs}\n${inputTypeDefs}\n${subscriptionTypeDefs}`;
