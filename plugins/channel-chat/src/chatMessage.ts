import type { Interaction } from '@rapport/sdk';

/** The chat channel's id, as declared in `contributes.channels`. */
export const CHAT_CHANNEL = 'chat';

/** Who a message shown in the widget is from: `data-direction` of its element. */
export type MessageDirection = 'visitor' | 'agent' | 'bot';

/** A message as the visitor API sends it to the widget. */
export interface ChatMessage {
  /**
   * Stable across the live push and the database: `<channel>:<externalId>`, or the interaction's
   * id when it has no external id. The widget de-duplicates by it.
   */
  id: string;
  /** Where the message sits in the history: pass it as `after` to fetch what came later. */
  cursor?: string;
  direction: MessageDirection;
  /** The channel it was written on (`chat`, or `email` after an identify joined the two). */
  channel: string;
  text: string;
  subject?: string;
  occurredAt: string;
  /** The bot's display name, for bot messages. */
  botName?: string;
}

/** The key of a message on a channel, as {@link ChatMessage.id}. */
export function messageKey(channel: string, externalId: string): string {
  return `${channel}:${externalId}`;
}

/** The widget's view of an INBOUND or OUTBOUND interaction. */
export function toChatMessage(interaction: Interaction): ChatMessage {
  const bot = interaction.direction === 'OUTBOUND' && typeof interaction.metadata.bot === 'string';
  return {
    id: interaction.externalId ? messageKey(interaction.channel, interaction.externalId) : interaction.id,
    cursor: cursorOf(interaction),
    direction: interaction.direction === 'INBOUND' ? 'visitor' : bot ? 'bot' : 'agent',
    channel: interaction.channel,
    text: interaction.text ?? '',
    ...(interaction.subject && { subject: interaction.subject }),
    occurredAt: interaction.occurredAt.toISOString(),
    ...(bot && typeof interaction.metadata.botName === 'string' && { botName: interaction.metadata.botName }),
  };
}

/** A position in a history: the message's time in milliseconds and its interaction id. */
export interface Cursor {
  at: number;
  id: string;
}

/** The opaque `after` cursor of an interaction: `<epoch ms>.<interaction id>`. */
export function cursorOf(interaction: Pick<Interaction, 'occurredAt' | 'id'>): string {
  return `${interaction.occurredAt.getTime()}.${interaction.id}`;
}

/** The cursor in an `after` parameter, or undefined when it is not one this API gave out. */
export function parseCursor(value: string | null | undefined): Cursor | undefined {
  const match = value ? /^(\d{1,15})\.([A-Za-z0-9-]{1,64})$/.exec(value) : null;
  return match ? { at: Number(match[1]), id: match[2]! } : undefined;
}

/**
 * Whether an interaction comes after the cursor. Interactions recorded in the same millisecond
 * as the cursor's count as later (except the cursor's own): ids give no order in time, and the
 * widget drops what it already has.
 */
export function isAfter(interaction: Pick<Interaction, 'occurredAt' | 'id'>, cursor: Cursor | undefined): boolean {
  if (!cursor) return true;
  const at = interaction.occurredAt.getTime();
  return at > cursor.at || (at === cursor.at && interaction.id !== cursor.id);
}
