import type { Interaction } from '@rapport/sdk';
import type { BotHandoffOptions } from './BotHandoffOptions.js';

/** Lower case, accents removed, every run of non-letters one space: what words are matched on. */
function normalized(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/**
 * The hand-off word or phrase the text contains, if any: "Can I talk to a HUMAN?" asks for a
 * person; "humanity" does not.
 */
export function askedForPerson(text: string | null | undefined, words: readonly string[]): string | undefined {
  if (!text) return undefined;
  const haystack = normalized(text);
  return words.find((word) => {
    const needle = normalized(word);
    return needle.trim().length > 0 && haystack.includes(needle);
  });
}

/** The message's sentiment (-1..1) from `metadata.sentiment`, a number or `{ score }`, when a scorer set one. */
export function sentimentOf(message: Interaction): number | undefined {
  const value = message.metadata?.sentiment;
  const score = typeof value === 'number' ? value : typeof value === 'object' && value !== null ? (value as { score?: unknown }).score : undefined;
  return typeof score === 'number' && Number.isFinite(score) && score >= -1 && score <= 1 ? score : undefined;
}

/**
 * How many of the bot's replies at the end of the history went unanswered in a row (its
 * clarifying questions, "I did not understand"), counting back until an answered one.
 */
export function unansweredTurnsBefore(history: readonly Interaction[], botId: string): number {
  let count = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const interaction = history[i]!;
    if (interaction.direction !== 'OUTBOUND') continue;
    if (interaction.metadata?.bot !== botId) break;
    if (interaction.metadata?.answered !== false) break;
    count++;
  }
  return count;
}

/** Why a reply the bot gave must not be sent, or undefined when it may. */
export function replyRefusal(
  reply: { confidence?: number; answered?: boolean },
  unansweredBefore: number,
  options: Pick<BotHandoffOptions, 'minConfidence' | 'maxUnansweredTurns'>,
): string | undefined {
  const answered = reply.answered !== false;
  const confidence = reply.confidence ?? 1;
  if (answered && confidence < options.minConfidence) {
    return `the bot was not confident enough (${confidence.toFixed(2)}, below ${options.minConfidence})`;
  }
  if (!answered && unansweredBefore + 1 >= options.maxUnansweredTurns) {
    return `${unansweredBefore + 1} turns in a row went unanswered`;
  }
  return undefined;
}
