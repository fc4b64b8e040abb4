/**
 * The schema of outbound webhooks (contract §14; docs/webhooks.md). Kept beside the core schema
 * (typeDefs.ts) and parsed with it; every field needs access:manage.
 */
export const webhookTypeDefs = /* GraphQL */ `
  "Where a webhook delivery stands."
  enum WebhookDeliveryStatus {
    "Not sent yet, or waiting for its next retry."
    PENDING
    "The endpoint answered 2xx."
    SUCCEEDED
    "Given up: every retry failed, or the endpoint answered 410 Gone."
    FAILED
  }

  "An HTTPS (or HTTP) endpoint that receives Rapport's events, signed as Standard Webhooks says."
  type WebhookEndpoint @requiresScope(scope: "access:manage") {
    "The endpoint's id."
    id: ID!
    "Where events are POSTed."
    url: String!
    "The event types it receives: exact types (conversation.resolved, acme.tier.changed), prefixes (conversation.*) or * for all."
    events: [String!]!
    "What the endpoint is for; null when none was given."
    description: String
    "Whether events are sent to it; a 410 Gone or five days of failures disable it, setWebhookEndpointEnabled enables it again."
    enabled: Boolean!
    "Why it was disabled; null while enabled."
    disabledReason: String
    "Until when the previous secret signs alongside the current one after rotateWebhookSecret; null when it no longer does."
    previousSecretExpiresAt: DateTime
    "When the endpoint was created."
    createdAt: DateTime!
    "Its deliveries, newest first: one per event sent to it (redeliveries and test events included)."
    deliveries(
      "At most this many deliveries (0 to 100, default 20)."
      first: Int
      "The deliveries after this cursor (an endCursor of this list)."
      after: String
    ): WebhookDeliveryConnection!
  }

  "A new endpoint, or one with a new secret, and the secret: returned by createWebhookEndpoint and rotateWebhookSecret only."
  type CreatedWebhookEndpoint @requiresScope(scope: "access:manage") {
    "The endpoint."
    endpoint: WebhookEndpoint!
    "The signing secret (whsec_…), shown this once: give it to the receiver, which verifies webhook-signature with it."
    secret: String!
  }

  "One event for one endpoint, with its attempts."
  type WebhookDelivery @requiresScope(scope: "access:manage") {
    "The delivery's id (redeliverWebhook takes it)."
    id: ID!
    "The webhook-id header: the event's id, the same on every attempt and redelivery, for receivers to deduplicate."
    eventId: String!
    "The event's type, e.g. conversation.resolved or webhook.test."
    eventType: String!
    "Where it stands."
    status: WebhookDeliveryStatus!
    "How many attempts were made."
    attempts: Int!
    "The HTTP status of the last attempt; null when it got no response or none was made."
    responseStatus: Int
    "When the next attempt is due; null once the delivery succeeded or failed."
    nextAttemptAt: DateTime
    "Why the last attempt failed (an HTTP status, a timeout, a refused address); null when it succeeded."
    lastError: String
    "The body sent, as JSON: { type, timestamp, data }."
    payload: JSON!
    "The delivery this one sends again, when it is a redelivery."
    redeliveryOf: ID
    "When the delivery was recorded."
    createdAt: DateTime!
    "Every attempt, oldest first: status, duration, the start of the response body."
    attemptLog: [WebhookAttempt!]!
  }

  "One attempt of a delivery."
  type WebhookAttempt @requiresScope(scope: "access:manage") {
    "When it was made."
    at: DateTime!
    "How long it took, in milliseconds."
    durationMs: Int!
    "The HTTP status answered; null when there was no response."
    responseStatus: Int
    "The response body, cut to its first 1 KB."
    responseBody: String
    "Why there was no response (a timeout, a refused connection, a refused address); null when there was one."
    error: String
  }

  "One delivery of a page, with its cursor."
  type WebhookDeliveryEdge @requiresScope(scope: "access:manage") {
    "This delivery's place in the list, for after."
    cursor: String!
    "The delivery."
    node: WebhookDelivery!
  }

  "A page of an endpoint's deliveries."
  type WebhookDeliveryConnection @requiresScope(scope: "access:manage") {
    "The deliveries of the page, newest first."
    edges: [WebhookDeliveryEdge!]!
    "Where the page sits in the list."
    pageInfo: PageInfo!
    "How many deliveries the endpoint has."
    totalCount: Int!
  }

  "A new webhook endpoint."
  input CreateWebhookEndpointInput {
    "An absolute https:// (or http://) URL; loopback and private addresses are refused unless webhooks.allowPrivateAddresses is set."
    url: String!
    "The event types to send: exact types, prefixes such as conversation.*, or * for every event."
    events: [String!]!
    "What the endpoint is for, up to 500 characters."
    description: String
  }

  extend type Query {
    "Every webhook endpoint, oldest first."
    webhookEndpoints: [WebhookEndpoint!]! @requiresScope(scope: "access:manage")
    "One webhook endpoint, or null when there is none with this id."
    webhookEndpoint("The endpoint's id." id: ID!): WebhookEndpoint @requiresScope(scope: "access:manage")
  }

  extend type Mutation {
    "Registers an endpoint; its signing secret is in the answer, and only there."
    createWebhookEndpoint("The URL, the event types and a description." input: CreateWebhookEndpointInput!): CreatedWebhookEndpoint! @requiresScope(scope: "access:manage")
    "Removes an endpoint with its deliveries and their log."
    deleteWebhookEndpoint("The endpoint's id." id: ID!): Boolean! @requiresScope(scope: "access:manage")
    "A new signing secret, shown this once; the previous one keeps signing alongside for webhooks.secretOverlap (24 h by default)."
    rotateWebhookSecret("The endpoint's id." id: ID!): CreatedWebhookEndpoint! @requiresScope(scope: "access:manage")
    "Enables a disabled endpoint (its pending deliveries resume) or disables one."
    setWebhookEndpointEnabled("The endpoint's id." id: ID!, "True to send events to it, false to stop." enabled: Boolean!): WebhookEndpoint! @requiresScope(scope: "access:manage")
    "Sends a delivery's event again, as a new delivery with the same body and webhook-id."
    redeliverWebhook("The delivery's id." deliveryId: ID!): WebhookDelivery! @requiresScope(scope: "access:manage")
    "Sends a webhook.test event to the endpoint, to check that it receives and verifies."
    sendTestWebhook("The endpoint's id." id: ID!): WebhookDelivery! @requiresScope(scope: "access:manage")
  }
`;
