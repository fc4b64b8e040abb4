import { readAnswer, type SurveyQuestion } from '@rapport/sdk';

/**
 * Counts shared by every metric: how many valid answers were seen.
 *
 * @example
 * ```ts
 * const tally: AnswerTally = tallyAnswers(CSAT_METRIC, [5, 2]); // { responses: 2, satisfied: 1 }
 * tally.responses; // 2
 * ```
 */
export interface AnswerTally {
  /** Valid answers counted. */
  responses: number;
}

/**
 * One satisfaction metric: the question it reads answers of, how answers add up, and how the
 * result is scored, labelled and explained. `CSAT_METRIC` and `NPS_METRIC` are the two built
 * in; every function of this library works with either, or with a metric of your own.
 *
 * @example
 * ```ts
 * // Customer effort (CES): the average answer on a 1–7 scale.
 * interface CesTally extends AnswerTally { total: number }
 * const CES_METRIC: SatisfactionMetric<CesTally> = {
 *   question: { metric: 'ces', min: 1, max: 7 },
 *   empty: () => ({ responses: 0, total: 0 }),
 *   add: (tally, answer) => ({ responses: tally.responses + 1, total: tally.total + answer }),
 *   score: (tally) => (tally.responses === 0 ? undefined : Math.round((tally.total / tally.responses) * 10) / 10),
 *   label: (value) => (value >= 5 ? 'easy' : 'hard'),
 *   explain: (tally, windowMs) => `${countOf(tally.responses, 'answer')} in the last ${describeWindow(windowMs)}`,
 * };
 * ```
 */
export interface SatisfactionMetric<Tally extends AnswerTally> {
  /** The scale and the metadata key of the answers. */
  readonly question: SurveyQuestion;
  /** A tally with nothing counted yet. */
  empty(): Tally;
  /** Counts one valid answer into `tally` and returns the tally (it may change `tally` in place). */
  add(tally: Tally, answer: number): Tally;
  /** The metric's value for the answers counted, rounded to one decimal; `undefined` with none. */
  score(tally: Tally): number | undefined;
  /** A short label for a customer's value, e.g. `satisfied` or `promoter`. */
  label(value: number): string;
  /**
   * A sentence that says what the value is made of, e.g.
   * "1 of 3 answers satisfied in the last 90 days".
   *
   * @param windowMs - the length of the window the answers were collected in.
   */
  explain(tally: Tally, windowMs: number): string;
}

/**
 * Counts answers into a new tally of `metric`. Values that are off the metric's scale or not
 * whole numbers are left out, as the SDK's `readAnswer` leaves them out of recorded answers.
 *
 * @example
 * ```ts
 * tallyAnswers(NPS_METRIC, [10, 8, 2]); // { responses: 3, promoters: 1, passives: 1, detractors: 1 }
 * ```
 */
export function tallyAnswers<Tally extends AnswerTally>(metric: SatisfactionMetric<Tally>, answers: Iterable<number>): Tally {
  let tally = metric.empty();
  for (const answer of answers) {
    const valid = readAnswer({ [metric.question.metric]: answer }, metric.question);
    if (valid !== undefined) tally = metric.add(tally, valid);
  }
  return tally;
}

/**
 * `n` and a noun, plural unless `n` is 1, for explanations.
 *
 * @example
 * ```ts
 * countOf(1, 'answer'); // "1 answer"
 * countOf(0, 'promoter'); // "0 promoters"
 * ```
 */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * `part` as a percentage of `whole`, rounded to one decimal.
 *
 * @example
 * ```ts
 * percentOf(1, 3); // 33.3
 * ```
 */
export function percentOf(part: number, whole: number): number {
  // `|| 0` turns a rounded -0 (a tiny negative NPS) into 0, which reads and compares as expected.
  return Math.round((part / whole) * 1000) / 10 || 0;
}
