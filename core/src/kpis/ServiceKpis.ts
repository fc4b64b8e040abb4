import { inject, injectable } from 'inversify';
import { serviceToken, ValidationError } from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { applyRule } from '../domain/inputRules.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { BusinessCalendarTable, CALENDAR_HOUR_MS } from './BusinessCalendarTable.js';
import { addRows, dayKey, figuresOf, groupRows, localDates, weekKey, type FigureContext, type KpiFigures } from './kpiFigures.js';
import { KpiOptions } from './KpiOptions.js';
import { kpiQuery, QUARTER_HOUR_MS, slaNowParameters, type KpiGroupColumn, type KpiRow } from './kpiQuery.js';

export type { KpiFigures, SlaBreaches } from './kpiFigures.js';

/** How the figures are broken down (`KpiGrouping` in GraphQL). */
export type KpiGrouping = 'CHANNEL' | 'ASSIGNEE' | 'DAY' | 'WEEK';

/** A period, optionally a channel (the one a conversation was opened on), and a breakdown. */
export interface KpiFilter {
  from: Date;
  to: Date;
  channel?: string;
  groupBy?: KpiGrouping;
}

/** The key of conversations no agent is assigned to, in a breakdown by assignee. */
export const UNASSIGNED_KEY = 'unassigned';

/** One group of a breakdown: its key (a channel, a user id, `YYYY-MM-DD`, `YYYY-Www`) and its figures. */
export interface KpiGroup extends KpiFigures {
  key: string;
}

/** The figures of the period, and of each group when a breakdown was asked for. */
export interface KpiSummary extends KpiFigures {
  groups: KpiGroup[];
}

/**
 * First response time, resolution time and rate, in business time too with business hours, and
 * SLA breaches with targets, over the conversations opened in a period, computed in the database
 * in one statement whatever their number (docs/kpis.md). Days and weeks are those of the business
 * hours' time zone, else UTC.
 */
export interface ServiceKpis {
  summary(filter: KpiFilter): Promise<KpiSummary>;
}

/** The container token of {@link ServiceKpis}. */
export const ServiceKpis = serviceToken<ServiceKpis>('rapport.core.ServiceKpis');

const GROUP_COLUMN: Record<KpiGrouping, KpiGroupColumn> = { CHANNEL: 'channel', ASSIGNEE: 'assignee', DAY: 'quarterHour', WEEK: 'quarterHour' };

/** {@link ServiceKpis} on SQL, with the business calendar table when business hours are configured. */
@injectable()
export class SqlServiceKpis implements ServiceKpis {
  private readonly calendar: BusinessCalendarTable | undefined;

  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(KpiOptions) private readonly options: KpiOptions,
  ) {
    this.calendar = options.businessHours ? new BusinessCalendarTable(database, options.businessHours) : undefined;
  }

  async summary(filter: KpiFilter): Promise<KpiSummary> {
    if (!(filter.from < filter.to)) throw new ValidationError('from must be before to.', 'from');
    const now = this.clock.now().getTime();
    const businessTime = this.calendar !== undefined;
    // Conversations opened in the period end, at the latest, now.
    if (this.calendar) await this.calendar.ensureCovers(filter.from.getTime(), Math.max(filter.to.getTime(), now));
    const sql = SqlSession.reads(this.database);
    const context: FigureContext = { businessTime, sla: this.options.sla };
    // The SLA columns' "now" come first in the statement's text, then the period and the channel;
    // without SLA targets there are none, and the business time of now is not looked up.
    const nowCount = slaNowParameters(this.options.sla);
    const nowValue = nowCount > 0 && businessTime ? await this.businessTimeOf(sql, now) : now;
    const params: unknown[] = Array.from({ length: nowCount }, () => nowValue);
    params.push(sql.date(filter.from), sql.date(filter.to));
    if (filter.channel !== undefined) params.push(applyRule('channel', filter.channel, 'channel'));
    const group = filter.groupBy ? GROUP_COLUMN[filter.groupBy] : 'none';
    const rows = await sql.all<KpiRow>(
      kpiQuery({ dialect: this.database.dialect, group, businessTime, sla: this.options.sla, ...(filter.channel !== undefined && { channel: filter.channel }) }),
      params,
    );
    return { ...figuresOf(addRows(rows), context), groups: filter.groupBy ? groupRows(rows, this.keyOf(filter.groupBy), context) : [] };
  }

  /** How a row's group column becomes the key of its group. */
  private keyOf(groupBy: KpiGrouping): (groupKey: unknown) => string {
    const localDate = localDates(this.options.businessHours?.timezone ?? 'UTC');
    // A breakdown by day has about 35,000 quarter hours a year, of 365 days: each day's key is made once.
    const memo = <T>(make: (localMidnight: number) => T) => {
      const made = new Map<number, T>();
      return (groupKey: unknown): T => {
        const midnight = localDate(Number(groupKey) * QUARTER_HOUR_MS);
        let key = made.get(midnight);
        if (key === undefined) made.set(midnight, (key = make(midnight)));
        return key;
      };
    };
    switch (groupBy) {
      case 'CHANNEL':
        return (key) => String(key);
      case 'ASSIGNEE':
        return (key) => (key === null || key === undefined ? UNASSIGNED_KEY : String(key));
      case 'DAY':
        return memo(dayKey);
      case 'WEEK':
        return memo(weekKey);
    }
  }

  /** The business time of the calendar up to an instant, as the query's {@link businessTimeAt} computes it. */
  private async businessTimeOf(sql: SqlSession, instantMs: number): Promise<number> {
    const hour = Math.floor(instantMs / CALENDAR_HOUR_MS);
    const row = await sql.one<Record<'before_ms' | 'a_from' | 'a_to' | 'b_from' | 'b_to', unknown>>('select before_ms, a_from, a_to, b_from, b_to from business_calendar where hour = ?', [hour]);
    if (!row) return 0;
    const into = instantMs - hour * CALENDAR_HOUR_MS;
    const passed = (from: unknown, to: unknown) => Math.max(0, Math.min(into - Number(from), Number(to) - Number(from)));
    return Number(row.before_ms) + passed(row.a_from, row.a_to) + passed(row.b_from, row.b_to);
  }
}
