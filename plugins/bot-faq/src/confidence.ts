/**
 * The bot's confidence in an article, from 0 to 1: how much of the message the article explains
 * (coverage) times how clearly it beats the next best article (dominance).
 *
 * - Coverage: the share of the message's terms (common words left out) that the article matches.
 *   A term found in the article's question or keywords counts 1; one found only in its answer
 *   counts {@link ANSWER_ONLY_WEIGHT}, since answers mention many things they are not about.
 * - Dominance: the article's share of the relevance of the top two, `best / (best + runnerUp)`:
 *   1 when no other article matches, 0.5 for a tie.
 *
 * So 1 means every word of the message points to this article and to no other; 0.5 means the
 * message fits it only half, or fits two articles equally well.
 *
 * @packageDocumentation
 */

/** Where a term of the message was found in an article. */
export type TermMatch = 'question' | 'answer' | 'none';

/** What a term found only in an article's answer counts, against 1 in its question or keywords. */
export const ANSWER_ONLY_WEIGHT = 0.5;

const WEIGHTS: Record<TermMatch, number> = { question: 1, answer: ANSWER_ONLY_WEIGHT, none: 0 };

/**
 * The share of the message's terms an article matches, from 0 to 1; 0 for a message with no
 * terms (only common words, or none).
 *
 * @example
 * ```ts
 * coverage(['question', 'answer', 'none']); // 0.5
 * ```
 */
export function coverage(matches: readonly TermMatch[]): number {
  if (matches.length === 0) return 0;
  return matches.reduce((sum, match) => sum + WEIGHTS[match], 0) / matches.length;
}

/**
 * The best article's share of the relevance of the top two, from 0.5 (a tie) to 1 (no runner-up).
 *
 * @param best - the best article's relevance score (positive).
 * @param runnerUp - the second best's, if any article came second.
 */
export function dominance(best: number, runnerUp: number | undefined): number {
  if (!runnerUp || runnerUp <= 0 || best <= 0) return 1;
  return best / (best + Math.min(runnerUp, best));
}

/** Coverage times dominance, rounded to three decimals so logs and metadata read well. */
export function confidenceOf(coverageShare: number, dominanceShare: number): number {
  const value = Math.min(1, Math.max(0, coverageShare * dominanceShare));
  return Math.round(value * 1000) / 1000;
}
