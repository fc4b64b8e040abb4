/**
 * Soak benchmark (issue 20): does a long-running `rapport start` keep its memory and its ingest
 * rate as time passes and tables grow? Run with `npm run -s bench:soak`; progress goes to stderr,
 * one JSON document to stdout, every figure next to its goal. On a SQLite file and on PostgreSQL,
 * each with a real `rapport start` composed as the platform example is (its plugins score,
 * segment and start workflows on every event, as in a deployment):
 *
 * 1. Memory. A population of BENCH_SOAK_LOAD_CUSTOMERS customers is recorded, then a mixed load
 *    runs for BENCH_SOAK_MINUTES (default 30) on BENCH_SOAK_CONNECTIONS loops (default 8): 70%
 *    reads (customer list, search, a customer with interactions, conversations, scores and
 *    segments, conversation KPIs), 30% writes (single `recordInteraction`s over the population,
 *    one in twenty a `resolveConversation`). The server's RSS (/proc/<pid>/status) and its live
 *    heap (used heap just after each major collection, from a probe preloaded into the server:
 *    bench/lib/soakServer.ts) are sampled throughout; the figures are their least-squares slopes
 *    after the warm-up (the first 20% of the run or 5 minutes, whichever is shorter), in MB/min.
 *    Goal: both under 0.5 MB/min.
 * 2. Growth. From an empty database to BENCH_SOAK_INTERACTIONS (default 1,000,000) in steps of
 *    BENCH_SOAK_STEP (100,000): each step is filled with `recordInteractions` calls of 500 over
 *    BENCH_SOAK_CUSTOMERS customers (100,000), dated over the past year; once the outbox has
 *    delivered the fill's events, single-mutation ingest is measured for
 *    BENCH_SOAK_MEASURE_SECONDS (10) with 8 writers, to the same 2,000 long-lived customers (and
 *    one write in ten from a brand-new customer) at every step, after an unmeasured warm-up of
 *    BENCH_SOAK_WARMUP_SECONDS (10) before the first. A step's rate is the median of
 *    BENCH_SOAK_MEASURE_REPEATS (3) such windows, each after the outbox has drained again: single
 *    10-second windows of one run spread from 107 to 149 per second at the same size.
 *    Goal: the rate at the last step is at least 0.8 of the rate at the first (`ingestRatio`).
 *
 * The baseline of each figure is measured in the same run: the memory after warm-up, and the
 * ingest rate of the empty database. Also BENCH_SOAK_ONLY (sqlite or postgresql),
 * BENCH_SOAK_PHASES (memory, growth, or both comma-separated), BENCH_SOAK_SAMPLE_MS (the sampling
 * period; default the run's length / 300, from 1 to 5 s), BENCH_SOAK_DRAIN_TIMEOUT_MS (how long a
 * step waits for the fill's events, default 900000).
 */
import { freshDatabase, BENCH_DATABASES, type BenchDatabaseKind } from './lib/benchDatabases.js';
import { killLiveChildren } from './lib/serverProcess.js';
import { startAutovacuumStandIn } from './lib/autovacuumStandIn.js';
import { drainOutbox, interactionCount, tableCounts } from './lib/soakDatabase.js';
import { median } from './lib/statistics.js';
import { seededRandom } from '../core/src/util/seededRandom.js';
import { interactionInput, KnownIds, mixedRequest, recordBulk, recordOne, runFor, type MixCounts } from './lib/soakLoad.js';
import { startSoakServer, type SoakServer } from './lib/soakServer.js';
import { memoryRange, memorySlopes, round, warmupEndMs, type MemorySample } from './lib/soakStats.js';

const envNumber = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

const MINUTES = envNumber('BENCH_SOAK_MINUTES') ?? 30;
const INTERACTIONS = envNumber('BENCH_SOAK_INTERACTIONS') ?? 1_000_000;
const STEP = envNumber('BENCH_SOAK_STEP') ?? 100_000;
const CUSTOMERS = envNumber('BENCH_SOAK_CUSTOMERS') ?? 100_000;
const LOAD_CUSTOMERS = envNumber('BENCH_SOAK_LOAD_CUSTOMERS') ?? 10_000;
const CONNECTIONS = envNumber('BENCH_SOAK_CONNECTIONS') ?? 8;
const MEASURE_SECONDS = envNumber('BENCH_SOAK_MEASURE_SECONDS') ?? 10;
const MEASURE_REPEATS = Math.max(1, envNumber('BENCH_SOAK_MEASURE_REPEATS') ?? 3);
const WARMUP_SECONDS = envNumber('BENCH_SOAK_WARMUP_SECONDS') ?? 10;
const DRAIN_TIMEOUT_MS = envNumber('BENCH_SOAK_DRAIN_TIMEOUT_MS') ?? 15 * 60_000;
const DURATION_MS = MINUTES * 60_000;
const SAMPLE_MS = envNumber('BENCH_SOAK_SAMPLE_MS') ?? Math.min(5_000, Math.max(1_000, Math.round(DURATION_MS / 300)));
const ONLY = process.env.BENCH_SOAK_ONLY?.split(',').map((kind) => kind.trim());
const PHASES = (process.env.BENCH_SOAK_PHASES ?? 'memory,growth').split(',').map((phase) => phase.trim());

const WRITERS = 8;
const BULK_SIZE = 500;
const FILL_CALLS_IN_FLIGHT = 4;
/** The long-lived customers every growth step writes to. */
const PROBE_CUSTOMERS = 2_000;
const MEMORY_SLOPE_GOAL_MB_PER_MIN = 0.5;
const INGEST_RATIO_GOAL = 0.8;
const YEAR_MS = 365 * 86_400_000;

function log(message: string): void {
  process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Bulk calls that failed and were sent again, and the first error, over the whole run. */
const fillRetries = { count: 0, firstError: undefined as string | undefined };
const MAX_FILL_ATTEMPTS = 5;

/**
 * One bulk call, sent again if it fails: each input is idempotent on its external id, as an
 * importer relies on. Concurrent calls that name the same new customers can fail on PostgreSQL
 * (two of them creating one identity); the retries are counted in the JSON, not hidden.
 */
async function recordBulkRetrying(url: string, inputs: Record<string, unknown>[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await recordBulk(url, inputs);
    } catch (error) {
      if (attempt >= MAX_FILL_ATTEMPTS) throw error;
      fillRetries.count++;
      fillRetries.firstError ??= (error as Error).message;
    }
  }
}

/** Records `count` interactions from `first` on, in bulk calls, `pick` choosing each one's customer. */
async function fill(server: SoakServer, first: number, count: number, pick: (k: number) => number, random: () => number, onRecorded?: (recorded: Awaited<ReturnType<typeof recordBulk>>) => void, dateOf?: (k: number) => Date): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: FILL_CALLS_IN_FLIGHT }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + BULK_SIZE);
        const inputs = [];
        for (let i = from; i < next; i++) inputs.push(interactionInput(pick(first + i), `fill-${first + i}`, random, dateOf?.(first + i)));
        const recorded = await recordBulkRetrying(server.graphqlUrl, inputs);
        onRecorded?.(recorded);
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

// Memory ------------------------------------------------------------------------------------------

async function memoryPhase(kind: BenchDatabaseKind) {
  const fresh = await freshDatabase(kind);
  const server = await startSoakServer(fresh.url, SAMPLE_MS, log);
  const autovacuum = kind === 'postgresql' ? await startAutovacuumStandIn(fresh.database) : undefined;
  try {
    const random = seededRandom(1);
    const known = new KnownIds();
    log(`${kind} memory: recording ${LOAD_CUSTOMERS} customers`);
    await fill(server, 0, LOAD_CUSTOMERS, (k) => k, random, (recorded) => recorded.forEach((r) => known.remember(r, random)));
    await drainOutbox(fresh.database, DRAIN_TIMEOUT_MS);

    const samples: MemorySample[] = [];
    const startedAt = Date.now();
    const sample = () => {
      const rss = server.rssBytes();
      const heap = server.lastHeap();
      if (rss !== null) samples.push({ atMs: Date.now() - startedAt, rssBytes: rss, heapUsedBytes: heap?.heapUsed ?? null, heapAfterGcBytes: heap?.heapAfterGc ?? null });
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
    const progress = setInterval(() => log(`${kind} memory: ${Math.round((Date.now() - startedAt) / 1000)} s, RSS ${round((samples.at(-1)?.rssBytes ?? 0) / 1048576, 1)} MB`), 60_000);
    const counts: MixCounts = { list: 0, search: 0, detail: 0, kpis: 0, record: 0, resolve: 0 };
    let externalIds = 0;
    log(`${kind} memory: mixed load for ${MINUTES} min, ${CONNECTIONS} loops, sampling every ${SAMPLE_MS} ms`);
    const outcome = await runFor(CONNECTIONS, startedAt + DURATION_MS, () =>
      mixedRequest(server.graphqlUrl, random, LOAD_CUSTOMERS, known, () => `soak-${externalIds++}`, counts),
    );
    clearInterval(sampler);
    clearInterval(progress);
    sample();
    const elapsedS = (Date.now() - startedAt) / 1000;
    const warmupMs = warmupEndMs(DURATION_MS);
    const slopes = memorySlopes(samples, warmupMs);
    // Judged on RSS and the live heap; the used heap's slope is given too, but it is mostly where the sawtooth happened to be.
    const worst = Math.max(slopes.rssMBPerMin ?? Infinity, slopes.heapAfterGcMBPerMin ?? Infinity);
    return {
      minutes: round(elapsedS / 60, 2),
      warmupMinutes: round(warmupMs / 60_000, 2),
      requestsPerSecond: round(outcome.ok / elapsedS, 1),
      requests: counts,
      failed: outcome.failed,
      ...(outcome.firstError && { firstError: outcome.firstError }),
      rssMBPerMin: slopes.rssMBPerMin,
      heapAfterGcMBPerMin: slopes.heapAfterGcMBPerMin,
      heapUsedMBPerMin: slopes.heapUsedMBPerMin,
      samplesAfterWarmup: slopes.samples,
      majorGcs: server.lastHeap()?.majorGcs ?? null,
      rss: memoryRange(samples, (s) => s.rssBytes),
      heapAfterGc: memoryRange(samples, (s) => s.heapAfterGcBytes),
      heapUsed: memoryRange(samples, (s) => s.heapUsedBytes),
      tables: await tableCounts(fresh.database),
      ...(autovacuum && { autovacuum: await autovacuum.stop() }),
      goalMet: worst < MEMORY_SLOPE_GOAL_MB_PER_MIN,
    };
  } finally {
    await autovacuum?.stop();
    await server.stop();
    await fresh.dispose();
  }
}

// Growth ------------------------------------------------------------------------------------------

/** Single-mutation ingest for MEASURE_SECONDS, 8 writers: long-lived customers, and one write in ten from a new one. */
async function measureIngest(server: SoakServer, step: number, random: () => number, seconds = MEASURE_SECONDS) {
  let n = 0;
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  const outcome = await runFor(WRITERS, until, async () => {
    const i = n++;
    const customer = random() < 0.9 ? Math.floor(random() * PROBE_CUSTOMERS) : CUSTOMERS + (step + 1) * 1_000_000 + i;
    await recordOne(server.graphqlUrl, interactionInput(customer, `probe-${step}-${i}`, random));
  });
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: round(outcome.ok / elapsed, 1), recorded: outcome.ok, failed: outcome.failed, ...(outcome.firstError && { firstError: outcome.firstError }) };
}

async function growthPhase(kind: BenchDatabaseKind) {
  const fresh = await freshDatabase(kind);
  const server = await startSoakServer(fresh.url, 5_000, log);
  const autovacuum = kind === 'postgresql' ? await startAutovacuumStandIn(fresh.database) : undefined;
  try {
    const random = seededRandom(2);
    const base = Date.now() - YEAR_MS;
    const dateOf = (k: number) => new Date(base + (k * YEAR_MS) / Math.max(INTERACTIONS, 1));
    // The long-lived customers exist before the first measurement, so every step writes along the same path.
    await fill(server, 0, PROBE_CUSTOMERS, (k) => k, random, undefined, dateOf);
    let filled = PROBE_CUSTOMERS;
    // An unmeasured round first: a fresh server's first seconds (JIT, lazily activated plugins,
    // first prepared statements) would make the empty database look slow and the ratio look good.
    log(`${kind} growth: warming up for ${WARMUP_SECONDS} s`);
    await measureIngest(server, -1, random, WARMUP_SECONDS);
    const steps = [];
    for (let step = 0; ; step++) {
      const stored = await interactionCount(fresh.database);
      const windows = [];
      for (let repeat = 0; repeat < MEASURE_REPEATS; repeat++) {
        const drained = await drainOutbox(fresh.database, DRAIN_TIMEOUT_MS);
        log(`${kind} growth: measuring at ${stored} interactions, window ${repeat + 1}/${MEASURE_REPEATS} (waited ${Math.round(drained.waitedMs / 1000)} s for the outbox)`);
        const measured = await measureIngest(server, step * MEASURE_REPEATS + repeat, random);
        log(`${kind} growth:   ${measured.perSecond}/s`);
        windows.push({ ...measured, outboxDrainMs: drained.waitedMs, pendingEventsAtStart: drained.stillPending });
      }
      const perSecond = median(windows.map((window) => window.perSecond ?? 0));
      steps.push({ interactions: stored, perSecond, windows });
      if (filled >= INTERACTIONS) break;
      const count = Math.min(STEP, INTERACTIONS - filled);
      const fillPerSecond = await fill(server, filled, count, () => Math.floor(random() * CUSTOMERS), random, undefined, dateOf);
      log(`${kind} growth: filled ${count} at ${Math.round(fillPerSecond)}/s`);
      Object.assign(steps.at(-1)!, { nextFillPerSecond: round(fillPerSecond, 1) });
      filled += count;
    }
    const first = steps[0]!.perSecond ?? 0;
    const last = steps.at(-1)!.perSecond ?? 0;
    const ratio = first > 0 ? round(last / first, 3) : null;
    return {
      steps,
      ingestRatio: ratio,
      tables: await tableCounts(fresh.database),
      ...(autovacuum && { autovacuum: await autovacuum.stop() }),
      goalMet: ratio !== null && ratio >= INGEST_RATIO_GOAL,
    };
  } finally {
    await autovacuum?.stop();
    await server.stop();
    await fresh.dispose();
  }
}

// Main --------------------------------------------------------------------------------------------

process.on('exit', killLiveChildren);
const results: Record<string, Record<string, unknown>> = {};
for (const kind of BENCH_DATABASES.filter((k) => !ONLY || ONLY.includes(k))) {
  results[kind] = {};
  if (PHASES.includes('memory')) results[kind].memory = await memoryPhase(kind);
  if (PHASES.includes('growth')) results[kind].growth = await growthPhase(kind);
}

const goalMet = (phase: 'memory' | 'growth') => Object.values(results).every((r) => (r[phase] as { goalMet?: boolean } | undefined)?.goalMet !== false);
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'soak',
      node: process.version,
      settings: {
        ...{ minutes: MINUTES, interactions: INTERACTIONS, step: STEP, customers: CUSTOMERS, loadCustomers: LOAD_CUSTOMERS, connections: CONNECTIONS },
        ...{ measureSeconds: MEASURE_SECONDS, measureRepeats: MEASURE_REPEATS, warmupSeconds: WARMUP_SECONDS, writers: WRITERS, sampleMs: SAMPLE_MS },
      },
      results,
      fillRetries: { count: fillRetries.count, ...(fillRetries.firstError && { firstError: fillRetries.firstError }) },
      goals: {
        memorySlopeMBPerMin: { goal: `< ${MEMORY_SLOPE_GOAL_MB_PER_MIN} for RSS and the live heap (used heap after major GCs) after warm-up`, goalMet: PHASES.includes('memory') ? goalMet('memory') : null },
        ingestRatio: { goal: `>= ${INGEST_RATIO_GOAL} (rate at the last step / rate at the empty database)`, goalMet: PHASES.includes('growth') ? goalMet('growth') : null },
      },
    },
    null,
    2,
  )}\n`,
);
process.exit(0);
