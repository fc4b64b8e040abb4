/**
 * Customers and what happens with them: interactions, conversations, scores and segments
 * (contract §8, §10). Part of the core schema (typeDefs.ts).
 */
export const customerTypeDefs = /* GraphQL */ `
  "A person the business serves, with every identity they reach it by."
  type Customer implements Node {
    "The customer's global id."
    id: ID!
    "The name to show; null when none is known (a customer created from an email alone)."
    displayName: String
    "Email addresses, lower case; each belongs to this customer only."
    emails: [String!]!
    "Phone numbers in E.164 (+33612345678); each belongs to this customer only."
    phones: [String!]!
    "Handles on social and messaging channels."
    handles: [Handle!]!
    "Free-form data as a JSON object (company, plan, …): set by createCustomer, replaced by updateCustomer, merged by plugins. {} when there is none."
    attributes: JSON!
    "When the customer was created."
    createdAt: DateTime!
    "When a field of the customer last changed."
    updatedAt: DateTime!
    """
    The customer's interactions, oldest first (by occurredAt, then id), unless newestFirst. Needs
    interactions:read. Null only with an error on this field: a page argument out of range or a
    cursor of another list (BAD_USER_INPUT); the rest of the response is still served.
    """
    interactions(
      "Page forward: at most this many interactions (0 to 100, default 20)."
      first: Int
      "Page forward: the interactions after this cursor (an endCursor of this list)."
      after: String
      "Page backward: at most this many interactions (0 to 100, default 20), the last ones or those just before before."
      last: Int
      "Page backward: the interactions before this cursor (a startCursor of this list)."
      before: String
      "Only interactions on this channel id, e.g. email."
      channel: String
      "true: newest first."
      newestFirst: Boolean = false
    ): InteractionConnection @requiresScope(scope: "interactions:read")
    """
    The customer's conversations, most recently opened first. Null only with an error on this
    field: a page argument out of range or a cursor of another list (BAD_USER_INPUT).
    """
    conversations(
      "Page forward: at most this many conversations (0 to 100, default 20)."
      first: Int
      "Page forward: the conversations after this cursor (an endCursor of this list)."
      after: String
      "Page backward: at most this many conversations (0 to 100, default 20), the last ones or those just before before."
      last: Int
      "Page backward: the conversations before this cursor (a startCursor of this list)."
      before: String
    ): ConversationConnection
    "The customer's current score per scoring rule, by rule id; a rule that has no value for the customer is absent."
    scores: [Score!]!
    "The segments the customer is in now, by model then segment."
    segments: [SegmentMembership!]!
    """
    The customer's workflow runs, most recently started first. Null only with an error on this
    field: a page argument out of range or a cursor of another list (BAD_USER_INPUT).
    """
    workflowRuns(
      "Page forward: at most this many runs (0 to 100, default 20)."
      first: Int
      "Page forward: the runs after this cursor (an endCursor of this list)."
      after: String
      "Page backward: at most this many runs (0 to 100, default 20), the last ones or those just before before."
      last: Int
      "Page backward: the runs before this cursor (a startCursor of this list)."
      before: String
    ): WorkflowRunConnection
  }

  "A customer's handle on a channel that addresses people by handle (chat, messenger, twitter)."
  type Handle {
    "The channel id, e.g. chat."
    channel: String!
    "The customer's id on that channel (a visitor id, a page-scoped id, @name)."
    handle: String!
  }

  "Something that happened with a customer on a channel: a message, a call, a survey answer, a purchase, a note."
  type Interaction implements Node @requiresScope(scope: "interactions:read") {
    "The interaction's global id."
    id: ID!
    "The customer it happened with."
    customer: Customer!
    "The conversation it belongs to; null when it is in none (e.g. an INTERNAL note recorded while no conversation was open)."
    conversation: Conversation
    "The channel id, e.g. email, sms, chat, web."
    channel: String!
    "INBOUND from the customer, OUTBOUND to them, INTERNAL between agents (notes)."
    direction: Direction!
    "What it is: message, call, survey_response, purchase, note, or a plugin's own type."
    type: String!
    "The subject line, for channels that have one (email)."
    subject: String
    "The message text or a call's transcript; null when there is none."
    text: String
    "When it happened (defaults to when it was recorded)."
    occurredAt: DateTime!
    "The provider's id of it (an email's Message-ID, Twilio's MessageSid); unique per channel."
    externalId: String
    "Details as a JSON object: a survey answer { csat: 1..5 } or { nps: 0..10 }, a purchase { amount, currency }, a call's status and duration. {} when none."
    metadata: JSON!
    "Where an outbound message is on its way to the customer, as the provider reports it; null for what no channel delivered."
    delivery: Delivery
  }

  "An outbound message's delivery status. It only moves forward: QUEUED, SENT, FAILED, DELIVERED, READ."
  type Delivery {
    "The furthest status the provider reported."
    status: DeliveryStatus!
    "When the status last moved."
    updatedAt: DateTime!
    "The provider's error, for FAILED."
    error: String
  }

  "How far an outbound message got; a status never moves back (a late DELIVERED after READ is ignored)."
  enum DeliveryStatus {
    "Handed to the provider, which has not confirmed the send yet (or reported no status)."
    QUEUED
    "The provider sent it on."
    SENT
    "The provider reports it delivered to the customer's device or inbox."
    DELIVERED
    "The customer opened it, on channels with read receipts (WhatsApp, Messenger)."
    READ
    "The provider could not deliver it; see Delivery.error."
    FAILED
  }

  "When a channel with a reply window (WhatsApp: 24 hours) stops taking free-form messages to the customer."
  type ReplyWindow {
    "The channel id, e.g. whatsapp."
    channel: String!
    "The customer's last message on the channel plus the window; null if they never wrote on it."
    closesAt: DateTime
    "Whether free-form messages can be sent now; when false, only templates."
    open: Boolean!
  }

  "A thread of interactions with one customer, open until it is resolved."
  type Conversation implements Node {
    "The conversation's global id."
    id: ID!
    "The customer it is with."
    customer: Customer!
    "OPEN or RESOLVED. A resolved conversation is never joined again: a new message after resolution opens a new one."
    status: ConversationStatus!
    "Every channel id used in it."
    channels: [String!]!
    "When it was opened (its first interaction)."
    openedAt: DateTime!
    "When an agent or bot first answered the customer; null while nobody has."
    firstResponseAt: DateTime
    "When it was resolved; null while open."
    resolvedAt: DateTime
    """
    The conversation's interactions, oldest first (by occurredAt, then id), unless newestFirst.
    Needs interactions:read. Null only with an error on this field: a page argument out of range or
    a cursor of another list (BAD_USER_INPUT).
    """
    interactions(
      "Page forward: at most this many interactions (0 to 100, default 20)."
      first: Int
      "Page forward: the interactions after this cursor (an endCursor of this list)."
      after: String
      "Page backward: at most this many interactions (0 to 100, default 20), the last ones or those just before before."
      last: Int
      "Page backward: the interactions before this cursor (a startCursor of this list)."
      before: String
      "true: newest first."
      newestFirst: Boolean = false
    ): InteractionConnection @requiresScope(scope: "interactions:read")
    "The channel of the interaction that opened the conversation."
    openedChannel: String!
    "When something last happened in it (its latest interaction); the inbox orders by it."
    lastActivityAt: DateTime!
    "From the customer's first message to the first reply, in milliseconds."
    firstResponseTimeMs: Float
    "From opening to resolution, in milliseconds."
    resolutionTimeMs: Float
    "The reply windows of the channels that have one, among the conversation's channels and those the customer wrote on."
    replyWindows: [ReplyWindow!]!
  }

  "A customer's current value for one scoring rule."
  type Score {
    "The scoring rule's id (contributes.scoringRules[].id), e.g. csat, nps, churn."
    rule: ID!
    "The value, on the rule's own scale (csat: 0 to 100, nps: -100 to 100; see the plugin's README)."
    value: Float!
    "A short label the rule gives the value (e.g. promoter), if any."
    label: String
    "Why the value is what it is, for a person to read; null when the rule gives none."
    explanation: String
    "When the value was last computed."
    computedAt: DateTime!
  }

  "That a customer is in a segment now."
  type SegmentMembership {
    "The segment's id within its model, e.g. loyal."
    segment: ID!
    "The segmentation model's id, e.g. lifecycle, or rules for a segment defined by defineSegment."
    model: ID!
    "When the customer entered the segment."
    since: DateTime!
  }

  "Who an interaction goes from and to."
  enum Direction {
    "From the customer."
    INBOUND
    "To the customer, from an agent, a bot or a workflow."
    OUTBOUND
    "Between the team only (notes, hand-off notices); the customer never sees it."
    INTERNAL
  }

  "Whether a conversation waits for work."
  enum ConversationStatus {
    "Not resolved yet."
    OPEN
    "Resolved; a new message opens a new conversation."
    RESOLVED
  }
`;
