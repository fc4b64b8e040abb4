import type { Customer, Interaction, PluginContext } from '@rapport/sdk';
import { CHAT_CHANNEL, isAfter, toChatMessage, type ChatMessage, type Cursor } from './chatMessage.js';

/** The most messages one history answer holds (the newest ones). */
export const HISTORY_LIMIT = 100;

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
  const since = after ? new Date(after.at - 1) : undefined;
  const visible: Interaction[] = [];
  // Newest conversations first, until the history is full: older chats only fill what is left.
  for (const conversation of chats) {
    if (visible.length >= HISTORY_LIMIT) break;
    const page = await ctx.interactions.list(customerId, { conversationId: conversation.id, type: 'message', newestFirst: true, limit: HISTORY_LIMIT, ...(since && { since }) });
    visible.push(...page.filter((interaction) => interaction.direction !== 'INTERNAL' && isAfter(interaction, after)));
  }
  visible.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : -1));
  return visible.slice(0, HISTORY_LIMIT).reverse().map(toChatMessage);
}
