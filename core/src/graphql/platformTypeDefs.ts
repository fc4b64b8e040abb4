/**
 * Plugins, channels, workflow runs and the Relay page types. Part of the core schema (typeDefs.ts).
 */
export const platformTypeDefs = /* GraphQL */ `
  "One run of an aftercare workflow, with its history."
  type WorkflowRun implements Node {
    "The run's global id."
    id: ID!
    "The workflow's id (contributes.workflows[].id), e.g. post-resolution-survey."
    workflow: ID!
    "The package name of the plugin that contributes the workflow."
    plugin: String!
    "Where the run is now."
    status: WorkflowRunStatus!
    "The customer the run is about; null for a run started without one."
    customer: Customer
    "The payload of the triggering event, or what ctx.workflows.start() was given."
    input: JSON!
    "When the run started."
    startedAt: DateTime!
    "When it completed, failed for good or was cancelled; null while it goes on."
    finishedAt: DateTime
    "Why it failed, for FAILED; null otherwise."
    error: String
    "Every step the run has reached, in order, with its attempts."
    steps: [WorkflowStep!]!
  }

  "One durable step of a run (run.step, run.sleep, run.waitForEvent, run.send)."
  type WorkflowStep {
    "The step's name, as the workflow gave it to run.step, run.sleep, run.waitForEvent or run.send."
    name: String!
    "Where the step is."
    status: WorkflowStepStatus!
    "How many times the step was tried."
    attempts: Int!
    "When the step started; null when it has not."
    startedAt: DateTime
    "When the step finished; null while it has not."
    finishedAt: DateTime
    "The last attempt's error, for FAILED and RETRYING."
    error: String
  }

  "Where a workflow step is. The spellings are the ones WorkflowStep.status always had as a String."
  enum WorkflowStepStatus {
    "Done; a retried run does not run it again."
    COMPLETED
    "Its attempts are used up; the run failed with it."
    FAILED
    "Its last attempt failed; it will be tried again."
    RETRYING
    "A run.sleep that has not ended yet."
    SLEEPING
    "A run.waitForEvent whose event has not come yet (nor its timeout)."
    WAITING
  }

  "Where a workflow run is."
  enum WorkflowRunStatus {
    "Running a step now, or due to run one."
    RUNNING
    "Sleeping until a run.sleep ends."
    SLEEPING
    "Waiting for an event (run.waitForEvent) or its timeout."
    WAITING
    "Finished."
    COMPLETED
    "Stopped by an error; retryWorkflowRun runs it again from where it stopped."
    FAILED
    "Stopped by cancelWorkflowRun; retryWorkflowRun runs it again."
    CANCELLED
  }

  "An installed plugin and its state (docs/plugin-manifest.md#states)."
  type Plugin {
    "The plugin's package name, e.g. @rapport/plugin-channel-email."
    name: ID!
    "The manifest's displayName; null when it has none."
    displayName: String
    "The plugin's package version (semver)."
    version: String!
    "Where the plugin is in its lifecycle."
    state: PluginState!
    "Why the plugin is in a state other than INSTALLED or ACTIVE, for a person to read."
    error: String
    "The manifest's activationEvents: what makes the host activate it (onStartup, onEvent:…, onChannel:…)."
    activationEvents: [String!]!
    "The manifest's permissions: what the plugin may do through its context (customers:read, messages:send, …)."
    permissions: [String!]!
    "Figures the plugin host keeps: activation time, handler calls, failures."
    metrics: PluginMetrics!
    """
    The JSON Schema of the plugin's settings (the manifest's contributes.configuration: their
    names, types, defaults and descriptions), for a settings form; null when it takes none. The
    deployment's values are not given: they may hold secrets, and live in rapport.config.json.
    """
    settingsSchema: JSON
  }

  "What the plugin host measured about a plugin since the process started."
  type PluginMetrics {
    "How long the last activate() took, in milliseconds."
    activationTimeMs: Float
    "When the plugin was last activated; null when it never was."
    activatedAt: DateTime
    "Event handler calls made to the plugin."
    handlerCalls: Int!
    "Activations and handler calls that threw or timed out."
    failures: Int!
    "The most recent failure's message; null when there was none."
    lastError: String
    "When the most recent failure happened; null when there was none."
    lastErrorAt: DateTime
  }

  "The lifecycle state of a plugin."
  enum PluginState {
    "Found and checked, not activated yet: its activation events have not happened."
    INSTALLED
    "activate() finished and its contributions are live."
    ACTIVE
    "Turned off by an operator (setPluginEnabled) or by the circuit breaker."
    DISABLED
    "Its manifest, settings or schema are invalid, it is in a dependency cycle, or activate() threw or timed out."
    FAILED
    "Its engines.rapport range does not match this core's API version; never loaded."
    INCOMPATIBLE
    "A plugin it depends on is absent, out of range or not usable."
    MISSING_DEPENDENCY
  }

  "A channel a plugin contributes (contributes.channels): where messages to and from customers go."
  type Channel {
    "The channel id, as Interaction.channel and sendMessage(channel:) use it, e.g. email or whatsapp."
    id: ID!
    "The name to show, from the manifest; the id when the manifest gives none."
    displayName: String!
    "Which identity of a customer the channel delivers to; sendMessage fails for a customer without one."
    addressKind: ChannelAddressKind!
    "The package name of the plugin that contributes the channel."
    plugin: String!
    "The state of that plugin: a channel can send when it is INSTALLED (activated on first use) or ACTIVE."
    state: PluginState!
  }

  "Which of a customer's identities a channel reaches them at (contributes.channels[].address)."
  enum ChannelAddressKind {
    "The customer's first email address (Customer.emails)."
    EMAIL
    "The customer's first phone number, in E.164 (Customer.phones)."
    PHONE
    "The customer's handle on this channel (Customer.handles): a chat visitor id, a page-scoped id."
    HANDLE
  }

  "Where a page sits in its list (Relay cursor connections)."
  type PageInfo @authenticated {
    "Whether more items follow this page: forward, whether first/after can go on; backward, true when before was given."
    hasNextPage: Boolean!
    "Whether items come before this page: backward, whether last/before can go on; forward, true when after was given."
    hasPreviousPage: Boolean!
    "The cursor of the page's first item, for before; null for an empty page."
    startCursor: String
    "The cursor of the page's last item, for after; null for an empty page."
    endCursor: String
  }

  "One customer of a page, with its cursor."
  type CustomerEdge {
    "This customer's place in the list, for after or before."
    cursor: String!
    "The customer."
    node: Customer!
  }
  "A page of customers."
  type CustomerConnection {
    "The customers of the page, in the list's order."
    edges: [CustomerEdge!]!
    "Where the page sits in the list."
    pageInfo: PageInfo!
    "How many customers the whole list holds; it counts every match, so select it only when needed (countEstimate is cheaper)."
    totalCount: Int!
  }
  "One interaction of a page, with its cursor."
  type InteractionEdge @requiresScope(scope: "interactions:read") {
    "This interaction's place in the list, for after or before."
    cursor: String!
    "The interaction."
    node: Interaction!
  }
  "A page of interactions."
  type InteractionConnection @requiresScope(scope: "interactions:read") {
    "The interactions of the page, in the list's order."
    edges: [InteractionEdge!]!
    "Where the page sits in the list."
    pageInfo: PageInfo!
    "How many interactions the whole list holds."
    totalCount: Int!
  }
  "One conversation of a page, with its cursor."
  type ConversationEdge {
    "This conversation's place in the list, for after or before."
    cursor: String!
    "The conversation."
    node: Conversation!
  }
  "A page of conversations."
  type ConversationConnection {
    "The conversations of the page, in the list's order."
    edges: [ConversationEdge!]!
    "Where the page sits in the list."
    pageInfo: PageInfo!
    "How many conversations the whole list holds."
    totalCount: Int!
  }
  "One workflow run of a page, with its cursor."
  type WorkflowRunEdge {
    "This run's place in the list, for after or before."
    cursor: String!
    "The run."
    node: WorkflowRun!
  }
  "A page of workflow runs."
  type WorkflowRunConnection {
    "The runs of the page, in the list's order."
    edges: [WorkflowRunEdge!]!
    "Where the page sits in the list."
    pageInfo: PageInfo!
    "How many runs the whole list holds."
    totalCount: Int!
  }
`;
