import type { Conversation, Customer, Interaction } from '../domain.js';

/**
 * One customer message for a bot to answer: the message, the conversation it belongs to and what
 * was said so far. The core builds a turn for every INBOUND message of a conversation whose
 * handler is `BOT`, on whatever channel it arrived.
 */
export interface BotTurn {
  /** The customer's message to answer. */
  readonly message: Interaction;
  /** Its conversation (handler `BOT`). */
  readonly conversation: Conversation;
  /** Who wrote it. */
  readonly customer: Customer;
  /**
   * The conversation's messages so far, oldest first, ending with {@link message}: at most the
   * last 50, INTERNAL notes left out.
   */
  readonly history: readonly Interaction[];
  /**
   * How the message sounds, from -1 (angry) to 1 (happy), when a sentiment score is available
   * (the message's `metadata.sentiment`). The core hands off on its own below its anger
   * threshold, before the bot is asked.
   */
  readonly sentiment?: number;
  /** The time of the turn; use it instead of `Date.now()` so tests can control the clock. */
  readonly now: Date;
  /**
   * Aborted when the bot's time is up (the deployment's `botHandoff.timeout`). The core has
   * handed the conversation to people by then, and ignores a late answer.
   */
  readonly signal: AbortSignal;
}

/** A bot's answer to a turn: text for the customer. */
export interface BotReply {
  /** The text sent to the customer on the conversation's channel. */
  reply: string;
  /**
   * How sure the bot is, from 0 to 1 (1 by default). An answer below the deployment's
   * `botHandoff.minConfidence` is not sent: the conversation goes to people instead.
   */
  confidence?: number;
  /**
   * `false` when the reply does not answer the customer (a clarifying question, "I did not
   * understand"). Two unanswered turns in a row hand the conversation to people.
   */
  answered?: boolean;
  /** Stored on the reply's interaction, beside the core's `bot` field. */
  metadata?: Record<string, unknown>;
}

/** A bot's decision to pass the conversation to people. */
export interface BotHandOff {
  /** Why, for the agent who picks it up, e.g. `refund requests need a person`. */
  handOff: string;
}

/** What {@link Bot.respond} returns. */
export type BotResponse = BotReply | BotHandOff;

/**
 * A bot: the first to answer a channel's new conversations, with people as the last resort.
 * Declared in `rapport.contributes.bots` and registered with `ctx.bots.registerBot(id, bot)`;
 * the deployment's config puts it on channels (`"bots": { "chat": "faq" }`).
 *
 * The core hands the conversation to people (handler `HUMAN`, an INTERNAL note with the reason,
 * `conversation.handed_off`) when the customer asks for a person, sounds angry, gets two
 * unanswered turns in a row or an answer below the confidence threshold, and when the bot
 * throws, times out or returns a {@link BotHandOff}. After that, and after an agent takes the
 * conversation over, the bot is not asked again in that conversation.
 *
 * @example
 * ```ts
 * ctx.subscriptions.push(
 *   ctx.bots.registerBot('opening-hours', {
 *     respond: ({ message }) =>
 *       /open|hours/i.test(message.text ?? '')
 *         ? { reply: 'We are open 9:00 to 17:00, Monday to Friday.', confidence: 0.9 }
 *         : { reply: 'Do you want to know our opening hours?', answered: false },
 *   }),
 * );
 * ```
 */
export interface Bot {
  /** Answers one customer message, or hands the conversation off. */
  respond(turn: BotTurn): Promise<BotResponse> | BotResponse;
}

/**
 * Whether a bot's response hands the conversation off.
 *
 * @example
 * ```ts
 * if (isBotHandOff(response)) console.log(response.handOff);
 * ```
 */
export function isBotHandOff(response: BotResponse): response is BotHandOff {
  return typeof (response as BotHandOff).handOff === 'string';
}
