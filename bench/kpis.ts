/**
 * Service KPI benchmark (issue 15): `serviceKpis` over a year of conversations at the segment
 * benchmark's scale, against a hand-written aggregate of the same rows measured in the same run.
 * Run with `npm run -s bench:kpis`; prints one JSON document (progress on standard error).
 *
 * Per database (PostgreSQL with BENCH_KPIS_CONVERSATIONS conversations, default 1,000,000; SQLite
 * with a tenth): the data generated set-based (bench/lib/kpiData.ts), then, each BENCH_KPIS_RUNS
 * times (default 5), alternated:
 * - `baseline`: the hand-written statement a team would write for the year's figures in clock
 *   time (count, resolved, mean first response and resolution times), no business hours;
 * - `clockTime`: the service without business hours or SLA targets (ServiceKpis.summary);
 * - `businessTime`: the service with business hours (Europe/Berlin, weekdays 09:00–17:00, the
 *   public holidays of the year) and SLA targets: four calendar probes per conversation;
 * - `byDay`, `byWeek`, `byChannel`, `byAssignee`: the same with a breakdown.
 * The first call with business hours writes the calendar (`calendarWriteMs`).
 *
 * Environment: BENCH_KPIS_CONVERSATIONS, BENCH_KPIS_SQLITE_SCALE (default 0.1), BENCH_KPIS_RUNS,
 * BENCH_KPIS_DATABASES (a comma-separated subset of sqlite,postgresql).
 */
import { SystemClock } from '../core/src/clock/SystemClock.js';
import type { BusinessHours, KpiOptions, OpenSpan } from '../core/src/kpis/KpiOptions.js';
import { SqlServiceKpis, type KpiFilter } from '../core/src/kpis/ServiceKpis.js';
import type { Database } from '../core/src/persistence/openDatabase.js';
import { SqlSession } from '../core/src/persistence/SqlSession.js';
import { positiveIntegerEnv as integer } from './lib/benchEnv.js';
import { BENCH_DATABASES, freshDatabase, type BenchDatabaseKind } from './lib/benchDatabases.js';
import { generateKpiData } from './lib/kpiData.js';
import { median } from './lib/statistics.js';

const CONVERSATIONS = integer('BENCH_KPIS_CONVERSATIONS', 1_000_000);
const SQLITE_SCALE = Number(process.env.BENCH_KPIS_SQLITE_SCALE ?? 0.1);
const RUNS = integer('BENCH_KPIS_RUNS', 5);
const DATABASES = (process.env.BENCH_KPIS_DATABASES ?? BENCH_DATABASES.join(',')).split(',').map((name) => name.trim()) as BenchDatabaseKind[];
for (const kind of DATABASES) if (!(BENCH_DATABASES as readonly string[]).includes(kind)) throw new Error(`BENCH_KPIS_DATABASES names ${kind}; give a comma-separated subset of ${BENCH_DATABASES.join(',')}.`);
if (!(SQLITE_SCALE > 0 && SQLITE_SCALE <= 1)) throw new Error(`BENCH_KPIS_SQLITE_SCALE must be a number in (0, 1], got ${process.env.BENCH_KPIS_SQLITE_SCALE}.`);

const log = (line: string) => process.stderr.write(`${line}\n`);
const NOW = new Date();
const YEAR: KpiFilter = { from: new Date(NOW.getTime() - 365 * 86_400_000), to: NOW };
const nineToFive: OpenSpan[] = [{ startMinute: 9 * 60, endMinute: 17 * 60 }];
const HOURS: BusinessHours = {
  timezone: 'Europe/Berlin',
  weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: new Set(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26']),
};
const WITH_HOURS: KpiOptions = { businessHours: HOURS, sla: { firstResponseMs: 4 * 3_600_000, resolutionMs: 16 * 3_600_000 } };

/** The hand-written aggregate: what the service's clock-time figures are, written directly. */
function baselineQuery(database: Database): string {
  const ms = (column: string) => (database.dialect === 'postgresql' ? `extract(epoch from ${column}) * 1000` : column);
  return `select count(*) as conversations, sum(case when resolved_at is not null then 1 else 0 end) as resolved,
                 avg(${ms('first_response_at')} - ${ms('first_inbound_at')}) as frt, avg(${ms('resolved_at')} - ${ms('opened_at')}) as res
            from conversations where opened_at >= ? and opened_at < ?`;
}

async function timedMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function measure(kind: BenchDatabaseKind) {
  const conversations = kind === 'sqlite' ? Math.round(CONVERSATIONS * SQLITE_SCALE) : CONVERSATIONS;
  log(`kpis on ${kind}: generating ${conversations} conversations over a year…`);
  const fresh = await freshDatabase(kind);
  try {
    const generationMs = await generateKpiData(fresh.database, { conversations, now: NOW }, log);
    const clock = new SystemClock();
    const clockTime = new SqlServiceKpis(fresh.database, clock, { businessHours: null, sla: null });
    const businessTime = new SqlServiceKpis(fresh.database, clock, WITH_HOURS);
    const sql = SqlSession.reads(fresh.database);
    const calendarWriteMs = Math.round(await timedMs(() => businessTime.summary(YEAR)));
    const cases: Record<string, () => Promise<unknown>> = {
      baseline: () => sql.all(baselineQuery(fresh.database), [sql.date(YEAR.from), sql.date(YEAR.to)]),
      clockTime: () => clockTime.summary(YEAR),
      businessTime: () => businessTime.summary(YEAR),
      byDay: () => businessTime.summary({ ...YEAR, groupBy: 'DAY' }),
      byWeek: () => businessTime.summary({ ...YEAR, groupBy: 'WEEK' }),
      byChannel: () => businessTime.summary({ ...YEAR, groupBy: 'CHANNEL' }),
      byAssignee: () => businessTime.summary({ ...YEAR, groupBy: 'ASSIGNEE' }),
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const [name, work] of Object.entries(cases)) samples[name]!.push(await timedMs(work));
      log(`kpis on ${kind}: run ${run + 1}/${RUNS}: baseline ${Math.round(samples.baseline!.at(-1)!)} ms, business time ${Math.round(samples.businessTime!.at(-1)!)} ms`);
    }
    const baseline = median(samples.baseline!);
    const figures = Object.fromEntries(
      Object.entries(samples).map(([name, values]) => [name, { p50Ms: Math.round(median(values)), minMs: Math.round(Math.min(...values)), maxMs: Math.round(Math.max(...values)), ratioToBaseline: Math.round((median(values) / baseline) * 100) / 100 }]),
    );
    const summary = await businessTime.summary(YEAR);
    return { database: kind, conversations, generationMs, calendarWriteMs, figures, checked: { conversations: summary.conversations, resolved: summary.resolved, averageFirstResponseBusinessTimeMs: summary.averageFirstResponseBusinessTimeMs, slaBreaches: summary.slaBreaches } };
  } finally {
    await fresh.dispose();
  }
}

const results = [];
for (const kind of DATABASES) results.push(await measure(kind));
process.stdout.write(`${JSON.stringify({ benchmark: 'kpis', node: process.version, date: NOW.toISOString(), runs: RUNS, results }, null, 2)}\n`);
