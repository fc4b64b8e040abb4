import type { CoreEventPayloads, Interaction } from '@rapport/sdk';
import type { StagedEvent } from '../../events/EventOutbox.js';
import type { InteractionRow } from '../../persistence/entities.js';
import { columnOf } from './interactionTable.js';

/** A recorded interaction and what recording it changed, for the events that follow the commit. */
export interface Recorded {
  interaction: Interaction;
  /** The events written with it (none for a duplicate). */
  staged: StagedEvent[];
}

type RecordedPayload = CoreEventPayloads['interaction.recorded'];
type Field = keyof Interaction & keyof InteractionRow;
/** For each payload key, the fields whose type it takes: a field of another type fails to compile. */
type Sources = { [K in keyof RecordedPayload]: { [F in Field]: Interaction[F] extends RecordedPayload[K] ? F : never }[Field] };

/**
 * The payload of `interaction.recorded` (docs/plugin-context.md#events): each key, and the field of the interaction
 * it holds. Both forms of the payload are built from it: {@link recordedPayload} in process, and
 * {@link RECORDED_PAYLOAD_SQL} in the one-statement path's SQL.
 */
const PAYLOAD_FIELDS = Object.entries({
  interactionId: 'id',
  customerId: 'customerId',
  conversationId: 'conversationId',
  channel: 'channel',
  type: 'type',
  direction: 'direction',
} satisfies Sources) as [keyof RecordedPayload, Field][];

export function recordedPayload(interaction: Interaction): RecordedPayload {
  const payload: Record<string, unknown> = {};
  for (const [key, field] of PAYLOAD_FIELDS) payload[key] = interaction[field];
  return payload as RecordedPayload;
}

/** The columns of `interactions` the payload is built from. */
export const RECORDED_PAYLOAD_COLUMNS = PAYLOAD_FIELDS.map(([, field]) => columnOf(field)).join(', ');

/** The payload as a PostgreSQL jsonb expression over {@link RECORDED_PAYLOAD_COLUMNS} of an inserted row. */
export const RECORDED_PAYLOAD_SQL = `jsonb_build_object(${PAYLOAD_FIELDS.map(([key, field]) => `'${key}', ${columnOf(field)}`).join(', ')})`;
