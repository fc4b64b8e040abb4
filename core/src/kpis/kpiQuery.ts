import type { Dialect } from '../persistence/SqlMigration.js';
import { businessTimeAt, calendarHourOf } from './BusinessCalendarTable.js';
import type { SlaTargets } from './KpiOptions.js';

/** How the figures are grouped: by channel, by assignee, or by opening time (merged into days or weeks in Node). */
export type KpiGroupColumn = 'none' | 'channel' | 'assignee' | 'quarterHour';

/** A quarter of an hour: every time zone's offset from UTC is a multiple of it, so local days and weeks are unions of them. */
export const QUARTER_HOUR_MS = 900_000;

/** What the query needs to know. */
export interface KpiQueryPlan {
  dialect: Dialect;
  group: KpiGroupColumn;
  channel?: string;
  /** Measure business time too (the calendar covers the range). */
  businessTime: boolean;
  sla: SlaTargets | null;
}

/** One row of the query: a group's sums and counts, merged and averaged in Node. */
export interface KpiRow {
  group_key: unknown;
  conversations: unknown;
  resolved: unknown;
  frt_sum: unknown;
  frt_n: unknown;
  res_sum: unknown;
  res_n: unknown;
  frt_b_sum?: unknown;
  frt_b_n?: unknown;
  res_b_sum?: unknown;
  res_b_n?: unknown;
  fr_breaches?: unknown;
  res_breaches?: unknown;
}

/**
 * The one statement of the service KPIs over the conversations opened in [from, to): sums and
 * counts per group, so that groups merge exactly (an average of averages would not). Timestamps
 * become epoch ms first (SQLite stores them so; PostgreSQL's are `timestamptz`); with business
 * hours, each of a conversation's four instants joins the calendar row of its hour and gets its
 * business time from it ({@link businessTimeAt}), and every business duration is a difference of
 * two of them.
 *
 * Parameters, in order: now (in ms, or its business time), once per SLA target; from; to; the channel, if any.
 */
export function kpiQuery(plan: KpiQueryPlan): string {
  // date_part is double precision where extract is numeric, whose arithmetic is several times slower.
  const ms = (column: string) => (plan.dialect === 'postgresql' ? `cast(date_part('epoch', ${column}) * 1000 as bigint)` : column);
  const groupKey = {
    none: 'null',
    channel: 'opened_channel',
    assignee: 'assignee_id',
    quarterHour: plan.dialect === 'postgresql' ? `cast(floor(date_part('epoch', opened_at) * 1000 / ${QUARTER_HOUR_MS}) as bigint)` : `(opened_at / ${QUARTER_HOUR_MS})`,
  }[plan.group];
  const where = `opened_at >= ? and opened_at < ?${plan.channel !== undefined ? ' and opened_channel = ?' : ''}`;
  const base = `select ${groupKey} as group_key, status, ${ms('opened_at')} as opened_ms, ${ms('first_inbound_at')} as inbound_ms,
                       ${ms('first_response_at')} as response_ms, ${ms('resolved_at')} as resolved_ms
                  from conversations where ${where}`;
  // Each of the four instants finds its calendar hour by key (left joins: a null instant has none).
  const instants = [
    ['opened', 'ho'],
    ['inbound', 'hi'],
    ['response', 'hr'],
    ['resolved', 'hs'],
  ] as const;
  const located = plan.businessTime
    ? `select t.*, ${instants.map(([name, row]) => `${businessTimeAt(`t.${name}_ms`, row, plan.dialect)} as ${name}_b`).join(', ')}
         from (${base}) t
         ${instants.map(([name, row]) => `left join business_calendar ${row} on ${row}.hour = ${calendarHourOf(`t.${name}_ms`)}`).join('\n         ')}`
    : base;

  // PostgreSQL sums bigints as numeric; sums of ms stay exact in a double up to 2^53 (about 285,000 years).
  const float = (value: string) => (plan.dialect === 'postgresql' ? `cast(${value} as double precision)` : value);
  const frt = 'case when response_ms is not null and inbound_ms is not null then response_ms - inbound_ms end';
  const res = 'case when resolved_ms is not null then resolved_ms - opened_ms end';
  const columns = [
    plan.group === 'none' ? `'' as group_key` : 'group_key',
    'count(*) as conversations',
    'sum(case when resolved_ms is not null then 1 else 0 end) as resolved',
    `sum(${float(frt)}) as frt_sum`,
    `count(${frt}) as frt_n`,
    `sum(${float(res)}) as res_sum`,
    `count(${res}) as res_n`,
  ];
  if (plan.businessTime) {
    const frtB = 'case when response_b is not null and inbound_b is not null then response_b - inbound_b end';
    const resB = 'case when resolved_b is not null then resolved_b - opened_b end';
    columns.push(`sum(${float(frtB)}) as frt_b_sum`, `count(${frtB}) as frt_b_n`, `sum(${float(resB)}) as res_b_sum`, `count(${resB}) as res_b_n`);
  }
  if (plan.sla) columns.push(...slaColumns(plan.sla, plan.businessTime));
  return `select ${columns.join(', ')} from (${located}) k${plan.group === 'none' ? '' : ' group by group_key'}`;
}

/**
 * SLA breaches: a first response later than its target, or none yet (until resolution, or now)
 * and already past it; a resolution later than its target, or none yet and already past it. In
 * business time when the calendar is used. `?` is now, in ms (its business time with a calendar).
 */
function slaColumns(sla: SlaTargets, businessTime: boolean): string[] {
  const [opened, inbound, response, resolved] = businessTime ? ['opened_b', 'inbound_b', 'response_b', 'resolved_b'] : ['opened_ms', 'inbound_ms', 'response_ms', 'resolved_ms'];
  const columns: string[] = [];
  if (sla.firstResponseMs !== undefined) {
    columns.push(`sum(case when ${inbound} is not null and coalesce(${response}, ${resolved}, ?) - ${inbound} > ${sla.firstResponseMs} then 1 else 0 end) as fr_breaches`);
  }
  if (sla.resolutionMs !== undefined) {
    columns.push(`sum(case when coalesce(${resolved}, ?) - ${opened} > ${sla.resolutionMs} then 1 else 0 end) as res_breaches`);
  }
  return columns;
}

/** How many `?` of "now" the SLA columns take. */
export function slaNowParameters(sla: SlaTargets | null): number {
  return sla ? Number(sla.firstResponseMs !== undefined) + Number(sla.resolutionMs !== undefined) : 0;
}
