import { isoDate, offsetMs } from './businessCalendar.js';
import type { KpiRow } from './kpiQuery.js';
import type { SlaTargets } from './KpiOptions.js';

const DAY_MS = 86_400_000;

/** Conversations that missed an SLA target. */
export interface SlaBreaches {
  /** First responses later than the target, or not given and already past it. */
  firstResponse: number | null;
  /** Resolutions later than the target, or not reached and already past it. */
  resolution: number | null;
  firstResponseTargetMs: number | null;
  resolutionTargetMs: number | null;
}

/** Service-level figures over a set of conversations. */
export interface KpiFigures {
  conversations: number;
  resolved: number;
  /** resolved / conversations, from 0 to 1; null when there were none. */
  resolutionRate: number | null;
  /** Mean time from the customer's first message to the first reply, in ms. */
  averageFirstResponseTimeMs: number | null;
  /** Mean time from opening to resolution, in ms. */
  averageResolutionTimeMs: number | null;
  /** The same in business time; null without business hours. */
  averageFirstResponseBusinessTimeMs: number | null;
  averageResolutionBusinessTimeMs: number | null;
  /** Null without SLA targets. */
  slaBreaches: SlaBreaches | null;
}

/** The sums and counts behind {@link KpiFigures}, which add up across rows. */
interface Totals {
  conversations: number;
  resolved: number;
  frtSum: number;
  frtN: number;
  resSum: number;
  resN: number;
  frtBSum: number;
  frtBN: number;
  resBSum: number;
  resBN: number;
  frBreaches: number;
  resBreaches: number;
}

const EMPTY: Totals = { conversations: 0, resolved: 0, frtSum: 0, frtN: 0, resSum: 0, resN: 0, frtBSum: 0, frtBN: 0, resBSum: 0, resBN: 0, frBreaches: 0, resBreaches: 0 };

/** What shapes the figures: whether business time was measured, and the SLA targets. */
export interface FigureContext {
  businessTime: boolean;
  sla: SlaTargets | null;
}

/** Adds rows' sums and counts together. */
export function addRows(rows: readonly KpiRow[]): Totals {
  const totals = { ...EMPTY };
  for (const row of rows) {
    totals.conversations += Number(row.conversations ?? 0);
    totals.resolved += Number(row.resolved ?? 0);
    totals.frtSum += Number(row.frt_sum ?? 0);
    totals.frtN += Number(row.frt_n ?? 0);
    totals.resSum += Number(row.res_sum ?? 0);
    totals.resN += Number(row.res_n ?? 0);
    totals.frtBSum += Number(row.frt_b_sum ?? 0);
    totals.frtBN += Number(row.frt_b_n ?? 0);
    totals.resBSum += Number(row.res_b_sum ?? 0);
    totals.resBN += Number(row.res_b_n ?? 0);
    totals.frBreaches += Number(row.fr_breaches ?? 0);
    totals.resBreaches += Number(row.res_breaches ?? 0);
  }
  return totals;
}

/** The figures of some totals: averages rounded to the millisecond. */
export function figuresOf(totals: Totals, context: FigureContext): KpiFigures {
  const average = (sum: number, n: number) => (n > 0 ? Math.round(sum / n) : null);
  const { sla } = context;
  return {
    conversations: totals.conversations,
    resolved: totals.resolved,
    resolutionRate: totals.conversations ? totals.resolved / totals.conversations : null,
    averageFirstResponseTimeMs: average(totals.frtSum, totals.frtN),
    averageResolutionTimeMs: average(totals.resSum, totals.resN),
    averageFirstResponseBusinessTimeMs: context.businessTime ? average(totals.frtBSum, totals.frtBN) : null,
    averageResolutionBusinessTimeMs: context.businessTime ? average(totals.resBSum, totals.resBN) : null,
    slaBreaches: sla
      ? {
          firstResponse: sla.firstResponseMs !== undefined ? totals.frBreaches : null,
          resolution: sla.resolutionMs !== undefined ? totals.resBreaches : null,
          firstResponseTargetMs: sla.firstResponseMs ?? null,
          resolutionTargetMs: sla.resolutionMs ?? null,
        }
      : null,
  };
}

/**
 * The local date of instants in `zone`, as its midnight in UTC fields (ms), cheaply for many
 * instants: the zone's offset is looked up (Intl, a few µs) twice per UTC day, and only a day
 * in which the clocks change has each instant looked up on its own.
 */
export function localDates(zone: string): (utcMs: number) => number {
  const dayOffsets = new Map<number, number | null>();
  return (utcMs) => {
    const day = Math.floor(utcMs / DAY_MS);
    let offset = dayOffsets.get(day);
    if (offset === undefined) {
      const [first, last] = [offsetMs(zone, day * DAY_MS), offsetMs(zone, (day + 1) * DAY_MS - 1_000)];
      dayOffsets.set(day, (offset = first === last ? first : null));
    }
    const local = utcMs + (offset ?? offsetMs(zone, utcMs));
    return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  };
}

/** The key of a local day, `YYYY-MM-DD`, from its midnight in UTC fields. */
export function dayKey(localMidnight: number): string {
  return isoDate(localMidnight);
}

/** The key of the ISO-8601 week, `YYYY-Www`, of a local day given as its midnight in UTC fields (weeks start on Monday; week 1 holds the year's first Thursday). */
export function weekKey(localMidnight: number): string {
  const date = new Date(localMidnight);
  const weekday = (date.getUTCDay() + 6) % 7;
  // The Thursday of this week decides its year.
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const year = date.getUTCFullYear();
  const january4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((date.getTime() - january4.getTime()) / DAY_MS - 3 + ((january4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Rows grouped under `keyOf` of their group column, merged, in key order. */
export function groupRows(rows: readonly KpiRow[], keyOf: (groupKey: unknown) => string, context: FigureContext): ({ key: string } & KpiFigures)[] {
  const groups = new Map<string, KpiRow[]>();
  for (const row of rows) {
    const key = keyOf(row.group_key);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(row);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, list]) => ({ key, ...figuresOf(addRows(list), context) }));
}
