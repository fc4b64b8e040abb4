import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { businessIntervals, calendarHours } from './businessCalendar.js';
import { WEEKDAYS, type BusinessHours } from './KpiOptions.js';

const DAY_MS = 86_400_000;
/** How far past the range asked for the calendar is written, so that a query a day later need not write it again. */
const AHEAD_MS = 60 * DAY_MS;
/** Rows per insert statement: six parameters each, well under either database's limit. */
const ROWS_PER_INSERT = 1_000;

/** The length of a calendar row, in ms. */
export const CALENDAR_HOUR_MS = 3_600_000;

/**
 * The SQL of the business time from the calendar's start up to `instantMs` (an expression of
 * epoch ms), given `row`, the alias of the calendar row of its hour, joined on
 * {@link calendarHourOf}: the time before that hour plus what has passed of its open pieces.
 * Null for a null instant, or one the calendar does not cover.
 */
export function businessTimeAt(instantMs: string, row: string, dialect: Database['dialect']): string {
  const [max, min] = dialect === 'postgresql' ? ['greatest', 'least'] : ['max', 'min'];
  const into = `(${instantMs} - ${row}.hour * ${CALENDAR_HOUR_MS})`;
  return `(${row}.before_ms + ${max}(0, ${min}(${into} - ${row}.a_from, ${row}.a_to - ${row}.a_from)) + ${max}(0, ${min}(${into} - ${row}.b_from, ${row}.b_to - ${row}.b_from)))`;
}

/** The SQL of the calendar hour of an instant (an expression of epoch ms), to join `business_calendar.hour` on. */
export function calendarHourOf(instantMs: string): string {
  // Integer division on both (epoch ms are positive): bigint on PostgreSQL, integer on SQLite.
  return `(${instantMs} / ${CALENDAR_HOUR_MS})`;
}

/**
 * The `business_calendar` table for the configured business hours: rewritten, whole, when the
 * hours changed or a query needs a range it does not cover. The write holds the state row (a
 * PostgreSQL row lock, SQLite's write lock), so two instances never interleave their rows.
 */
export class BusinessCalendarTable {
  private readonly fingerprint: string;

  constructor(
    private readonly database: Database,
    private readonly hours: BusinessHours,
  ) {
    this.fingerprint = JSON.stringify({
      timezone: hours.timezone,
      weekly: WEEKDAYS.map((day) => hours.weekly[day].map((span) => [span.startMinute, span.endMinute])),
      holidays: [...hours.holidays].sort(),
    });
  }

  /** Makes sure the calendar covers [fromMs, toMs] for these hours. */
  async ensureCovers(fromMs: number, toMs: number): Promise<void> {
    if (await this.covers(SqlSession.reads(this.database), fromMs, toMs)) return;
    await SqlSession.transaction(this.database, async (sql) => {
      await sql.run(`insert into business_calendar_state (id, fingerprint, from_ms, to_ms) values (1, '', 0, 0) on conflict (id) do nothing`);
      const state = await sql.one<{ fingerprint: string; from_ms: unknown; to_ms: unknown }>(
        `select fingerprint, from_ms, to_ms from business_calendar_state where id = 1${sql.dialect === 'postgresql' ? ' for update' : ''}`,
      );
      const same = state?.fingerprint === this.fingerprint;
      if (same && Number(state.from_ms) <= fromMs && Number(state.to_ms) >= toMs) return;
      // Widen what is there rather than replace it, so alternating ranges do not rewrite it each time.
      const from = same ? Math.min(Number(state.from_ms), fromMs) : fromMs;
      const to = Math.max(same ? Number(state.to_ms) : 0, toMs + AHEAD_MS);
      // A day either side, so that the hours at the range's ends are whole days of the time zone.
      const hours = calendarHours(businessIntervals(this.hours, from - DAY_MS, to + DAY_MS), from, to);
      await sql.run('delete from business_calendar');
      for (let i = 0; i < hours.length; i += ROWS_PER_INSERT) {
        const chunk = hours.slice(i, i + ROWS_PER_INSERT);
        await sql.run(
          `insert into business_calendar (hour, before_ms, a_from, a_to, b_from, b_to) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap(({ hour, businessBeforeMs, pieces: [a = [0, 0], b = [0, 0]] }) => [hour, businessBeforeMs, a[0], a[1], b[0], b[1]]),
        );
      }
      await sql.run('update business_calendar_state set fingerprint = ?, from_ms = ?, to_ms = ? where id = 1', [this.fingerprint, from, to]);
    });
  }

  private async covers(sql: SqlSession, fromMs: number, toMs: number): Promise<boolean> {
    const state = await sql.one<{ fingerprint: string; from_ms: unknown; to_ms: unknown }>('select fingerprint, from_ms, to_ms from business_calendar_state where id = 1');
    return state?.fingerprint === this.fingerprint && Number(state.from_ms) <= fromMs && Number(state.to_ms) >= toMs;
  }
}
