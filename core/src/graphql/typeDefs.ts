/**
 * The core GraphQL schema (docs/graphql-api.md). Every public name is here exactly as the
 * contract writes it (clients outside the repository depend on them); what is added (connection types, `Customer.handles`,
 * `Plugin.metrics`, conversation timings, `serviceKpis`, `newestFirst`) only adds. Plugins extend
 * this schema with their own `schema.graphql` (see plugins/SchemaAssembler.ts).
 */
export const coreTypeDefs = /* GraphQL */ `
  "An ISO-8601 date-time, e.g. 2026-03-02T09:00:00.000Z."
  scalar DateTime
  "Any JSON value."
  scalar JSON

  """
  The scope a field needs (docs/security.md). On a type, every field of it needs that scope;
  a field's own directive wins. A field without one, on a type without one, needs customers:read.
  """
  directive @requiresScope(scope: String!) on FIELD_DEFINITION | OBJECT
  "Any valid credential may read the field, whatever its scopes."
  directive @authenticated on FIELD_DEFINITION | OBJECT
  "The field is served without a credential (login)."
  directive @anonymous on FIELD_DEFINITION

  "An object with a global, opaque id; node(id) fetches it."
  interface Node {
    id: ID!
  }

  type Customer implements Node {
    id: ID!
    displayName: String
    "Lower case."
    emails: [String!]!
    "E.164."
    phones: [String!]!
    "Handles on social and messaging channels."
    handles: [Handle!]!
    attributes: JSON!
    createdAt: DateTime!
    updatedAt: DateTime!
    "Oldest first, unless newestFirst."
    interactions(first: Int, after: String, channel: String, newestFirst: Boolean = false): InteractionConnection! @requiresScope(scope: "interactions:read")
    "Most recently opened first."
    conversations(first: Int, after: String): ConversationConnection!
    scores: [Score!]!
    segments: [SegmentMembership!]!
    "The customer's workflow runs, most recently started first."
    workflowRuns(first: Int, after: String): WorkflowRunConnection!
  }

  type Handle {
    channel: String!
    handle: String!
  }

  type Interaction implements Node @requiresScope(scope: "interactions:read") {
    id: ID!
    customer: Customer!
    conversation: Conversation
    channel: String!
    direction: Direction!
    type: String!
    subject: String
    text: String
    occurredAt: DateTime!
    externalId: String
    metadata: JSON!
    "Where an outbound message is on its way to the customer, as the provider reports it; null for what no channel delivered."
    delivery: Delivery
  }

  "An outbound message's delivery status. It only moves forward: QUEUED, SENT, FAILED, DELIVERED, READ."
  type Delivery {
    status: DeliveryStatus!
    "When the status last moved."
    updatedAt: DateTime!
    "The provider's error, for FAILED."
    error: String
  }

  enum DeliveryStatus {
    QUEUED
    SENT
    DELIVERED
    READ
    FAILED
  }

  "When a channel with a reply window (WhatsApp: 24 hours) stops taking free-form messages to the customer."
  type ReplyWindow {
    channel: String!
    "The customer's last message on the channel plus the window; null if they never wrote on it."
    closesAt: DateTime
    "Whether free-form messages can be sent now; when false, only templates."
    open: Boolean!
  }

  type Conversation implements Node {
    id: ID!
    customer: Customer!
    status: ConversationStatus!
    channels: [String!]!
    openedAt: DateTime!
    firstResponseAt: DateTime
    resolvedAt: DateTime
    "Oldest first, unless newestFirst."
    interactions(first: Int, after: String, newestFirst: Boolean = false): InteractionConnection! @requiresScope(scope: "interactions:read")
    "The channel of the interaction that opened the conversation."
    openedChannel: String!
    lastActivityAt: DateTime!
    "From the customer's first message to the first reply, in milliseconds."
    firstResponseTimeMs: Float
    "From opening to resolution, in milliseconds."
    resolutionTimeMs: Float
    "The reply windows of the channels that have one, among the conversation's channels and those the customer wrote on."
    replyWindows: [ReplyWindow!]!
  }

  type Score {
    rule: ID!
    value: Float!
    label: String
    explanation: String
    computedAt: DateTime!
  }

  "One run of an aftercare workflow, with its history."
  type WorkflowRun implements Node {
    id: ID!
    workflow: ID!
    plugin: String!
    status: WorkflowRunStatus!
    customer: Customer
    "The payload of the triggering event, or what ctx.workflows.start() was given."
    input: JSON!
    startedAt: DateTime!
    finishedAt: DateTime
    error: String
    "Every step the run has reached, in order, with its attempts."
    steps: [WorkflowStep!]!
  }

  type WorkflowStep {
    name: String!
    "COMPLETED, FAILED, RETRYING (its last attempt failed; it will be tried again), SLEEPING or WAITING."
    status: String!
    attempts: Int!
    startedAt: DateTime
    finishedAt: DateTime
    error: String
  }

  enum WorkflowRunStatus {
    RUNNING
    SLEEPING
    WAITING
    COMPLETED
    FAILED
    CANCELLED
  }

  type WorkflowRunEdge {
    cursor: String!
    node: WorkflowRun!
  }
  type WorkflowRunConnection {
    edges: [WorkflowRunEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type SegmentMembership {
    segment: ID!
    model: ID!
    since: DateTime!
  }

  type Plugin {
    name: ID!
    displayName: String
    version: String!
    state: PluginState!
    error: String
    activationEvents: [String!]!
    permissions: [String!]!
    "Figures the plugin host keeps: activation time, handler calls, failures."
    metrics: PluginMetrics!
  }

  type PluginMetrics {
    "How long the last activate() took, in milliseconds."
    activationTimeMs: Float
    activatedAt: DateTime
    handlerCalls: Int!
    "Activations and handler calls that threw or timed out."
    failures: Int!
    lastError: String
    lastErrorAt: DateTime
  }


  enum Direction {
    INBOUND
    OUTBOUND
    INTERNAL
  }
  enum ConversationStatus {
    OPEN
    RESOLVED
  }
  enum PluginState {
    INSTALLED
    ACTIVE
    DISABLED
    FAILED
    INCOMPATIBLE
    MISSING_DEPENDENCY
  }

  type PageInfo @authenticated {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
  type CustomerEdge {
    cursor: String!
    node: Customer!
  }
  type CustomerConnection {
    edges: [CustomerEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type InteractionEdge @requiresScope(scope: "interactions:read") {
    cursor: String!
    node: Interaction!
  }
  type InteractionConnection @requiresScope(scope: "interactions:read") {
    edges: [InteractionEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type ConversationEdge {
    cursor: String!
    node: Conversation!
  }
  type ConversationConnection {
    edges: [ConversationEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type Query {
    node(id: ID!): Node
    customer(id: ID!): Customer
    """
    Oldest first. query matches display name, email or phone; segment ("model:segment", e.g.
    "lifecycle:loyal") lists the members of a segment; where filters by a rule tree
    (docs/segments.md), and orderBy sorts by createdAt, displayName, a score or the last
    interaction. All of them together narrow the list.
    """
    customers(first: Int, after: String, query: String, segment: ID, where: JSON, orderBy: CustomerOrder): CustomerConnection!
    conversation(id: ID!): Conversation
    plugins: [Plugin!]!
    "Most recently started first."
    workflowRuns(first: Int, after: String, status: WorkflowRunStatus, workflow: ID): WorkflowRunConnection!
    workflowRun(id: ID!): WorkflowRun
  }

  type Mutation {
    createCustomer(input: CreateCustomerInput!): Customer! @requiresScope(scope: "customers:write")
    updateCustomer(input: UpdateCustomerInput!): Customer! @requiresScope(scope: "customers:write")
    "The target survives; the source's id keeps resolving to it."
    mergeCustomers(input: MergeCustomersInput!): Customer! @requiresScope(scope: "customers:write")
    "Idempotent on (channel, externalId)."
    recordInteraction(input: RecordInteractionInput!): Interaction! @requiresScope(scope: "interactions:write")
    "Delivers through the channel's plugin, then records the OUTBOUND interaction."
    sendMessage(input: SendMessageInput!): Interaction! @requiresScope(scope: "messages:send")
    resolveConversation(id: ID!): Conversation! @requiresScope(scope: "conversations:write")
    setPluginEnabled(name: ID!, enabled: Boolean!): Plugin! @requiresScope(scope: "plugins:manage")
    "Stops a RUNNING, SLEEPING or WAITING run for good."
    cancelWorkflowRun(id: ID!): WorkflowRun! @requiresScope(scope: "workflows:manage")
    "Runs a FAILED or CANCELLED run again from where it stopped; finished steps are not run again."
    retryWorkflowRun(id: ID!): WorkflowRun! @requiresScope(scope: "workflows:manage")
  }

  type Subscription {
    "Every recorded interaction, or only those of one customer."
    interactionRecorded(customerId: ID): Interaction! @requiresScope(scope: "interactions:read")
  }

  input HandleInput {
    channel: String!
    handle: String!
  }
  input CreateCustomerInput {
    displayName: String
    emails: [String!]
    phones: [String!]
    attributes: JSON
    handles: [HandleInput!]
  }
  "Omitted fields keep their value; a given list replaces the customer's list."
  input UpdateCustomerInput {
    id: ID!
    displayName: String
    emails: [String!]
    phones: [String!]
    attributes: JSON
    handles: [HandleInput!]
  }
  input MergeCustomersInput {
    targetId: ID!
    sourceId: ID!
  }
  input SendMessageInput {
    customerId: ID!
    channel: String!
    conversationId: ID
    subject: String
    "The message. Required unless a template is sent."
    text: String
    html: String
    "The same key for every retry of one message: the channel delivers it once."
    idempotencyKey: String
    "A template approved by the provider, for channels that take them (WhatsApp); allowed outside the reply window."
    template: MessageTemplateInput
  }
  input MessageTemplateInput {
    name: String!
    "A language code such as en_US."
    language: String!
    "The values of the template's {{1}}, {{2}}, … in order."
    parameters: [String!]
  }
  "Give customerId, or an identity: email, phone, or a handle on the channel."
  input RecordInteractionInput {
    customerId: ID
    email: String
    phone: String
    handle: String
    channel: String!
    direction: Direction!
    type: String!
    subject: String
    text: String
    "Defaults to now."
    occurredAt: DateTime
    externalId: String
    threadKey: String
    metadata: JSON
  }
`;
