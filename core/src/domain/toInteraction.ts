import type { Interaction } from '@rapport/sdk';
import type { InteractionRow } from '../persistence/entities.js';

/** The public Interaction of a row. */
export function toInteraction(row: InteractionRow): Interaction {
  return {
    id: row.id,
    customerId: row.customerId,
    conversationId: row.conversationId ?? null,
    channel: row.channel,
    direction: row.direction,
    type: row.type,
    subject: row.subject ?? null,
    text: row.text ?? null,
    occurredAt: row.occurredAt,
    externalId: row.externalId ?? null,
    metadata: { ...row.metadata },
  };
}
