import { RapportError, type Interaction, type InteractionChanges, type RecordEvent } from '@rapport/sdk';
import type { AuditEntry } from '../../audit/AuditLog.js';
import type { PendingWrite } from '../CustomerService.js';
import { readInteraction } from '../../persistence/rowReaders.js';
import type { SqlSession } from '../../persistence/SqlSession.js';
import { checkJsonObject, JSON_BOUNDS, salvage } from '../inputRules.js';
import type { CheckedInput } from './checkInput.js';

/** What merging a repeat into its stored record changed, for the ingest to write and announce. */
export interface Merged {
  interaction: Interaction;
  writes: PendingWrite[];
  events: { type: string; payload: object }[];
  audit: AuditEntry | undefined;
}

/**
 * A repeat of a recorded `(channel, externalId)` that carries `merge` (InboundMessage.merge): the
 * stored record, read with its row locked on PostgreSQL (SQLite has one writer), is handed to the
 * plugin's function, and what it returns is applied: the text replaced, the metadata merged key by
 * key (`null` removes a key), the plugin's events published. `undefined` changes nothing.
 */
export async function mergeRecorded(sql: SqlSession, id: string, input: CheckedInput): Promise<Merged> {
  const lock = sql.dialect === 'postgresql' && sql.inTransaction ? ' for update' : '';
  const existing = readInteraction((await sql.one(`select * from interactions where id = ?${lock}`, [id]))!);
  let changes: InteractionChanges | undefined;
  try {
    changes = input.merge!(structuredClone(existing));
  } catch (error) {
    throw new RapportError('NOT_AVAILABLE', `The "${input.channel}" channel plugin could not merge an update into its record: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!changes) return { interaction: existing, writes: [], events: [], audit: undefined };
  const text = typeof changes.text === 'string' ? salvage('text', changes.text) : existing.text;
  const metadata = checkJsonObject(mergedMetadata(existing.metadata, changes.metadata), 'metadata', JSON_BOUNDS.metadata);
  const interaction: Interaction = { ...existing, text, metadata };
  return {
    interaction,
    writes: [{ sql: 'update interactions set text = ?, metadata = ? where id = ?', params: [text, sql.json(metadata), id] }],
    events: recordEvents(changes.events, interaction),
    audit: {
      action: 'interaction.update',
      targetType: 'Interaction',
      targetId: id,
      customerId: existing.customerId,
      // Which fields changed, not what they say: the interaction holds its text and metadata.
      changes: { fields: { before: null, after: [...(text !== existing.text ? ['text'] : []), ...Object.keys(changes.metadata ?? {}).map((key) => `metadata.${key}`)] } },
    },
  };
}

/**
 * A plugin's events published with a record, each payload given the record's ids. The channel's
 * output was checked when it was received (channels/inboundMessages.ts): only its own types.
 */
export function recordEvents(events: readonly RecordEvent[] | undefined, interaction: Interaction): { type: string; payload: object }[] {
  return (events ?? []).map((event) => ({
    type: event.type,
    payload: {
      ...event.payload,
      interactionId: interaction.id,
      customerId: interaction.customerId,
      conversationId: interaction.conversationId,
      channel: interaction.channel,
    },
  }));
}

function mergedMetadata(stored: Record<string, unknown>, patch: Record<string, unknown> | undefined): Record<string, unknown> {
  const merged = { ...stored };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
