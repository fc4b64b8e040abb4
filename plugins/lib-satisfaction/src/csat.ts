import { CSAT_QUESTION } from '@rapport/sdk';
import { countOf, percentOf, type AnswerTally, type SatisfactionMetric } from './metric.js';
import { describeWindow } from './window.js';

/**
 * CSAT counts: answers, and the satisfied ones among them (4 or 5).
 *
 * @example
 * ```ts
 * const tally: CsatTally = tallyAnswers(CSAT_METRIC, [5, 4, 1]); // { responses: 3, satisfied: 2 }
 * ```
 */
export interface CsatTally extends AnswerTally {
  /** Answers of 4 or 5. */
  satisfied: number;
}

/**
 * A CSAT value at or above this is labelled `satisfied`.
 *
 * @example
 * ```ts
 * CSAT_METRIC.label(CSAT_SATISFIED_FROM); // "satisfied"
 * ```
 */
export const CSAT_SATISFIED_FROM = 75;

/**
 * A CSAT value below this is labelled `unsatisfied`; between it and
 * {@link CSAT_SATISFIED_FROM}, `neutral`.
 *
 * @example
 * ```ts
 * CSAT_METRIC.label(CSAT_UNSATISFIED_BELOW);       // "neutral"
 * CSAT_METRIC.label(CSAT_UNSATISFIED_BELOW - 0.1); // "unsatisfied"
 * ```
 */
export const CSAT_UNSATISFIED_BELOW = 50;

/**
 * CSAT: the share of satisfied answers (4 or 5 on the 1–5 scale), from 0 to 100.
 * Labels: `satisfied` from {@link CSAT_SATISFIED_FROM}, `unsatisfied` below
 * {@link CSAT_UNSATISFIED_BELOW}, `neutral` between.
 *
 * @example
 * ```ts
 * const tally = tallyAnswers(CSAT_METRIC, [5, 2, 3]);
 * CSAT_METRIC.score(tally);                    // 33.3
 * CSAT_METRIC.explain(tally, 90 * 86_400_000); // "1 of 3 answers satisfied in the last 90 days"
 * ```
 */
export const CSAT_METRIC: SatisfactionMetric<CsatTally> = Object.freeze({
  question: CSAT_QUESTION,
  empty: () => ({ responses: 0, satisfied: 0 }),
  add(tally: CsatTally, answer: number) {
    tally.responses++;
    if (answer >= 4) tally.satisfied++;
    return tally;
  },
  score: (tally: CsatTally) => (tally.responses === 0 ? undefined : percentOf(tally.satisfied, tally.responses)),
  label: (value: number) => (value >= CSAT_SATISFIED_FROM ? 'satisfied' : value < CSAT_UNSATISFIED_BELOW ? 'unsatisfied' : 'neutral'),
  explain: (tally: CsatTally, windowMs: number) =>
    `${tally.satisfied} of ${countOf(tally.responses, 'answer')} satisfied in the last ${describeWindow(windowMs)}`,
});
