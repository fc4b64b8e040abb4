/**
 * The activity summary's measurement (migration 0014, docs/segments.md "The activity summary"),
 * on PostgreSQL: EXPLAIN ANALYZE of the finder's statements as the compiler wrote them before the
 * summary (correlated aggregates over `interactions`, reproduced here verbatim) and as it writes
 * them now, on the same data in the same run; then the rows per second of a batch insert of
 * interactions with the summary's triggers and without them, alternated.
 *
 * Run: `node --import ./core/bin/register-source.js bench/lib/activitySeed.ts`; prints one JSON
 * document (progress on standard error). Data: bench/lib/segmentData.ts, generated set-based in a
 * schema of its own with the summary's triggers disabled, then the summary filled by the
 * migration's own backfill statement (timed). Environment: BENCH_ACTIVITY_CUSTOMERS (default
 * 200,000), BENCH_ACTIVITY_INTERACTIONS (default 10 per customer), BENCH_ACTIVITY_RUNS (EXPLAIN
 * ANALYZE runs of each statement, the median reported; default 3), BENCH_ACTIVITY_INSERT_ROWS
 * (rows of each insert batch, default 50,000), BENCH_ACTIVITY_INSERT_ROUNDS (default 3).
 */
import { customerActivity } from '../../core/src/persistence/migrations/0014_customer_activity.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';
import { countMatchingCustomers, selectMatchingCustomers, validateRuleTree, type CompiledSql } from '../../core/src/segments/index.js';
import { freshDatabase } from './benchDatabases.js';
import { generateSegmentData, insertRecentInteractions, type SegmentDataSize } from './segmentData.js';
import { median } from './statistics.js';
import { positiveIntegerEnv as integer } from './benchEnv.js';

const CUSTOMERS = integer('BENCH_ACTIVITY_CUSTOMERS', 200_000);
const INTERACTIONS = integer('BENCH_ACTIVITY_INTERACTIONS', CUSTOMERS * 10);
const RUNS = integer('BENCH_ACTIVITY_RUNS', 3);
const INSERT_ROWS = integer('BENCH_ACTIVITY_INSERT_ROWS', 50_000);
const INSERT_ROUNDS = integer('BENCH_ACTIVITY_INSERT_ROUNDS', 3);
const TRIGGERS = ['interactions_activity_insert', 'interactions_activity_delete', 'interactions_activity_update'];

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The statements measured: the compiler's output now, and before migration 0014 (git c9f08c9). */
function statements(now: Date): { name: string; before: CompiledSql; after: CompiledSql }[] {
  const options = { dialect: 'postgresql' as const, now };
  const bound = new Date(now.getTime() - 60 * 86_400_000).toISOString();
  const inbound = "i.customer_id = c.id and i.direction = 'INBOUND'";
  const purchases = "i.customer_id = c.id and i.type = 'purchase'";
  const amount = "case when jsonb_typeof(i.metadata -> 'amount') = 'number' then cast(i.metadata -> 'amount' as double precision) else 0 end";
  const count = (tree: unknown) => countMatchingCustomers(validateRuleTree(tree), options);
  return [
    {
      name: 'count: CSAT under 40 and nothing in 60 days',
      before: {
        sql: `select count(*) as count from customers c where (exists (select 1 from scores s where s.customer_id = c.id and s.rule = cast(? as text) and s.value < cast(? as double precision)) and not (exists (select 1 from interactions i where ${inbound} and i.occurred_at > cast(? as timestamptz))))`,
        params: ['csat', 40, bound],
      },
      after: count({ all: [{ field: 'score.csat', op: 'lt', value: 40 }, { field: 'interactions.lastAt', op: 'olderThan', value: 'P60D' }] }),
    },
    {
      name: 'count: purchases.total gt 400',
      before: { sql: `select count(*) as count from customers c where (select coalesce(sum(${amount}), 0) from interactions i where ${purchases}) > cast(? as double precision)`, params: [400] },
      after: count({ field: 'purchases.total', op: 'gt', value: 400 }),
    },
    {
      name: 'count: interactions.count gte 12',
      before: { sql: `select count(*) as count from customers c where (select count(*) from interactions i where ${inbound}) >= cast(? as double precision)`, params: [12] },
      after: count({ field: 'interactions.count', op: 'gte', value: 12 }),
    },
    {
      name: 'first page (101 rows) by interactions.lastAt desc',
      before: {
        sql: `select c.id as id, (select max(i.occurred_at) from interactions i where ${inbound}) as sort_key from customers c order by (select max(i.occurred_at) from interactions i where ${inbound}) desc nulls last, c.id desc limit ?`,
        params: [101],
      },
      after: selectMatchingCustomers(undefined, { ...options, orderBy: { field: 'interactions.lastAt', direction: 'desc' }, limit: 101 }),
    },
  ];
}

/** Execution time of EXPLAIN ANALYZE, median of {@link RUNS}, and the plan of the last run. */
async function explain(sql: SqlSession, statement: CompiledSql): Promise<{ ms: number; rows: number; plan: string[] }> {
  const times: number[] = [];
  let plan: string[] = [];
  let rows = 0;
  for (let run = 0; run < RUNS; run++) {
    const lines = (await sql.all<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${statement.sql}`, statement.params)).map((row) => row['QUERY PLAN']);
    times.push(Number(/Execution Time: ([\d.]+) ms/.exec(lines.at(-1)!)![1]));
    plan = lines;
    rows = (await sql.all(statement.sql, statement.params)).length;
  }
  return { ms: Math.round(median(times) * 10) / 10, rows, plan: plan.filter((line) => /Scan|Join|Nested|Limit|Append|InitPlan|One-Time|Sort/.test(line)).map((line) => line.trim().slice(0, 140)) };
}

async function main(): Promise<void> {
  const now = new Date('2026-03-02T09:00:00.000Z');
  const size: SegmentDataSize = { customers: CUSTOMERS, interactions: INTERACTIONS, now };
  const { database, dispose } = await freshDatabase('postgresql');
  const sql = SqlSession.autocommit(database);
  const triggers = (enable: boolean) => Promise.all(TRIGGERS.map((name) => sql.run(`alter table interactions ${enable ? 'enable' : 'disable'} trigger ${name}`)));
  try {
    log(`activity summary: ${CUSTOMERS} customers, ${INTERACTIONS} interactions on PostgreSQL`);
    await triggers(false);
    const generation = await generateSegmentData(database, size, log);
    const backfillStatement = customerActivity.postgresql.find((statement) => statement.startsWith('insert into customer_activity'))!;
    const backfillStarted = performance.now();
    await sql.run(backfillStatement);
    const backfillMs = Math.round(performance.now() - backfillStarted);
    await sql.run('analyze customer_activity');
    await triggers(true);
    const summaryRows = Number((await sql.one<{ n: unknown }>('select count(*) as n from customer_activity'))!.n);
    log(`  backfill: ${(backfillMs / 1000).toFixed(1)} s, ${summaryRows} rows`);

    const queries = [];
    for (const { name, before, after } of statements(now)) {
      log(`  ${name}`);
      const [old, fresh] = [await explain(sql, before), await explain(sql, after)];
      const same = JSON.stringify(await sql.all(before.sql, before.params)) === JSON.stringify(await sql.all(after.sql, after.params));
      queries.push({ name, beforeMs: old.ms, afterMs: fresh.ms, speedup: Math.round((old.ms / fresh.ms) * 10) / 10, sameAnswer: same, afterPlan: fresh.plan, beforePlan: old.plan });
    }

    // Batch inserts of inbound messages for random customers, with and without the triggers, alternated.
    const withTriggers: number[] = [];
    const without: number[] = [];
    for (let round = 0; round < INSERT_ROUNDS; round++) {
      for (const enabled of round % 2 === 0 ? [true, false] : [false, true]) {
        await triggers(enabled);
        const ms = await insertRecentInteractions(database, size, INSERT_ROWS, `b${round}${enabled ? 't' : 'n'}`);
        (enabled ? withTriggers : without).push(Math.round(INSERT_ROWS / (ms / 1000)));
        log(`  insert ${INSERT_ROWS} ${enabled ? 'with' : 'without'} triggers: ${ms} ms`);
      }
    }
    await triggers(true);
    const inserts = { rows: INSERT_ROWS, rounds: INSERT_ROUNDS, withTriggersRowsPerSecond: median(withTriggers), withoutTriggersRowsPerSecond: median(without), runs: { withTriggers, without } };
    process.stdout.write(
      `${JSON.stringify({ database: 'postgresql', customers: CUSTOMERS, interactions: INTERACTIONS, generationMs: generation, backfillMs, summaryRows, runs: RUNS, queries, inserts, costPerRow: Math.round((1 - inserts.withTriggersRowsPerSecond / inserts.withoutTriggersRowsPerSecond) * 100) + '% fewer rows/s with triggers' }, null, 2)}\n`,
    );
  } finally {
    await dispose();
  }
}

await main();
