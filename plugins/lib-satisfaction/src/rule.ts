import { SURVEY_RESPONSE, type CustomerSubject, type DeliveredEvent, type Duration, type ScoreResult, type ScoringRule } from '@rapport/sdk';
import { answersInWindow } from './answers.js';
import { tallyAnswers, type AnswerTally, type SatisfactionMetric } from './metric.js';
import { parseWindow } from './window.js';

/**
 * A customer's score for `metric` from their answers within `windowMs` before `subject.now`,
 * with its label and explanation; `undefined` when they gave no valid answer in the window.
 *
 * @example
 * ```ts
 * await evaluateSatisfaction(subject, CSAT_METRIC, 90 * 86_400_000);
 * // { value: 33.3, label: 'unsatisfied', explanation: '1 of 3 answers satisfied in the last 90 days' }
 * ```
 */
export async function evaluateSatisfaction<Tally extends AnswerTally>(
  subject: Pick<CustomerSubject, 'now' | 'interactions'>,
  metric: SatisfactionMetric<Tally>,
  windowMs: number,
): Promise<ScoreResult | undefined> {
  const tally = tallyAnswers(metric, await answersInWindow(subject, metric.question, windowMs));
  const value = metric.score(tally);
  if (value === undefined) return undefined;
  return { value, label: metric.label(value), explanation: metric.explain(tally, windowMs) };
}

/**
 * A scoring rule for `metric` over a moving window: evaluated when a survey answer is recorded
 * (other interactions are filtered out) and when two customers are merged (the survivor gains
 * the other's answers), and re-evaluated daily, because answers leave the window as time passes.
 *
 * @param window - the window's length (milliseconds or ISO-8601).
 * @throws ValidationError naming the `window` setting when it is not a positive duration.
 *
 * @example
 * ```ts
 * ctx.subscriptions.push(ctx.scoring.registerScoringRule('csat', satisfactionRule(CSAT_METRIC, windowSetting(ctx))));
 * ```
 */
export function satisfactionRule<Tally extends AnswerTally>(metric: SatisfactionMetric<Tally>, window: Duration): ScoringRule<SatisfactionTrigger> {
  const windowMs = parseWindow(window);
  return {
    triggers: ['interaction.recorded', 'customer.merged'],
    reevaluateEvery: 'P1D',
    filter: isSurveyAnswerEvent,
    evaluate: (subject) => evaluateSatisfaction(subject, metric, windowMs),
  };
}

/** The events a satisfaction score is evaluated on. */
export type SatisfactionTrigger = 'interaction.recorded' | 'customer.merged';

/** Whether a trigger event may change a satisfaction score: anything but a non-survey interaction. */
function isSurveyAnswerEvent(event: DeliveredEvent<SatisfactionTrigger>): boolean {
  return event.eventType !== 'interaction.recorded' || event.type === SURVEY_RESPONSE;
}
