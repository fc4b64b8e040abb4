/**
 * The schema of access control, audit, privacy and bulk import (contract §9; docs/security.md).
 * Kept beside the core schema (typeDefs.ts) and parsed with it; the scope each field needs is on
 * the field, read by access/fieldScopes.ts.
 */
export const securityTypeDefs = /* GraphQL */ `
  "What kind of actor acted."
  enum ActorKind {
    "A person signed in with login."
    USER
    "A request with an API key."
    API_KEY
    "A plugin, writing through its context."
    PLUGIN
    "The core itself (sweeps, workflows, the demo seeder)."
    SYSTEM
  }

  "A role: a named set of scopes (docs/security.md)."
  enum Role {
    "Every scope."
    ADMIN
    "Every scope but plugins:manage, audit:read, privacy:manage and access:manage."
    AGENT
    "Only the :read scopes."
    VIEWER
  }

  "Who acted: a signed-in user, an API key, a plugin or the system."
  type Actor @authenticated {
    "What kind of actor it is."
    kind: ActorKind!
    "The user's id, the API key's name, the plugin's package name, or system."
    id: ID!
    "A name to show: the user's display name or email, the key's or plugin's name; null when there is none."
    name: String
    "For me: the caller's role, when it has one."
    role: Role
    "For me: the scopes the caller holds; empty for actors of the audit log."
    scopes: [String!]!
  }

  "A person who signs in with login."
  type User @authenticated {
    "The user's id (Conversation.assignee, assignConversation(userId:))."
    id: ID!
    "The email the user signs in with, lower case."
    email: String!
    "The name to show; null when none was given."
    displayName: String
    "What the user may do."
    role: Role!
    "When the user was created."
    createdAt: DateTime!
    "When an admin deactivated the user (deactivateUser): they cannot sign in and their sessions are refused. Null while active."
    disabledAt: DateTime
  }

  "A session from login; send its token as Authorization: Bearer <token>."
  type Session @authenticated {
    "The session's bearer token; keep it secret."
    token: String!
    "When the token stops working; log in again then."
    expiresAt: DateTime!
    "The user signed in."
    user: User!
  }

  "An API key. Its secret is stored hashed and shown once, when it is created."
  type ApiKey @requiresScope(scope: "access:manage") {
    "The key's name, unique; revokeApiKey(name:) takes it."
    name: ID!
    "The key's role, or null when it has explicit scopes."
    role: Role
    "The scopes the key holds: its role's, or the explicit list."
    scopes: [String!]!
    "The first characters of the token, to recognise it (rk_abcd…)."
    prefix: String!
    "When the key was created."
    createdAt: DateTime!
    "When a request last used the key; null when none has."
    lastUsedAt: DateTime
    "When the key was revoked; null while it works."
    revokedAt: DateTime
  }

  "A new API key and its secret, returned once by createApiKey."
  type CreatedApiKey @requiresScope(scope: "access:manage") {
    "The secret, shown this once: store it now."
    token: String!
    "The key as listed by apiKeys."
    apiKey: ApiKey!
  }

  "Give a role, or an explicit list of scopes."
  input CreateApiKeyInput {
    "A unique name for the key, e.g. the service that uses it."
    name: String!
    "The key's role; give this or scopes."
    role: Role
    "The key's scopes (docs/security.md), e.g. [\\"customers:read\\"]; give this or role."
    scopes: [String!]
  }

  "A new user."
  input CreateUserInput {
    "The email the user signs in with; unique."
    email: String!
    "The name to show."
    displayName: String
    "What the user may do; agents get conversations assigned."
    role: Role!
    "At least 12 characters."
    password: String!
  }

  "One entry of the tamper-evident audit log."
  type AuditEvent implements Node @requiresScope(scope: "audit:read") {
    "The event's global id."
    id: ID!
    "When the change was made."
    at: DateTime!
    "Who made it."
    actor: Actor!
    "<noun>.<verb>, such as customer.update or apiKey.create."
    action: String!
    "The type of what was changed (Customer, Conversation, ApiKey, …); null when nothing in particular."
    targetType: String
    "The id of what was changed: a global id for the API's node types, else the name or id as stored."
    targetId: ID
    "The fields before and after: { field: { before, after } }."
    changes: JSON
    "The id of the HTTP request that made the change (its x-request-id), to find it in the logs."
    requestId: String
  }

  "One audit event of a page, with its cursor."
  type AuditEventEdge @requiresScope(scope: "audit:read") {
    "This event's place in the list, for after or before."
    cursor: String!
    "The event."
    node: AuditEvent!
  }
  "A page of audit events."
  type AuditEventConnection @requiresScope(scope: "audit:read") {
    "The events of the page, newest first."
    edges: [AuditEventEdge!]!
    "Where the page sits in the list."
    pageInfo: PageInfo!
    "How many events the whole list holds."
    totalCount: Int!
  }

  extend type Query {
    "The caller."
    me: Actor! @authenticated
    "Every API key, revoked ones included, by name."
    apiKeys: [ApiKey!]! @requiresScope(scope: "access:manage")
    "Every user."
    users: [User!]! @requiresScope(scope: "access:manage")
    "The audit log, newest first (by at, then id); each filter narrows it."
    auditEvents(
      "Page forward: at most this many events (0 to 100, default 20)."
      first: Int
      "Page forward: the events after this cursor (an endCursor of this list, with the same filters)."
      after: String
      "Page backward: at most this many events (0 to 100, default 20), the oldest ones or those just before before."
      last: Int
      "Page backward: the events before this cursor (a startCursor of this list, with the same filters)."
      before: String
      "Only this action, e.g. customer.update."
      action: String
      "Only events by this actor: a user's id, an API key's name, a plugin's package name, or system."
      actorId: ID
      "Only events about this target: a global id, or a name as AuditEvent.targetId shows it."
      targetId: ID
      "Only events at or after this time (inclusive)."
      from: DateTime
      "Only events before this time (exclusive)."
      to: DateTime
    ): AuditEventConnection! @requiresScope(scope: "audit:read")
    "Everything stored about the customer, plugins' data included, as one JSON document."
    exportCustomer("The customer's global id." id: ID!): JSON! @requiresScope(scope: "privacy:manage")
  }

  extend type Mutation {
    "Signs a user in: a session whose token goes in Authorization: Bearer <token>. A wrong email or password is UNAUTHENTICATED."
    login("The user's email." email: String!, "The user's password." password: String!): Session! @anonymous
    "Ends the caller's session at once; false for an API key, which is revoked instead."
    logout: Boolean! @authenticated
    "Creates an API key; its token is in the answer, and only there."
    createApiKey("The key's name and its role or scopes." input: CreateApiKeyInput!): CreatedApiKey! @requiresScope(scope: "access:manage")
    "Refuses the key from now on, on every instance."
    revokeApiKey("The key's name." name: ID!): Boolean! @requiresScope(scope: "access:manage")
    "Creates a user who signs in with login."
    createUser("The user's email, name, role and password." input: CreateUserInput!): User! @requiresScope(scope: "access:manage")
    """
    Deactivates a user: their sessions end at once on every instance, they cannot sign in, and
    round-robin assignment skips them. The user is kept, so the audit log and past assignments
    still name them; reactivateUser undoes it.
    """
    deactivateUser("The user's id (User.id)." id: ID!): User! @requiresScope(scope: "access:manage")
    "Lets a deactivated user sign in again; they are not available for round-robin until they say so (setAvailability)."
    reactivateUser("The user's id (User.id)." id: ID!): User! @requiresScope(scope: "access:manage")
    "Up to 500 at once, each idempotent on (channel, externalId) as recordInteraction is."
    recordInteractions("The interactions, 1 to 500, recorded in this order." inputs: [RecordInteractionInput!]!): [Interaction!]! @requiresScope(scope: "interactions:write")
    "Removes the customer's personal data everywhere; the id is NOT_FOUND afterwards."
    eraseCustomer("The customer's global id." id: ID!): Boolean! @requiresScope(scope: "privacy:manage")
  }
`;
