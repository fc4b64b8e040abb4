import type { InteractionsApi } from '@rapport/sdk';

/** Where {@link mostUsedChannel} looks, and what it falls back to. */
export interface ChannelChoice {
  /** The channels a message may go out on; empty for any channel the customer wrote on. */
  channels?: readonly string[];
  /** The channel for a customer with no inbound history on an allowed channel. */
  fallback: string;
  /** How many of the customer's most recent inbound interactions are counted (default 500). */
  sample?: number;
}

/**
 * The interaction types that say nothing about where a customer can be reached: a purchase's
 * channel is the shop it was made in (`web`), and nothing can be sent there.
 */
const NOT_A_CONTACT = new Set(['purchase', 'note']);

/**
 * The channel a customer uses most: the one most of their recent INBOUND messages, calls and
 * survey answers came on (purchases do not count), within `channels` when given. On a tie, the
 * fallback when it is among the tied channels (the business's preference), else the tied
 * channel they used last. No history at all: the fallback.
 *
 * @param interactions - `ctx.interactions` (needs `interactions:read`).
 * @param customerId - the customer.
 * @param choice - the allowed channels and the fallback.
 *
 * @example
 * ```ts
 * const channel = await mostUsedChannel(ctx.interactions, customerId, { channels: ['email', 'sms'], fallback: 'email' });
 * ```
 */
export async function mostUsedChannel(interactions: Pick<InteractionsApi, 'list'>, customerId: string, choice: ChannelChoice): Promise<string> {
  const allowed = choice.channels ?? [];
  const recent = await interactions.list(customerId, { direction: 'INBOUND', newestFirst: true, limit: choice.sample ?? 500 });
  const counts = new Map<string, { count: number; newest: number }>();
  recent.forEach((interaction, index) => {
    if (NOT_A_CONTACT.has(interaction.type)) return;
    if (allowed.length > 0 && !allowed.includes(interaction.channel)) return;
    const seen = counts.get(interaction.channel);
    // Newest first: the first time a channel is seen is its latest use (lower index is newer).
    if (seen) seen.count++;
    else counts.set(interaction.channel, { count: 1, newest: index });
  });
  if (counts.size === 0) return choice.fallback;
  const most = Math.max(...[...counts.values()].map((entry) => entry.count));
  const tied = [...counts].filter(([, entry]) => entry.count === most);
  if (tied.length > 1 && tied.some(([channel]) => channel === choice.fallback)) return choice.fallback;
  tied.sort(([, a], [, b]) => a.newest - b.newest);
  return tied[0]![0];
}
