import type { Interaction } from '@rapport/sdk';
import type { ConversationRow, CustomerRow, IdentityRow, ScoreRow, SegmentMembershipRow } from './entities.js';
import { SqlSession } from './SqlSession.js';

/** A `conversations` row read with plain SQL, as the entity shape. */
export function readConversationRow(row: Record<string, unknown>): ConversationRow {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    status: row.status as ConversationRow['status'],
    threadKey: (row.thread_key as string | null) ?? null,
    openedChannel: String(row.opened_channel),
    channels: SqlSession.readJson<string[]>(row.channels),
    openedAt: SqlSession.readDate(row.opened_at)!,
    lastActivityAt: SqlSession.readDate(row.last_activity_at)!,
    firstInboundAt: SqlSession.readDate(row.first_inbound_at),
    firstResponseAt: SqlSession.readDate(row.first_response_at),
    resolvedAt: SqlSession.readDate(row.resolved_at),
    handler: row.handler === 'BOT' ? 'BOT' : 'HUMAN',
    bot: (row.bot as string | null) ?? null,
    assigneeId: (row.assignee_id as string | null) ?? null,
    waitingSince: SqlSession.readDate(row.waiting_since),
  };
}

/** A `customers` row read with plain SQL, as the entity shape. */
export function readCustomerRow(row: Record<string, unknown>): CustomerRow {
  return {
    id: String(row.id),
    displayName: (row.display_name as string | null) ?? null,
    attributes: SqlSession.readJson<Record<string, unknown>>(row.attributes),
    createdAt: SqlSession.readDate(row.created_at)!,
    updatedAt: SqlSession.readDate(row.updated_at)!,
  };
}

/** A `customer_identities` row read with plain SQL, as the entity shape. */
export function readIdentityRow(row: Record<string, unknown>): IdentityRow {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    kind: row.kind as IdentityRow['kind'],
    channel: String(row.channel),
    value: String(row.value),
    createdAt: SqlSession.readDate(row.created_at)!,
  };
}

/** A `scores` row read with plain SQL, as the entity shape. */
export function readScoreRow(row: Record<string, unknown>): ScoreRow {
  return {
    customerId: String(row.customer_id),
    rule: String(row.rule),
    value: Number(row.value),
    label: (row.label as string | null) ?? null,
    explanation: (row.explanation as string | null) ?? null,
    computedAt: SqlSession.readDate(row.computed_at)!,
  };
}

/** A `segment_memberships` row read with plain SQL, as the entity shape. */
export function readSegmentMembershipRow(row: Record<string, unknown>): SegmentMembershipRow {
  return {
    customerId: String(row.customer_id),
    model: String(row.model),
    segment: String(row.segment),
    since: SqlSession.readDate(row.since)!,
  };
}

/** The columns {@link readInteraction} needs, for a select list. */
export const INTERACTION_COLUMNS = 'id, customer_id, conversation_id, channel, direction, type, subject, text, occurred_at, external_id, metadata';

/**
 * The public Interaction straight from a row of {@link INTERACTION_COLUMNS}, without the entity
 * shape in between: pages of nested interactions are the API's largest reads, and every object
 * and parsed date per row shows in the garbage collector's share of a request.
 */
export function readInteraction(row: Record<string, unknown>): Interaction {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    conversationId: (row.conversation_id as string | null) ?? null,
    channel: String(row.channel),
    direction: row.direction as Interaction['direction'],
    type: String(row.type),
    subject: (row.subject as string | null) ?? null,
    text: (row.text as string | null) ?? null,
    occurredAt: SqlSession.readDate(row.occurred_at)!,
    externalId: (row.external_id as string | null) ?? null,
    metadata: SqlSession.readJson<Record<string, unknown>>(row.metadata),
  };
}
