/**
 * The schema of access control, audit, privacy and bulk import (contract §9; docs/security.md).
 * Kept beside the core schema (typeDefs.ts) and parsed with it; the scope each field needs is on
 * the field, read by access/fieldScopes.ts.
 */
export const securityTypeDefs = /* GraphQL */ `
  enum ActorKind {
    USER
    API_KEY
    PLUGIN
    SYSTEM
  }

  enum Role {
    ADMIN
    AGENT
    VIEWER
  }

  "Who acted: a signed-in user, an API key, a plugin or the system."
  type Actor @authenticated {
    kind: ActorKind!
    "The user's id, the API key's name, the plugin's package name, or system."
    id: ID!
    name: String
    "For me: the caller's role, when it has one."
    role: Role
    "For me: the scopes the caller holds; empty for actors of the audit log."
    scopes: [String!]!
  }

  "A person who signs in with login."
  type User @authenticated {
    id: ID!
    email: String!
    displayName: String
    role: Role!
    createdAt: DateTime!
  }

  "A session from login; send its token as Authorization: Bearer <token>."
  type Session @authenticated {
    token: String!
    expiresAt: DateTime!
    user: User!
  }

  "An API key. Its secret is stored hashed and shown once, when it is created."
  type ApiKey @requiresScope(scope: "access:manage") {
    name: ID!
    "The key's role, or null when it has explicit scopes."
    role: Role
    scopes: [String!]!
    "The first characters of the token, to recognise it (rk_abcd…)."
    prefix: String!
    createdAt: DateTime!
    lastUsedAt: DateTime
    revokedAt: DateTime
  }

  type CreatedApiKey @requiresScope(scope: "access:manage") {
    "The secret, shown this once: store it now."
    token: String!
    apiKey: ApiKey!
  }

  "Give a role, or an explicit list of scopes."
  input CreateApiKeyInput {
    name: String!
    role: Role
    scopes: [String!]
  }

  input CreateUserInput {
    email: String!
    displayName: String
    role: Role!
    "At least 12 characters."
    password: String!
  }

  "One entry of the tamper-evident audit log."
  type AuditEvent implements Node @requiresScope(scope: "audit:read") {
    id: ID!
    at: DateTime!
    actor: Actor!
    "<noun>.<verb>, such as customer.update or apiKey.create."
    action: String!
    targetType: String
    targetId: ID
    "The fields before and after: { field: { before, after } }."
    changes: JSON
    requestId: String
  }

  type AuditEventEdge @requiresScope(scope: "audit:read") {
    cursor: String!
    node: AuditEvent!
  }
  type AuditEventConnection @requiresScope(scope: "audit:read") {
    edges: [AuditEventEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  extend type Query {
    "The caller."
    me: Actor! @authenticated
    apiKeys: [ApiKey!]! @requiresScope(scope: "access:manage")
    users: [User!]! @requiresScope(scope: "access:manage")
    "Newest first; from is inclusive, to exclusive."
    auditEvents(first: Int, after: String, action: String, actorId: ID, targetId: ID, from: DateTime, to: DateTime): AuditEventConnection!
      @requiresScope(scope: "audit:read")
    "Everything stored about the customer, plugins' data included, as one JSON document."
    exportCustomer(id: ID!): JSON! @requiresScope(scope: "privacy:manage")
  }

  extend type Mutation {
    login(email: String!, password: String!): Session! @anonymous
    "Ends the caller's session at once; false for an API key, which is revoked instead."
    logout: Boolean! @authenticated
    createApiKey(input: CreateApiKeyInput!): CreatedApiKey! @requiresScope(scope: "access:manage")
    "Refuses the key from now on, on every instance."
    revokeApiKey(name: ID!): Boolean! @requiresScope(scope: "access:manage")
    createUser(input: CreateUserInput!): User! @requiresScope(scope: "access:manage")
    "Up to 500 at once, each idempotent on (channel, externalId) as recordInteraction is."
    recordInteractions(inputs: [RecordInteractionInput!]!): [Interaction!]! @requiresScope(scope: "interactions:write")
    "Removes the customer's personal data everywhere; the id is NOT_FOUND afterwards."
    eraseCustomer(id: ID!): Boolean! @requiresScope(scope: "privacy:manage")
  }
`;
