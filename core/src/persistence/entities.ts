import { EntitySchema } from '@mikro-orm/core';

/*
 * The core's tables, as MikroORM EntitySchemas (no decorators: tsx and vitest emit no decorator
 * metadata). Foreign keys are plain id columns rather than ORM relations: every read path here is
 * an explicit, batched query, and the ingest path inserts without loading references first.
 * The DDL lives in the migrations (persistence/migrations), never in schema sync.
 */

export interface CustomerRow {
  id: string;
  displayName: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customers',
  properties: {
    id: { type: 'string', primary: true, length: 36 },
    displayName: { type: 'string', nullable: true, fieldName: 'display_name' },
    attributes: { type: 'json' },
    createdAt: { type: 'datetime', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', fieldName: 'updated_at' },
  },
});

/** `email`, `phone`, or `handle` (with the channel it belongs to). */
export type IdentityKind = 'email' | 'phone' | 'handle';

export interface IdentityRow {
  id: string;
  customerId: string;
  kind: IdentityKind;
  /** The channel of a handle; empty for emails and phones, so the unique key covers them too. */
  channel: string;
  value: string;
  createdAt: Date;
}

export const IdentityEntity = new EntitySchema<IdentityRow>({
  name: 'CustomerIdentity',
  tableName: 'customer_identities',
  properties: {
    id: { type: 'string', primary: true, length: 36 },
    customerId: { type: 'string', length: 36, fieldName: 'customer_id', index: 'customer_identities_customer_id_index' },
    kind: { type: 'string', length: 16 },
    channel: { type: 'string', length: 64 },
    value: { type: 'string' },
    createdAt: { type: 'datetime', fieldName: 'created_at' },
  },
  uniques: [{ name: 'customer_identities_identity_unique', properties: ['kind', 'channel', 'value'] }],
});

export type ConversationStatus = 'OPEN' | 'RESOLVED';

export interface ConversationRow {
  id: string;
  customerId: string;
  status: ConversationStatus;
  threadKey: string | null;
  /** The channel of the interaction that opened the conversation. */
  openedChannel: string;
  channels: string[];
  openedAt: Date;
  /** When the customer first wrote in this conversation; first response time counts from here. */
  firstInboundAt: Date | null;
  lastActivityAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /** `BOT` while {@link bot} answers, `HUMAN` otherwise. */
  handler: ConversationHandlerValue;
  /** The bot that answers (or answered, before a hand-off), when a bot was put on the channel. */
  bot: string | null;
  /** The agent it is assigned to. */
  assigneeId: string | null;
  /** The customer's oldest message nobody answered yet; null when nobody is waiting. */
  waitingSince: Date | null;
}

export type ConversationHandlerValue = 'BOT' | 'HUMAN';

export const ConversationEntity = new EntitySchema<ConversationRow>({
  name: 'Conversation',
  tableName: 'conversations',
  properties: {
    id: { type: 'string', primary: true, length: 36 },
    customerId: { type: 'string', length: 36, fieldName: 'customer_id' },
    status: { type: 'string', length: 16 },
    threadKey: { type: 'string', nullable: true, fieldName: 'thread_key' },
    openedChannel: { type: 'string', length: 64, fieldName: 'opened_channel' },
    channels: { type: 'json' },
    openedAt: { type: 'datetime', fieldName: 'opened_at' },
    firstInboundAt: { type: 'datetime', nullable: true, fieldName: 'first_inbound_at' },
    lastActivityAt: { type: 'datetime', fieldName: 'last_activity_at' },
    firstResponseAt: { type: 'datetime', nullable: true, fieldName: 'first_response_at' },
    resolvedAt: { type: 'datetime', nullable: true, fieldName: 'resolved_at' },
    handler: { type: 'string', length: 8, default: 'HUMAN' },
    bot: { type: 'string', nullable: true },
    assigneeId: { type: 'string', length: 36, nullable: true, fieldName: 'assignee_id' },
    waitingSince: { type: 'datetime', nullable: true, fieldName: 'waiting_since' },
  },
  indexes: [
    { name: 'conversations_customer_status_index', properties: ['customerId', 'status'] },
    { name: 'conversations_customer_thread_index', properties: ['customerId', 'threadKey'] },
  ],
});

export type DirectionValue = 'INBOUND' | 'OUTBOUND' | 'INTERNAL';

export interface InteractionRow {
  id: string;
  customerId: string;
  conversationId: string | null;
  channel: string;
  direction: DirectionValue;
  type: string;
  subject: string | null;
  text: string | null;
  occurredAt: Date;
  externalId: string | null;
  threadKey: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export const InteractionEntity = new EntitySchema<InteractionRow>({
  name: 'Interaction',
  tableName: 'interactions',
  properties: {
    id: { type: 'string', primary: true, length: 36 },
    customerId: { type: 'string', length: 36, fieldName: 'customer_id' },
    conversationId: { type: 'string', length: 36, nullable: true, fieldName: 'conversation_id' },
    channel: { type: 'string', length: 64 },
    direction: { type: 'string', length: 16 },
    type: { type: 'string', length: 64 },
    subject: { type: 'text', nullable: true },
    text: { type: 'text', nullable: true },
    occurredAt: { type: 'datetime', fieldName: 'occurred_at' },
    externalId: { type: 'string', nullable: true, fieldName: 'external_id' },
    threadKey: { type: 'string', nullable: true, fieldName: 'thread_key' },
    metadata: { type: 'json' },
    createdAt: { type: 'datetime', fieldName: 'created_at' },
  },
  indexes: [
    { name: 'interactions_customer_occurred_index', properties: ['customerId', 'occurredAt'] },
    { name: 'interactions_conversation_occurred_index', properties: ['conversationId', 'occurredAt'] },
  ],
  uniques: [{ name: 'interactions_channel_external_id_unique', properties: ['channel', 'externalId'] }],
});

export interface ScoreRow {
  customerId: string;
  rule: string;
  value: number;
  label: string | null;
  explanation: string | null;
  computedAt: Date;
}

export const ScoreEntity = new EntitySchema<ScoreRow>({
  name: 'Score',
  tableName: 'scores',
  properties: {
    customerId: { type: 'string', length: 36, primary: true, fieldName: 'customer_id' },
    rule: { type: 'string', length: 64, primary: true },
    value: { type: 'double' },
    label: { type: 'string', nullable: true },
    explanation: { type: 'text', nullable: true },
    computedAt: { type: 'datetime', fieldName: 'computed_at' },
  },
});

export interface SegmentMembershipRow {
  customerId: string;
  model: string;
  segment: string;
  since: Date;
}

export const SegmentMembershipEntity = new EntitySchema<SegmentMembershipRow>({
  name: 'SegmentMembership',
  tableName: 'segment_memberships',
  properties: {
    customerId: { type: 'string', length: 36, primary: true, fieldName: 'customer_id' },
    model: { type: 'string', length: 64, primary: true },
    segment: { type: 'string', length: 64, primary: true },
    since: { type: 'datetime' },
  },
  indexes: [{ name: 'segment_memberships_segment_index', properties: ['model', 'segment'] }],
});

export interface StoredValueRow {
  namespace: string;
  key: string;
  value: unknown;
  updatedAt: Date;
}

export const StoredValueEntity = new EntitySchema<StoredValueRow>({
  name: 'StoredValue',
  tableName: 'plugin_storage',
  properties: {
    namespace: { type: 'string', length: 214, primary: true },
    key: { type: 'string', length: 512, primary: true },
    value: { type: 'json' },
    updatedAt: { type: 'datetime', fieldName: 'updated_at' },
  },
});

export const CORE_ENTITIES = [
  CustomerEntity,
  IdentityEntity,
  ConversationEntity,
  InteractionEntity,
  ScoreEntity,
  SegmentMembershipEntity,
  StoredValueEntity,
];
