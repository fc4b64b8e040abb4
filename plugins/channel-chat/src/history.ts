import type { Customer, PluginContext } from '@rapport/sdk';
import { CHAT_CHANNEL, isAfter, toChatMessage, type ChatMessage, type Cursor } from './chatMessage.js';

/** The most messages one history answer holds (the newest ones). */
export const HISTORY_LIMIT = 100;
/** How many of the customer's recent interactions are read to find the chat's ones. */
const SCAN_LIMIT = 1000;

type Reader = Pick<PluginContext, 'customers' | 'interactions' | 'conversations'>;

/** The customer a visitor handle belongs to now (after an identify, the known customer), if any. */
export async function customerOfHandle(ctx: Pick<PluginContext, 'customers'>, handle: string): Promise<Customer | undefined> {
  const [customer] = await ctx.customers.find({ handle: { channel: CHAT_CHANNEL, handle }, limit: 1 });
  return customer;
}

/**
 * What a visitor sees: the INBOUND and OUTBOUND messages (type `message`) (never INTERNAL notes) of their
 * customer's conversations that include the chat channel, oldest first, the newest
 * {@link HISTORY_LIMIT} after `after`. After an identify joined the chat to the customer's open
 * conversation, that conversation's email messages are in it too, labelled with their channel.
 */
export async function historyOf(ctx: Reader, customerId: string, after?: Cursor): Promise<ChatMessage[]> {
  const conversations = await ctx.conversations.list(customerId, { newestFirst: true, limit: 100 });
  const chats = conversations.filter((conversation) => conversation.channels.includes(CHAT_CHANNEL));
  if (chats.length === 0) return [];
  const ids = new Set(chats.map((conversation) => conversation.id));
  const oldest = Math.min(...chats.map((conversation) => conversation.openedAt.getTime()));
  const since = new Date(Math.max(oldest, (after?.at ?? 0) - 1));
  const recent = await ctx.interactions.list(customerId, { since, newestFirst: true, limit: SCAN_LIMIT });
  const visible = recent.filter(
    (interaction) =>
      interaction.type === 'message' &&
      interaction.direction !== 'INTERNAL' &&
      interaction.conversationId !== null && ids.has(interaction.conversationId) && isAfter(interaction, after),
  );
  return visible.slice(0, HISTORY_LIMIT).reverse().map(toChatMessage);
}
