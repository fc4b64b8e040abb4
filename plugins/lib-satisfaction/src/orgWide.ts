import { eachInteraction, readAnswer, SURVEY_RESPONSE, ValidationError, type InteractionsApi } from '@rapport/sdk';
import type { AnswerTally, SatisfactionMetric } from './metric.js';

/**
 * The date range (and optional channel) of an org-wide figure. `to` is exclusive.
 *
 * @example
 * ```ts
 * const february: SatisfactionRange = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z'), channel: 'email' };
 * ```
 */
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
 *
 * @example
 * ```ts
 * checkRange({ from: new Date('2026-03-01'), to: new Date('2026-02-01') });
 * // throws: from (2026-03-01T00:00:00.000Z) is after to (2026-02-01T00:00:00.000Z); give the earlier date as from.
 * ```
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
  let tally = metric.empty();
  const search = { type: SURVEY_RESPONSE, from: range.from, to: range.to, ...(range.channel && { channel: range.channel }) };
  for await (const interaction of eachInteraction(interactions, search)) {
    const answer = readAnswer(interaction.metadata, metric.question);
    if (answer !== undefined) tally = metric.add(tally, answer);
  }
  return tally;
}

/**
 * Org-wide figures of a metric: its counts, its value (`null` without answers) and the range
 * asked for.
 *
 * @example
 * ```ts
 * const figures: OrgWideFigures<CsatTally> = await orgWideFigures(ctx.interactions, CSAT_METRIC, range);
 * figures.value; // 66.7, or null without answers
 * ```
 */
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
