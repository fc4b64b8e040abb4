import type { ConversationRow, InteractionRow } from './entities.js';
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
  };
}

/** An `interactions` row read with plain SQL, as the entity shape. */
export function readInteractionRow(row: Record<string, unknown>): InteractionRow {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    conversationId: (row.conversation_id as string | null) ?? null,
    channel: String(row.channel),
    direction: row.direction as InteractionRow['direction'],
    type: String(row.type),
    subject: (row.subject as string | null) ?? null,
    text: (row.text as string | null) ?? null,
    occurredAt: SqlSession.readDate(row.occurred_at)!,
    externalId: (row.external_id as string | null) ?? null,
    threadKey: (row.thread_key as string | null) ?? null,
    metadata: SqlSession.readJson<Record<string, unknown>>(row.metadata),
    createdAt: SqlSession.readDate(row.created_at)!,
  };
}
