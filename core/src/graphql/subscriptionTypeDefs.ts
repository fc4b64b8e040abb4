/**
 * The subscriptions (docs/graphql-subscriptions.md): what an inbox listens to, over graphql-ws
 * (WebSocket on /graphql), graphql-sse (/graphql/stream) or SSE on /graphql. Each field needs the
 * read scope of the query that reads the same objects.
 */
export const subscriptionTypeDefs = /* GraphQL */ `
  """
  What can be listened to. Events arrive in the order the server publishes them, each once per
  subscriber, from whichever instance handled it (Redis fan-out when redis.url is configured). A
  subscriber that reads too slowly loses its oldest pending events (at most 256 wait for it).
  """
  type Subscription {
    "Every recorded interaction, or only those of one customer; needs interactions:read."
    interactionRecorded(
      "Only this customer's interactions (a Customer id; the id of a customer merged away means the survivor)."
      customerId: ID
    ): Interaction! @requiresScope(scope: "interactions:read")
    """
    A conversation was opened (or reopened), resolved, assigned or unassigned, or handed off from its
    bot to people; needs customers:read, like conversation(id).
    """
    conversationChanged(
      "Only changes after which the conversation has this status: RESOLVED gives only resolutions."
      status: ConversationStatus
    ): ConversationChange! @requiresScope(scope: "customers:read")
    """
    A customer's scores, segment memberships or details changed, or another customer was merged into
    them; needs customers:read, like customer(id).
    """
    customerChanged(
      "Only this customer's changes (a Customer id; a malformed one is BAD_USER_INPUT; the id of a customer merged away means the survivor)."
      id: ID
    ): CustomerChange! @requiresScope(scope: "customers:read")
  }

  "What happened to a conversation."
  enum ConversationChangeKind {
    "It was opened by a customer's first message, or reopened (conversation.opened)."
    OPENED
    "It was resolved (conversation.resolved)."
    RESOLVED
    "It was assigned to an agent, or unassigned: see conversation.assignee (conversation.assigned)."
    ASSIGNED
    "Its bot handed it to people: see reason (conversation.handed_off)."
    HANDED_OFF
  }

  "One change of a conversation, as conversationChanged delivers it."
  type ConversationChange {
    "The event's id: the same if the event reaches a subscriber twice, so clients can drop repeats."
    eventId: ID!
    "What changed."
    kind: ConversationChangeKind!
    "The conversation's status after the change."
    status: ConversationStatus!
    "The conversation as it is when the change is delivered; select any of its fields."
    conversation: Conversation!
    "When the change happened."
    at: DateTime!
    "HANDED_OFF: why the bot handed the conversation over, for a person to read; null otherwise."
    reason: String
  }

  "What changed about a customer."
  enum CustomerChangeKind {
    "A scoring rule gave a new value: see rule, value and previousValue (score.changed)."
    SCORE_CHANGED
    "The customer entered a segment: see model and segment (segment.entered)."
    SEGMENT_ENTERED
    "The customer left a segment: see model and segment (segment.left)."
    SEGMENT_LEFT
    "The customer's details, identities or attributes changed (customer.updated)."
    UPDATED
    "Another customer was merged into this one: see mergedCustomerId (customer.merged)."
    MERGED
  }

  "One change of a customer, as customerChanged delivers it."
  type CustomerChange {
    "The event's id: the same if the event reaches a subscriber twice, so clients can drop repeats."
    eventId: ID!
    "What changed."
    kind: CustomerChangeKind!
    "The customer as they are when the change is delivered; select any of their fields."
    customer: Customer!
    "When the change happened."
    at: DateTime!
    "SCORE_CHANGED: the scoring rule's id, e.g. csat; null otherwise."
    rule: ID
    "SCORE_CHANGED: the new value; null otherwise."
    value: Float
    "SCORE_CHANGED: the value before, null for the rule's first one (and for other kinds)."
    previousValue: Float
    "SEGMENT_ENTERED, SEGMENT_LEFT: the segmentation model's id, e.g. lifecycle, or rules; null otherwise."
    model: ID
    "SEGMENT_ENTERED, SEGMENT_LEFT: the segment's id within its model, e.g. loyal; null otherwise."
    segment: ID
    "MERGED: the id of the customer merged away (it now resolves to this customer); null otherwise."
    mergedCustomerId: ID
  }
`;
