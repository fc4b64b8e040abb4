import { NPS_QUESTION } from '@rapport/sdk';
import { countOf, percentOf, type AnswerTally, type SatisfactionMetric } from './metric.js';
import { describeWindow } from './window.js';

/**
 * NPS counts: answers split into promoters (9–10), passives (7–8) and detractors (0–6).
 *
 * @example
 * ```ts
 * const tally: NpsTally = tallyAnswers(NPS_METRIC, [10, 7, 3]); // { responses: 3, promoters: 1, passives: 1, detractors: 1 }
 * ```
 */
export interface NpsTally extends AnswerTally {
  /** Answers of 9 or 10. */
  promoters: number;
  /** Answers of 7 or 8. */
  passives: number;
  /** Answers of 0 to 6. */
  detractors: number;
}

/**
 * A customer's NPS at or above this is labelled `promoter`.
 *
 * @example
 * ```ts
 * NPS_METRIC.label(NPS_PROMOTER_FROM); // "promoter"
 * ```
 */
export const NPS_PROMOTER_FROM = 50;

/**
 * A customer's NPS at or below this is labelled `detractor`; between it and
 * {@link NPS_PROMOTER_FROM}, `passive`.
 *
 * @example
 * ```ts
 * NPS_METRIC.label(NPS_DETRACTOR_UP_TO); // "detractor"
 * ```
 */
export const NPS_DETRACTOR_UP_TO = -50;

/**
 * NPS: the percentage of promoters (9–10) minus the percentage of detractors (0–6), from −100
 * to 100. Labels for one customer: `promoter` from {@link NPS_PROMOTER_FROM}, `detractor` up to
 * {@link NPS_DETRACTOR_UP_TO}, `passive` between (so a single answer labels the customer as
 * that answer's group).
 *
 * @example
 * ```ts
 * const tally = tallyAnswers(NPS_METRIC, [10, 9, 7, 3]);
 * NPS_METRIC.score(tally); // 25
 * NPS_METRIC.explain(tally, 365 * 86_400_000);
 * // "2 promoters, 1 passive and 1 detractor among 4 answers in the last 365 days"
 * ```
 */
export const NPS_METRIC: SatisfactionMetric<NpsTally> = Object.freeze({
  question: NPS_QUESTION,
  empty: () => ({ responses: 0, promoters: 0, passives: 0, detractors: 0 }),
  add(tally: NpsTally, answer: number) {
    tally.responses++;
    if (answer >= 9) tally.promoters++;
    else if (answer >= 7) tally.passives++;
    else tally.detractors++;
    return tally;
  },
  score: (tally: NpsTally) => (tally.responses === 0 ? undefined : percentOf(tally.promoters - tally.detractors, tally.responses)),
  label: (value: number) => (value >= NPS_PROMOTER_FROM ? 'promoter' : value <= NPS_DETRACTOR_UP_TO ? 'detractor' : 'passive'),
  explain: (tally: NpsTally, windowMs: number) =>
    `${countOf(tally.promoters, 'promoter')}, ${countOf(tally.passives, 'passive')} and ${countOf(tally.detractors, 'detractor')} ` +
    `among ${countOf(tally.responses, 'answer')} in the last ${describeWindow(windowMs)}`,
});
