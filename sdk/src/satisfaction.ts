/**
 * Satisfaction metrics from survey answers: CSAT (1–5) and NPS (0–10).
 *
 * A survey answer is an interaction of type `survey_response` with the answer under
 * `metadata[metric]` (`{ "csat": 4 }`, `{ "nps": 9 }`). This module holds what the CSAT and NPS
 * plugins (and any other plugin that reports on satisfaction) share: reading answers, the
 * arithmetic of each metric, sentences a person can read, a customer's score over a moving
 * window, and org-wide figures over a date range.
 */
import type { InteractionsApi, PluginContext } from './context.js';
import type { CustomerSubject, ScoreResult, ScoringRule } from './contributions/scoring.js';
import { parseDuration, type Duration } from './duration.js';
import { RapportError, SettingsValidationError, ValidationError } from './errors.js';
import { settingsProblem } from './settingsProblems.js';
import type { DeliveredEvent } from './events.js';
import { eachInteraction } from './interactionPages.js';
import { CSAT_QUESTION, NPS_QUESTION, type SurveyQuestion } from './surveys.js';

/** The interaction type survey answers are recorded with. */
export const SURVEY_RESPONSE = 'survey_response';

/** Counts shared by every metric: how many valid answers were seen. */
export interface AnswerTally {
  /** Valid answers counted. */
  responses: number;
}

/** CSAT counts: answers, and the satisfied ones among them (4 or 5). */
export interface CsatTally extends AnswerTally {
  /** Answers of 4 or 5. */
  satisfied: number;
}

/** NPS counts: answers split into promoters (9–10), passives (7–8) and detractors (0–6). */
export interface NpsTally extends AnswerTally {
  /** Answers of 9 or 10. */
  promoters: number;
  /** Answers of 7 or 8. */
  passives: number;
  /** Answers of 0 to 6. */
  detractors: number;
}

/**
 * One satisfaction metric: the question it reads answers of, how answers add up, and how the
 * result is scored, labelled and explained. {@link CSAT_METRIC} and {@link NPS_METRIC} are the
 * two built in; the functions of this module work with either.
 */
export interface SatisfactionMetric<Tally extends AnswerTally> {
  /** The scale and the metadata key of the answers. */
  readonly question: SurveyQuestion;
  /** A tally with nothing counted yet. */
  empty(): Tally;
  /** Counts one valid answer into `tally` (changing it) and returns it. */
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

/** A CSAT value at or above this is labelled `satisfied`. */
export const CSAT_SATISFIED_FROM = 75;
/** A CSAT value below this is labelled `unsatisfied`; between the two, `neutral`. */
export const CSAT_UNSATISFIED_BELOW = 50;
/** A customer's NPS at or above this is labelled `promoter`. */
export const NPS_PROMOTER_FROM = 50;
/** A customer's NPS at or below this is labelled `detractor`; between the two, `passive`. */
export const NPS_DETRACTOR_UP_TO = -50;

/**
 * CSAT: the share of satisfied answers (4 or 5 on the 1–5 scale), from 0 to 100.
 * Labels: `satisfied` from {@link CSAT_SATISFIED_FROM}, `unsatisfied` below
 * {@link CSAT_UNSATISFIED_BELOW}, `neutral` between.
 *
 * @example
 * ```ts
 * const tally = tallyAnswers(CSAT_METRIC, [5, 2, 3]);
 * CSAT_METRIC.score(tally);                 // 33.3
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
  score: (tally: CsatTally) => (tally.responses === 0 ? undefined : percent(tally.satisfied, tally.responses)),
  label: (value: number) => (value >= CSAT_SATISFIED_FROM ? 'satisfied' : value < CSAT_UNSATISFIED_BELOW ? 'unsatisfied' : 'neutral'),
  explain: (tally: CsatTally, windowMs: number) =>
    `${tally.satisfied} of ${count(tally.responses, 'answer')} satisfied in the last ${describeWindow(windowMs)}`,
});

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
  score: (tally: NpsTally) => (tally.responses === 0 ? undefined : percent(tally.promoters - tally.detractors, tally.responses)),
  label: (value: number) => (value >= NPS_PROMOTER_FROM ? 'promoter' : value <= NPS_DETRACTOR_UP_TO ? 'detractor' : 'passive'),
  explain: (tally: NpsTally, windowMs: number) =>
    `${count(tally.promoters, 'promoter')}, ${count(tally.passives, 'passive')} and ${count(tally.detractors, 'detractor')} ` +
    `among ${count(tally.responses, 'answer')} in the last ${describeWindow(windowMs)}`,
});

/**
 * The answer to `question` in an interaction's metadata, or `undefined` when there is none or it
 * cannot count: not a whole number (a numeric string such as `"4"` is read as a number), or off
 * the question's scale. Bad answers are skipped rather than thrown on, because one malformed
 * survey reply must not stop a customer's score or an org-wide report.
 *
 * @example
 * ```ts
 * readAnswer({ csat: 4 }, CSAT_QUESTION);   // 4
 * readAnswer({ csat: '5' }, CSAT_QUESTION); // 5
 * readAnswer({ csat: 7 }, CSAT_QUESTION);   // undefined (off the 1–5 scale)
 * readAnswer({ nps: 'great' }, NPS_QUESTION); // undefined
 * ```
 */
export function readAnswer(metadata: Record<string, unknown> | null | undefined, question: SurveyQuestion): number | undefined {
  const raw = metadata?.[question.metric];
  const answer = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : undefined;
  if (answer === undefined || !Number.isInteger(answer)) return undefined;
  return answer >= question.min && answer <= question.max ? answer : undefined;
}

/**
 * Counts answers into a new tally of `metric`. Values that are off the metric's scale or not
 * whole numbers are left out.
 *
 * @example
 * ```ts
 * tallyAnswers(NPS_METRIC, [10, 8, 2]); // { responses: 3, promoters: 1, passives: 1, detractors: 1 }
 * ```
 */
export function tallyAnswers<Tally extends AnswerTally>(metric: SatisfactionMetric<Tally>, answers: Iterable<number>): Tally {
  const tally = metric.empty();
  for (const answer of answers) {
    const valid = readAnswer({ [metric.question.metric]: answer }, metric.question);
    if (valid !== undefined) metric.add(tally, valid);
  }
  return tally;
}

/**
 * Reads a window setting (milliseconds or ISO-8601, e.g. `P90D`) as milliseconds.
 *
 * @param window - the setting's value.
 * @param setting - the setting's name, used in the error message.
 * @throws ValidationError naming the setting when the value is not a duration or is zero.
 *
 * @example
 * ```ts
 * parseWindow('P90D'); // 7776000000
 * parseWindow('soon'); // throws: window must be milliseconds or an ISO-8601 duration …
 * ```
 */
export function parseWindow(window: Duration, setting = 'window'): number {
  const ms = parseDuration(window, setting);
  if (ms <= 0) {
    throw new ValidationError(`${setting} must be longer than zero, got ${JSON.stringify(window)}; use a duration such as "P90D".`, setting);
  }
  return ms;
}

/**
 * The answers to `question` a customer gave within the `windowMs` before `subject.now` (the
 * start included), oldest first, with invalid ones left out. Needs `interactions:read`.
 */
export async function answersInWindow(subject: Pick<CustomerSubject, 'now' | 'interactions'>, question: SurveyQuestion, windowMs: number): Promise<number[]> {
  const now = subject.now.getTime();
  const responses = await subject.interactions({ type: SURVEY_RESPONSE, since: new Date(now - windowMs) });
  const answers: number[] = [];
  for (const interaction of responses) {
    // Answers dated after the evaluation time (imported with a future date) wait for their time.
    if (interaction.occurredAt.getTime() > now) continue;
    const answer = readAnswer(interaction.metadata, question);
    if (answer !== undefined) answers.push(answer);
  }
  return answers;
}

/**
 * Reads a plugin's window setting as milliseconds, for `activate()`. Errors name the setting as
 * it is written in rapport.config.json, so the plugin's `FAILED` status says what to fix.
 *
 * @param ctx - the plugin's context (its name and validated settings).
 * @param setting - the setting's key in the plugin's settings.
 * @throws SettingsValidationError naming the file and the setting, e.g.
 *   `rapport.config.json: pluginSettings["@rapport/plugin-scoring-csat"].window: must be longer than zero, got "P0D"; …`
 *
 * @example
 * ```ts
 * const windowMs = windowSetting(ctx); // 7776000000 for the default "P90D"
 * ```
 */
export function windowSetting(ctx: Pick<PluginContext, 'plugin' | 'settings' | 'settingsFile'>, setting = 'window'): number {
  try {
    return parseWindow(ctx.settings[setting] as Duration, setting);
  } catch (error) {
    if (!(error instanceof RapportError)) throw error;
    // parseWindow's message starts with the setting's name, which the problem's field carries.
    const message = error.message.startsWith(`${setting} `) ? error.message.slice(setting.length + 1) : error.message;
    throw new SettingsValidationError(ctx.plugin.name, [settingsProblem(ctx, setting, message)]);
  }
}

/**
 * A customer's score for `metric` from their answers within `windowMs` before `subject.now`,
 * with its label and explanation; `undefined` when they gave no valid answer in the window.
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
export function satisfactionRule<Tally extends AnswerTally>(metric: SatisfactionMetric<Tally>, window: Duration): ScoringRule {
  const windowMs = parseWindow(window);
  return {
    triggers: ['interaction.recorded', 'customer.merged'],
    reevaluateEvery: 'P1D',
    filter: isSurveyAnswerEvent,
    evaluate: (subject) => evaluateSatisfaction(subject, metric, windowMs),
  };
}

/** Whether a trigger event may change a satisfaction score: anything but a non-survey interaction. */
function isSurveyAnswerEvent(event: DeliveredEvent): boolean {
  return event.eventType !== 'interaction.recorded' || (event as { type?: unknown }).type === SURVEY_RESPONSE;
}

/** The date range (and optional channel) of an org-wide figure. `to` is exclusive. */
export interface SatisfactionRange {
  /** Answers at or after this time. */
  from: Date;
  /** Answers before this time. */
  to: Date;
  /** Only answers recorded on this channel, e.g. `email`. */
  channel?: string | null;
}

/**
 * Checks an org-wide range before it is queried.
 *
 * @throws ValidationError (`BAD_USER_INPUT` in GraphQL) when `from` is after `to` or either is not
 *   a valid date.
 */
export function checkRange(range: SatisfactionRange): void {
  for (const field of ['from', 'to'] as const) {
    const value = range[field];
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw new ValidationError(`${field} must be a valid date-time, e.g. "2026-03-01T00:00:00Z".`, field);
    }
  }
  if (range.from.getTime() > range.to.getTime()) {
    throw new ValidationError(
      `from (${range.from.toISOString()}) is after to (${range.to.toISOString()}); give the earlier date as from.`,
      'from',
    );
  }
}

/**
 * Counts every answer to `metric` given across all customers within `range`, reading
 * interactions a page at a time so memory stays flat. Needs `interactions:read`.
 *
 * @throws ValidationError when the range is invalid (see {@link checkRange}).
 *
 * @example
 * ```ts
 * const tally = await tallyOrgWide(ctx.interactions, CSAT_METRIC, { from, to, channel: 'email' });
 * const csat = CSAT_METRIC.score(tally) ?? null;
 * ```
 */
export async function tallyOrgWide<Tally extends AnswerTally>(
  interactions: Pick<InteractionsApi, 'find'>,
  metric: SatisfactionMetric<Tally>,
  range: SatisfactionRange,
): Promise<Tally> {
  checkRange(range);
  const tally = metric.empty();
  const search = { type: SURVEY_RESPONSE, from: range.from, to: range.to, ...(range.channel && { channel: range.channel }) };
  for await (const interaction of eachInteraction(interactions, search)) {
    const answer = readAnswer(interaction.metadata, metric.question);
    if (answer !== undefined) metric.add(tally, answer);
  }
  return tally;
}

/** Org-wide figures of a metric: its counts, its value (`null` without answers) and the range asked for. */
export type OrgWideFigures<Tally extends AnswerTally> = Tally & {
  /** The metric over every answer counted, rounded to one decimal; `null` when there were none. */
  value: number | null;
  /** The start of the range, as asked for (included). */
  from: Date;
  /** The end of the range, as asked for (excluded). */
  to: Date;
  /** The channel the figures are limited to, or `null` for every channel. */
  channel: string | null;
};

/**
 * The figures a GraphQL resolver returns for an org-wide query: {@link tallyOrgWide}'s counts,
 * the metric's value, and the range echoed back so a client can label what it shows.
 *
 * @throws ValidationError when `from` is after `to` (see {@link checkRange}).
 *
 * @example
 * ```ts
 * const figures = await orgWideFigures(ctx.interactions, NPS_METRIC, args);
 * return { ...figures, nps: figures.value };
 * ```
 */
export async function orgWideFigures<Tally extends AnswerTally>(
  interactions: Pick<InteractionsApi, 'find'>,
  metric: SatisfactionMetric<Tally>,
  range: SatisfactionRange,
): Promise<OrgWideFigures<Tally>> {
  const tally = await tallyOrgWide(interactions, metric, range);
  return { ...tally, value: metric.score(tally) ?? null, from: range.from, to: range.to, channel: range.channel ?? null };
}

/**
 * A window's length as words: `90 days`, `12 hours`, `day` for exactly one day (so
 * explanations read "in the last day"). Whole weeks are said in days, as settings usually are.
 */
export function describeWindow(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return ms === size ? unit : `${ms / size} ${unit}s`;
  }
  return ms === 1 ? 'millisecond' : `${ms} milliseconds`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function percent(part: number, whole: number): number {
  // `|| 0` turns a rounded -0 (a tiny negative NPS) into 0, which reads and compares as expected.
  return Math.round((part / whole) * 1000) / 10 || 0;
}
