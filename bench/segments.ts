/**
 * Segments benchmark (issue 14): rule trees over a large base, through a real server's GraphQL
 * API, against hand-written SQL measured in the same run. Run with `npm run -s bench:segments`;
 * prints one JSON document (progress on standard error). Not part of `npm run bench`: at full
 * size it takes the better part of an hour (docs/benchmarks.md).
 *
 * Per database (PostgreSQL at 1,000,000 customers and 10,000,000 interactions, SQLite at a tenth):
 * 1. data generated set-based into a fresh migrated database (bench/lib/segmentData.ts), timed;
 * 2. a Rapport server in its own process (bench/lib/benchServer.ts), its memory sampled;
 * 3. `defineSegment` of a 3-condition segment, alternated round by round with the same insert
 *    into memberships written by hand (and with the core's compiled predicate in that same
 *    insert), each run in the bench process on its own connection; and a `{ __typename }` request
 *    in the same turn, the fixed part any request costs on this machine (`requestFloor`); and
 *    the hand-written insert once more, behind a mutation of a bare graphql-yoga server in a
 *    process of its own (`handWrittenServer`): what the same SQL costs served by hand;
 * 4. `segmentPreview`, the first page of `customers(where:, first: 100)` and the 100th (by
 *    `after:` cursors), `totalCount` against `countEstimate`; then the search `customers(query:)`
 *    for an email, a name, a phone, a term nobody has, a common and a short one, against the
 *    search's statement before its index, and the finder's `contains` leaves (a rare email, a
 *    phone, a name with a score rule, an email nobody has) against the page compiled without
 *    the index's candidates (bench/lib/customerSearchLoad.ts);
 * 5. 10,000 new interactions inserted set-based, then the segment refreshed the way the API does
 *    it: `defineSegment` again with the same rules, which runs the refresh the schedule runs;
 * 6. 1,000 more, then the refresh the schedule runs after events, of their customers only,
 *    against a refresh of everyone (bench/lib/scopedRefresh.ts);
 * 7. the RFM plugin's model, whose ranks compare customers with each other: its first refresh,
 *    then refreshes of everyone against refreshes of those same customers (bench/lib/rankedRefresh.ts).
 *
 * Environment: BENCH_SEGMENTS_CUSTOMERS (PostgreSQL's customers, default 1,000,000),
 * BENCH_SEGMENTS_INTERACTIONS (default 10 per customer), BENCH_SEGMENTS_SQLITE_SCALE (SQLite's
 * share of both, default 0.1), BENCH_SEGMENTS_DATABASES (default sqlite,postgresql),
 * BENCH_SEGMENTS_ROUNDS (definitions and baselines, default 7), BENCH_SEGMENTS_RUNS (repeats of
 * each read, default 10), BENCH_SEGMENTS_NEW_INTERACTIONS (default 10,000), BENCH_SEGMENTS_KEEP (`1`:
 * keep the generated database and print its URL), BENCH_SEGMENTS_REUSE (the URL of a kept
 * database: measure on it instead of generating; with one database in BENCH_SEGMENTS_DATABASES),
 * BENCH_SEGMENTS_CPU_PROF (a directory: the server runs with --cpu-prof there, as in bench:email).
 */
import path from 'node:path';
import { CORE_OWNER, MigrationRunner } from '../core/src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../core/src/persistence/migrations/index.js';
import { openDatabase, type Database } from '../core/src/persistence/openDatabase.js';
import { SqlSession } from '../core/src/persistence/SqlSession.js';
import { startAutovacuumStandIn } from './lib/autovacuumStandIn.js';
import { BENCH_DATABASES, freshDatabase, type BenchDatabaseKind } from './lib/benchDatabases.js';
import { customersOfRecentInteractions, insertRecentInteractions, generateSegmentData, outboxDrained, type SegmentDataSize } from './lib/segmentData.js';
import { handWrittenForms, hasActivitySummary } from './lib/handWrittenSegment.js';
import {
  HandWrittenServerApi,
  latency,
  PAGE_RULES,
  PAGE_SIZE,
  RssSampler,
  runCompiledPredicate,
  runHandWritten,
  SEGMENT_RULES,
  SegmentApi,
  timedCall,
} from './lib/segmentQueries.js';
import { measureFinderText, measureSearch } from './lib/customerSearchLoad.js';
import { measureRankedRefresh } from './lib/rankedRefresh.js';
import { measureScopedRefresh } from './lib/scopedRefresh.js';
import { killLiveChildren, startBenchServer } from './lib/serverProcess.js';
import { median } from './lib/statistics.js';
import { positiveIntegerEnv as integer } from './lib/benchEnv.js';

const CUSTOMERS = integer('BENCH_SEGMENTS_CUSTOMERS', 1_000_000);
const INTERACTIONS = integer('BENCH_SEGMENTS_INTERACTIONS', CUSTOMERS * 10);
const SQLITE_SCALE = Number(process.env.BENCH_SEGMENTS_SQLITE_SCALE ?? 0.1);
const ROUNDS = integer('BENCH_SEGMENTS_ROUNDS', 7);
const RUNS = integer('BENCH_SEGMENTS_RUNS', 10);
const NEW_INTERACTIONS = integer('BENCH_SEGMENTS_NEW_INTERACTIONS', 10_000);
const DATABASES = (process.env.BENCH_SEGMENTS_DATABASES ?? BENCH_DATABASES.join(',')).split(',').map((name) => name.trim()) as BenchDatabaseKind[];
const TARGET_PAGE = 100;
/** Refreshes of some customers and of everyone, alternated, on unchanged data. */
const SCOPED_ROUNDS = 5;
/** Refreshes of the RFM model of each kind, alternated. */
const RANKED_ROUNDS = integer('BENCH_SEGMENTS_RANKED_ROUNDS', 3);
/**
 * The interactions whose customers the scoped refresh looks at: about what the schedule's
 * default `scopedUpTo` (1,000 customers) lets a coalesced refresh take.
 */
const SCOPED_INTERACTIONS = 1_000;
const KEEP = process.env.BENCH_SEGMENTS_KEEP === '1';
const REUSE = process.env.BENCH_SEGMENTS_REUSE;
const CPU_PROF_DIR = process.env.BENCH_SEGMENTS_CPU_PROF;
if (REUSE && DATABASES.length !== 1) throw new Error('BENCH_SEGMENTS_REUSE names one database: set BENCH_SEGMENTS_DATABASES to its kind.');
/** Names this run's segments and rows apart from an earlier run's on a reused database. */
const RUN = Date.now().toString(36);
/**
 * The data is written under the migrations before the activity summary (0014), then the rest run
 * as an upgrade of a deployment would: 0014's own set-based backfill fills the summary with what
 * its triggers would have written row by row (which, on the 2-core machine, made the generation
 * of ten million interactions take over an hour). BENCH_SEGMENTS_TRIGGERS=1 generates under every
 * migration, the triggers filling the summary. Either way the 10,000 later interactions of the
 * refresh go through the triggers.
 */
const TRIGGERS = process.env.BENCH_SEGMENTS_TRIGGERS === '1';
const SUMMARY_AT = CORE_MIGRATIONS.findIndex((migration) => migration.name === '0014_customer_activity');
const DATA_MIGRATIONS = TRIGGERS || SUMMARY_AT < 0 ? CORE_MIGRATIONS : CORE_MIGRATIONS.slice(0, SUMMARY_AT);

const GOALS = { defineMs: 5_000, defineToHandWritten: 1.2, pageP50Ms: 50, rssGrowth: 1.5 } as const;

const log = (line: string) => process.stderr.write(`${line}\n`);
const round2 = (value: number) => Math.round(value * 100) / 100;
process.once('exit', killLiveChildren);

/** `count` timed calls of `work`, one after the other. */
async function repeat<T>(count: number, work: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < count; i++) {
    const run = await timedCall(work);
    ms.push(run.ms);
    last = run.value;
  }
  return { ms, last };
}

async function measure(kind: BenchDatabaseKind) {
  const scale = kind === 'sqlite' ? SQLITE_SCALE : 1;
  const size: SegmentDataSize = { customers: Math.round(CUSTOMERS * scale), interactions: Math.round(INTERACTIONS * scale), now: new Date() };
  const fresh = REUSE ? await keptDatabase(kind, REUSE) : await freshDatabase(kind, DATA_MIGRATIONS);
  const db = fresh.database;
  if (REUSE) size.customers = Number((await SqlSession.autocommit(db).one<{ n: unknown }>('select count(*) as n from customers'))?.n);
  if (REUSE) size.interactions = Number((await SqlSession.autocommit(db).one<{ n: unknown }>('select count(*) as n from interactions'))?.n);
  log(REUSE ? `segments on ${kind}: reusing ${size.customers} customers and ${size.interactions} interactions` : `segments on ${kind}: generating ${size.customers} customers and ${size.interactions} interactions…`);
  const generation = REUSE ? undefined : await generateSegmentData(db, size, log);
  const laterMigrations = await timedCall(() => new MigrationRunner(db).run(CORE_OWNER, CORE_MIGRATIONS));
  const analyze = await timedCall(() => SqlSession.autocommit(db).run('analyze'));
  log(`  later migrations (${laterMigrations.value.join(', ') || 'none'}): ${(laterMigrations.ms / 1000).toFixed(1)} s; analyze: ${(analyze.ms / 1000).toFixed(1)} s`);
  if (KEEP) log(`  kept for BENCH_SEGMENTS_REUSE: ${fresh.url}`);
  const forms = handWrittenForms(db, await hasActivitySummary(db));
  // Named by Node (pid and thread): the source loader runs in a thread of its own, whose profile would overwrite the main one under one name.
  const nodeArgs = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : [];
  const server = await startBenchServer('rapport', fresh.url, nodeArgs);
  const handServer = await startBenchServer('bare-yoga', fresh.url);
  // Where the machine's PostgreSQL runs without autovacuum, the outbox's indexes would fill with
  // the dead entries of delivered events and the event figures would measure that instead.
  const autovacuum = kind === 'postgresql' ? await startAutovacuumStandIn(db) : undefined;
  const rss = new RssSampler(server.child.pid!);
  const api = new SegmentApi(server.graphqlUrl);
  const byHand = new HandWrittenServerApi(handServer.graphqlUrl);
  const serverForm = (name: string) => `server.${name}`;
  try {
    await api.preview(SEGMENT_RULES);
    await api.page(PAGE_RULES);
    for (const name of Object.keys(forms)) await byHand.fill(name, `warm-${name}-${RUN}`);
    rss.mark('warm-up');

    // Definitions against the baselines, the order turning each round so drift hits them all.
    log(`segments on ${kind}: defineSegment against hand-written SQL, ${ROUNDS} rounds…`);
    const runs: Record<string, number[]> = {
      defineSegment: [],
      compiledPredicate: [],
      requestFloor: [],
      ...Object.fromEntries(Object.keys(forms).flatMap((name) => [[name, []], [serverForm(name), []]])),
    };
    // The member counts of the tasks that fill a segment (the floor fills none).
    const members: Record<string, number[]> = {};
    const eventsDeliveredMs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const tasks: [string, () => Promise<{ ms: number; members?: number }>][] = [
        ['defineSegment', async () => {
          const { ms, value } = await timedCall(() => api.define(`bench-${RUN}-${r}`, SEGMENT_RULES));
          eventsDeliveredMs.push(await outboxDrained(db));
          return { ms, members: value.memberCount };
        }],
        ['compiledPredicate', () => runCompiledPredicate(db, fresh.url, `compiled-${RUN}-${r}`, new Date())],
        // In the same turn as the others, so it meets the server as idle as a definition does.
        ['requestFloor', async () => ({ ms: (await timedCall(() => api.typename())).ms })],
        ...Object.entries(forms).map(([name, form]): [string, () => Promise<{ ms: number; members: number }>] => [name, () => runHandWritten(db, fresh.url, form, `hand-${name}-${RUN}-${r}`, new Date())]),
        ...Object.keys(forms).map((name): [string, () => Promise<{ ms: number; members: number }>] => [
          serverForm(name),
          async () => {
            const { ms, value } = await timedCall(() => byHand.fill(name, `server-${name}-${RUN}-${r}`));
            return { ms, members: value };
          },
        ]),
      ];
      for (let t = 0; t < tasks.length; t++) {
        const [name, task] = tasks[(t + r) % tasks.length]!;
        const result = await task();
        runs[name]!.push(result.ms);
        if (result.members !== undefined) (members[name] ??= []).push(result.members);
      }
    }
    rss.mark('define');
    const fastest = (names: string[]) => names.reduce((best, name) => (median(runs[name]!) < median(runs[best]!) ? name : best));
    const baselineName = fastest(Object.keys(forms));
    const serverBaselineName = fastest(Object.keys(forms).map(serverForm));
    const defineP50 = median(runs.defineSegment!);
    const baselineP50 = median(runs[baselineName]!);
    const serverBaselineP50 = median(runs[serverBaselineName]!);

    log(`segments on ${kind}: segmentPreview, pages, counts…`);
    const preview = await repeat(RUNS, () => api.preview(SEGMENT_RULES));
    rss.mark('preview');
    const firstPage = await repeat(RUNS, () => api.page(PAGE_RULES));
    const walk: number[] = [];
    let cursor: string | undefined;
    let pageNumber = 1;
    for (; pageNumber < TARGET_PAGE; pageNumber++) {
      const { ms, value } = await timedCall(() => api.page(PAGE_RULES, cursor));
      walk.push(ms);
      if (!value.hasNextPage || !value.endCursor) break;
      cursor = value.endCursor;
    }
    const lastPage = await repeat(RUNS, () => api.page(PAGE_RULES, cursor));
    rss.mark('pages');
    const counting = async (rules: unknown) => {
      const total = await repeat(Math.max(3, Math.ceil(RUNS / 2)), () => api.totalCount(rules));
      const estimate = await repeat(RUNS, () => api.countEstimate(rules));
      return {
        totalCount: { value: total.last, ...latency(total.ms) },
        // How far the estimate was from the count, in % of the count.
        countEstimate: { ...estimate.last, ...latency(estimate.ms), errorPercent: Math.round(((estimate.last.value - total.last) / Math.max(1, total.last)) * 1000) / 10 },
      };
    };
    const counts = { segment: await counting(SEGMENT_RULES), pages: await counting(PAGE_RULES), everyone: await counting(undefined) };
    rss.mark('counts');
    log(`segments on ${kind}: the customer search…`);
    const search = await measureSearch(api, db, size.customers, RUNS);
    const finderText = await measureFinderText(api, db, size.customers, RUNS);
    rss.mark('search');

    log(`segments on ${kind}: a refresh after ${NEW_INTERACTIONS} new interactions…`);
    const before = median(members.defineSegment!);
    const insertMs = await insertRecentInteractions(db, size, NEW_INTERACTIONS, `n${RUN}`);
    const refresh = await timedCall(() => api.define(`bench-${RUN}-0`, SEGMENT_RULES));
    const refreshEventsMs = await outboxDrained(db);
    const unchanged = await timedCall(() => api.define(`bench-${RUN}-0`, SEGMENT_RULES));
    rss.mark('refresh');

    log(`segments on ${kind}: a refresh of the customers of ${SCOPED_INTERACTIONS} more interactions, against one of everyone…`);
    await insertRecentInteractions(db, size, SCOPED_INTERACTIONS, `s${RUN}`);
    const named = await customersOfRecentInteractions(db, SCOPED_INTERACTIONS, `s${RUN}`);
    const scoped = await measureScopedRefresh(db, `bench-${RUN}-0`, named, SCOPED_ROUNDS);
    // The server's memory through step 6: step 7 runs in the bench process, and the server then
    // delivers the events of the model's first refresh, which is another load.
    const memory = rss.stop();

    log(`segments on ${kind}: the RFM model, refreshed whole and for ${named.length} customers…`);
    const ranked = await measureRankedRefresh(db, named, RANKED_ROUNDS);
    const maintenance = await autovacuum?.stop();

    return {
      database: kind,
      customers: size.customers,
      interactions: size.interactions,
      generationMs: generation ? { ...generation, laterMigrations: Math.round(laterMigrations.ms), analyze: Math.round(analyze.ms) } : 'reused',
      ...(KEEP && { keptDatabase: fresh.url }),
      migratedAfterData: laterMigrations.value,
      define: {
        rules: SEGMENT_RULES,
        members: members.defineSegment!.at(-1),
        membersAgree: Object.values(members).every((list) => list.every((n) => n === members.defineSegment![0])),
        defineSegment: latency(runs.defineSegment!),
        eventsDeliveredAfterMs: latency(eventsDeliveredMs).p50Ms,
        compiledPredicate: latency(runs.compiledPredicate!),
        // What any request costs here before its resolvers (see docs/benchmarks.md, twelfth pass).
        requestFloor: latency(runs.requestFloor!),
        handWritten: Object.fromEntries(Object.keys(forms).map((name) => [name, latency(runs[name]!)])),
        baseline: baselineName,
        ratioToHandWritten: round2(defineP50 / baselineP50),
        compiledPredicateToHandWritten: round2(median(runs.compiledPredicate!) / baselineP50),
        // The same insert served by a bare graphql-yoga server: the transport's share of the ratio.
        handWrittenServer: Object.fromEntries(Object.keys(forms).map((name) => [name, latency(runs[serverForm(name)]!)])),
        handWrittenServerToHandWritten: round2(serverBaselineP50 / baselineP50),
        ratioToHandWrittenServer: round2(defineP50 / serverBaselineP50),
        goal: `defineSegment p50 under ${GOALS.defineMs} ms and at most ${GOALS.defineToHandWritten}× the hand-written insert`,
        met: defineP50 < GOALS.defineMs && defineP50 / baselineP50 <= GOALS.defineToHandWritten,
      },
      segmentPreview: { count: preview.last, ...latency(preview.ms) },
      pages: {
        where: PAGE_RULES,
        pageSize: PAGE_SIZE,
        first: latency(firstPage.ms),
        // The page reached by `after:` cursors: the 100th unless the matches end before it.
        page: pageNumber,
        last: latency(lastPage.ms),
        walk: latency(walk),
        goal: `p50 of the first and the ${TARGET_PAGE}th page under ${GOALS.pageP50Ms} ms`,
        met: median(firstPage.ms) < GOALS.pageP50Ms && median(lastPage.ms) < GOALS.pageP50Ms && pageNumber === TARGET_PAGE,
      },
      counts,
      search,
      finderText,
      refresh: {
        how: 'defineSegment again with the same id and rules: the refresh SegmentDefinitions.define runs, the one the schedule runs',
        newInteractions: NEW_INTERACTIONS,
        insertMs,
        membersBefore: before,
        membersAfter: refresh.value.memberCount,
        refreshMs: Math.round(refresh.ms),
        eventsDeliveredAfterMs: refreshEventsMs,
        unchangedRefreshMs: Math.round(unchanged.ms),
      },
      scopedRefresh: {
        how: `the refresh the schedule runs after events, of the customers they named (here: of ${SCOPED_INTERACTIONS} more interactions written set-based), through the core's SegmentRefresh in the bench process, against one of every customer through the same path`,
        customers: scoped.customers,
        first: scoped.first,
        wholeAfter: scoped.wholeAfter,
        scopeHeldEveryChange: scoped.wholeAfter.entered === 0 && scoped.wholeAfter.left === 0,
        scoped: latency(scoped.scopedMs),
        whole: latency(scoped.wholeMs),
        wholeToScoped: round2(median(scoped.wholeMs) / Math.max(0.1, median(scoped.scopedMs))),
      },
      rankedRefresh: {
        how: `@rapport/plugin-segmentation-rfm's model (a year's purchases in EUR) through the core's RuleModelRefresh in the bench process: its first refresh, then of every customer against of the ${named.length} customers of step 6, alternated`,
        customers: ranked.customers,
        first: ranked.first,
        scopedAfter: ranked.scopedAfter,
        whole: latency(ranked.wholeMs),
        scoped: latency(ranked.scopedMs),
        wholeToScoped: round2(median(ranked.wholeMs) / Math.max(0.1, median(ranked.scopedMs))),
      },
      ...(maintenance && { autovacuum: maintenance }),
      memory: {
        ...memory,
        goal: `server RSS never above ${GOALS.rssGrowth}× its size after the warm-up`,
        met: memory.maxMb <= memory.afterWarmUpMb * GOALS.rssGrowth,
      },
    };
  } finally {
    rss.stop();
    await autovacuum?.stop();
    await server.stop();
    await handServer.stop();
    // A kept database stays for BENCH_SEGMENTS_REUSE; a reused one is only closed.
    if (KEEP) await db.close();
    else await fresh.dispose();
  }
}

/** A database a run kept (BENCH_SEGMENTS_KEEP), opened as it is. */
async function keptDatabase(kind: BenchDatabaseKind, url: string): Promise<{ url: string; database: Database; dispose(): Promise<void> }> {
  if (!url.startsWith(kind === 'sqlite' ? 'sqlite:' : 'postgres')) throw new Error(`BENCH_SEGMENTS_REUSE: ${url} is not a ${kind} URL.`);
  const database = await openDatabase(url, { baseDir: process.cwd() });
  return { url, database, dispose: () => database.close() };
}

const results = [];
for (const kind of DATABASES) results.push(await measure(kind));
process.stdout.write(`${JSON.stringify({ benchmark: 'segments', node: process.version, date: new Date().toISOString(), results }, null, 2)}\n`);
