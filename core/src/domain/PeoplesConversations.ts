import { injectable } from 'inversify';
import { serviceToken } from '@rapport/sdk';
import { BoundedTextCache } from '../util/BoundedTextCache.js';

/**
 * Conversations this process knows people handle (handler `HUMAN`), the most recent kept. People
 * never give a conversation back to a bot (a hand-off only goes the other way, and a merge that
 * joins a people's conversation leaves people in charge), so once known it stays true, and the bot
 * conductor needs no read to learn that a customer message there is not a bot's turn.
 *
 * The router notes the conversations it opens for people and those it joins that are theirs; the
 * conductor notes what it reads. On the email ingest path the conductor's read was one statement
 * for every message that opened a conversation (docs/benchmarks.md). A conversation another
 * instance opened is read once here, as before.
 */
export interface PeoplesConversations {
  /** Whether people are known to handle the conversation. */
  has(conversationId: string): boolean;
  /** People handle the conversation (a conversation id that never commits costs one entry). */
  note(conversationId: string): void;
}

/** The container token of {@link PeoplesConversations}. */
export const PeoplesConversations = serviceToken<PeoplesConversations>('rapport.core.PeoplesConversations');

/** About 2 MB of conversation ids at most: the busiest conversations of the last while. */
const LIMITS = { maxEntries: 50_000, maxChars: 50_000 * 36, maxEntryChars: 64 };

@injectable()
export class BoundedPeoplesConversations implements PeoplesConversations {
  private readonly ids = new BoundedTextCache<true>(LIMITS);

  has(conversationId: string): boolean {
    return this.ids.get(conversationId) === true;
  }

  note(conversationId: string): void {
    this.ids.set(conversationId, true);
  }
}
