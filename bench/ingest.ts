/**
 * Ingest benchmark: interactions per second through the core's recordInteraction path (identity
 * resolution, conversation routing, idempotency, its events written to the outbox, one
 * transaction each), called two ways: the internal service of a kernel, in process, and the `recordInteraction` GraphQL mutation over HTTP against a
 * server in its own process (bench/lib/benchServer.ts), one interaction per request and HTTP_BATCH
 * per request. The baseline is plain MikroORM inserts of the same interaction rows, measured in
 * the same run, on SQLite and on PostgreSQL; a bare yoga server that stores nothing gives the
 * ceiling that HTTP and GraphQL alone put on one-per-request ingest. Then bulk import: the
 * `recordInteractions` mutation with BULK_BATCHES per call, against aliased batches of the same
 * size and against one mutation per request. Run with `npm run -s bench:ingest`; prints one JSON
 * document.
 *
 * Environment: BENCH_INGEST_COUNT (interactions per measurement, default 2000),
 * BENCH_INGEST_CUSTOMERS (distinct customers they come from, default 200),
 * BENCH_INGEST_BULK_COUNT (interactions per bulk-import measurement, default 3000),
 * BENCH_INGEST_ACCESS_PAIRS, BENCH_INGEST_ACCESS_COUNT and BENCH_INGEST_ACCESS_WARMUP (the
 * access-control comparison: pairs of runs, default 5; timed interactions per run, default 6000;
 * untimed interactions before each run's timed ones, default 500).
 *
 * Each database is measured one request at a time and with 8 concurrent writers (webhooks arrive
 * concurrently); the baseline runs at the same concurrency. SQLite has one connection, so its
 * writers queue; PostgreSQL overlaps their round trips on its pool.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createKernel } from '../core/src/kernel/createKernel.js';
import { InteractionEntity } from '../core/src/persistence/entities.js';
import { BENCH_DATABASES, freshDatabase, timed, type BenchDatabaseKind } from './lib/benchDatabases.js';
import { expectStored, ingestInput, overHttp, type HttpRoute } from './lib/ingestOverHttp.js';
import type { BenchServerMode } from './lib/serverProcess.js';

const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 2000);
const CUSTOMERS = Number(process.env.BENCH_INGEST_CUSTOMERS ?? 200);
const BULK_COUNT = Number(process.env.BENCH_INGEST_BULK_COUNT ?? 3000);
const GOAL_RATIO = 0.5;
/** Access control and auditing may cost less than this share of single-mutation throughput. */
const ACCESS_GOAL_OVERHEAD = 0.1;
/** Pairs of runs in the access-control comparison (BENCH_INGEST_ACCESS_PAIRS). */
const ACCESS_PAIRS = Number(process.env.BENCH_INGEST_ACCESS_PAIRS ?? 5);
/** Interactions each server of that comparison takes, untimed, before the timed ones (BENCH_INGEST_ACCESS_WARMUP). */
const ACCESS_WARMUP = Number(process.env.BENCH_INGEST_ACCESS_WARMUP ?? 500);
/**
 * Timed interactions per run of that comparison (BENCH_INGEST_ACCESS_COUNT): a few seconds at
 * least, so that the work that comes in periodic lumps (audit sealing every second, the
 * write-ahead log's checkpoints, major collections) falls evenly into both runs of a pair; runs of
 * 2,000 (about two seconds with eight writers) moved by 20% from pair to pair.
 */
const ACCESS_COUNT = Number(process.env.BENCH_INGEST_ACCESS_COUNT ?? 6000);
const CONCURRENCY = [1, 8] as const;
/** Interactions per HTTP request in the batched HTTP measurement. */
const HTTP_BATCH = 50;
/** Interactions per call in the bulk-import measurements. */
const BULK_BATCHES = [100, 500] as const;
/** Bulk import must be clearly faster than one mutation per request… */
const BULK_GOAL_TO_SINGLE = 2;
/** …and not slower than aliased batches of the same size. */
const BULK_GOAL_TO_ALIASED = 1;

/** The interaction each measurement writes: customer i % CUSTOMERS, a unique external id. */
const input = (index: number) => ingestInput(index, CUSTOMERS);

async function measure(kind: BenchDatabaseKind, concurrency: number) {
  // Baseline: the same interaction rows, inserted one by one with MikroORM and nothing else.
  const raw = await freshDatabase(kind);
  const customerIds = Array.from({ length: CUSTOMERS }, () => randomUUID());
  const connection = raw.database.orm.em.getConnection();
  const now = kind === 'postgresql' ? new Date() : Date.now();
  for (const id of customerIds) {
    await connection.execute('insert into customers (id, attributes, created_at, updated_at) values (?, ?, ?, ?)', [id, '{}', now, now]);
  }
  const rawMs = await timed(COUNT, concurrency, async (index) => {
    const row = input(index);
    await raw.database.em().insert(InteractionEntity, {
      id: randomUUID(),
      customerId: customerIds[index % CUSTOMERS]!,
      conversationId: null,
      channel: row.channel,
      direction: row.direction,
      type: row.type,
      subject: null,
      text: row.text,
      occurredAt: row.occurredAt,
      externalId: row.externalId,
      threadKey: null,
      metadata: {},
      createdAt: new Date(),
    });
  });
  await raw.dispose();

  // The core's path, through the internal service of a whole kernel: its events go to the
  // outbox in the same transaction and are delivered in the background, as in `rapport start`.
  const core = await freshDatabase(kind);
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database: core.database, events: { awaitDelivery: false } });
  await kernel.host.load({ entries: [], baseDir: process.cwd(), configFile: 'bench', settings: {} });
  const serviceMs = await timed(COUNT, concurrency, (index) => kernel.interactions.record(input(index)));
  await kernel.dispatcher.dispatch();
  await kernel.workflows.stop();
  await kernel.dispatcher.stop();
  await expectStored(core.database, COUNT, 'service');
  await core.dispose();

  // The same path through the GraphQL mutation, over HTTP: one interaction per request, then
  // HTTP_BATCH per request (aliased recordInteraction fields in one document, as a bulk importer
  // or a webhook relay sends them; GraphQL runs them one after the other, each in its own
  // transaction).
  const httpMs = await overHttpMs('rapport', kind, concurrency, 1);
  const batchedHttpMs = await overHttpMs('rapport', kind, concurrency, HTTP_BATCH);
  // What HTTP and GraphQL alone allow, one interaction per request, storing nothing.
  const transportMs = await overHttpMs('bare-yoga', kind, concurrency, 1);
  // What access control and auditing cost: the same single mutations against a server without the
  // door and without the audit log, in ACCESS_PAIRS pairs run back to back (which goes first
  // alternates), each server warmed with ACCESS_WARMUP interactions first. The overhead is the
  // median of the pairs' own overheads: the two runs of a pair share the machine's state of that
  // moment, where single runs on a busy machine move by 20% from one to the next.
  const pairs: { with: number; without: number }[] = [];
  for (let pair = 0; pair < ACCESS_PAIRS; pair++) {
    const order = pair % 2 === 0 ? (['rapport-open', 'rapport'] as const) : (['rapport', 'rapport-open'] as const);
    const perSecond = { rapport: 0, 'rapport-open': 0 };
    for (const mode of order) {
      const ms = await overHttp({ mode, kind, count: ACCESS_COUNT, customers: CUSTOMERS, concurrency, route: { style: 'aliased', batch: 1 }, warmup: ACCESS_WARMUP });
      perSecond[mode] = (ACCESS_COUNT / ms) * 1000;
    }
    pairs.push({ with: perSecond.rapport, without: perSecond['rapport-open'] });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const accessOverhead = Math.round(median(pairs.map((pair) => 1 - pair.with / pair.without)) * 1000) / 1000;

  const rawPerSecond = (COUNT / rawMs) * 1000;
  const servicePerSecond = (COUNT / serviceMs) * 1000;
  const httpPerSecond = (COUNT / httpMs) * 1000;
  const batchedHttpPerSecond = (COUNT / batchedHttpMs) * 1000;
  const transportPerSecond = (COUNT / transportMs) * 1000;
  const ratio = (perSecond: number) => Math.round((perSecond / rawPerSecond) * 100) / 100;
  return {
    database: kind,
    concurrency,
    interactions: COUNT,
    customers: CUSTOMERS,
    rawInsertPerSecond: Math.round(rawPerSecond),
    servicePerSecond: Math.round(servicePerSecond),
    serviceToRawRatio: ratio(servicePerSecond),
    httpGraphQLPerSecond: Math.round(httpPerSecond),
    httpToRawRatio: ratio(httpPerSecond),
    httpTransportCeilingPerSecond: Math.round(transportPerSecond),
    httpToTransportCeilingRatio: Math.round((httpPerSecond / transportPerSecond) * 100) / 100,
    httpBatch: HTTP_BATCH,
    httpBatchedGraphQLPerSecond: Math.round(batchedHttpPerSecond),
    httpBatchedToRawRatio: ratio(batchedHttpPerSecond),
    goalRatio: GOAL_RATIO,
    goalMet: ratio(servicePerSecond) >= GOAL_RATIO && ratio(batchedHttpPerSecond) >= GOAL_RATIO,
    // Credential, rate limit, scope check and the audit event of every write, against the same
    // server without them: the median of ACCESS_PAIRS paired, warmed runs.
    accessControlAndAudit: {
      withPerSecond: Math.round(median(pairs.map((pair) => pair.with))),
      withoutPerSecond: Math.round(median(pairs.map((pair) => pair.without))),
      warmup: ACCESS_WARMUP,
      interactionsPerRun: ACCESS_COUNT,
      pairs: pairs.map((pair) => ({ with: Math.round(pair.with), without: Math.round(pair.without), overhead: Math.round((1 - pair.with / pair.without) * 1000) / 1000 })),
      throughputOverhead: accessOverhead,
      goalOverhead: ACCESS_GOAL_OVERHEAD,
      goalMet: accessOverhead < ACCESS_GOAL_OVERHEAD,
    },
  };
}

/** Every interaction of a measurement through a fresh server over HTTP; the elapsed ms. */
function overHttpMs(mode: BenchServerMode, kind: BenchDatabaseKind, concurrency: number, batch: number): Promise<number> {
  return overHttp({ mode, kind, count: COUNT, customers: CUSTOMERS, concurrency, route: { style: 'aliased', batch } });
}

/**
 * Bulk import: BULK_COUNT interactions as `recordInteractions` calls and as aliased batches of
 * the same size, against `singlePerSecond`, one mutation per request at the same concurrency.
 */
async function measureBulk(kind: BenchDatabaseKind, concurrency: number, singlePerSecond: number) {
  const perSecond = async (route: HttpRoute) =>
    Math.round((BULK_COUNT / (await overHttp({ mode: 'rapport', kind, count: BULK_COUNT, customers: CUSTOMERS, concurrency, route }))) * 1000);
  const out = [];
  for (const batch of BULK_BATCHES) {
    process.stderr.write(`bulk import on ${kind}, ${concurrency} at a time, ${batch} per call…\n`);
    const aliasedPerSecond = await perSecond({ style: 'aliased', batch });
    const bulkPerSecond = await perSecond({ style: 'bulk', batch });
    const ratio = (other: number) => Math.round((bulkPerSecond / other) * 100) / 100;
    out.push({
      database: kind,
      concurrency,
      batch,
      interactions: BULK_COUNT,
      customers: CUSTOMERS,
      recordInteractionsPerSecond: bulkPerSecond,
      aliasedBatchPerSecond: aliasedPerSecond,
      singleMutationPerSecond: Math.round(singlePerSecond),
      bulkToAliasedRatio: ratio(aliasedPerSecond),
      bulkToSingleRatio: ratio(singlePerSecond),
      goalMet: ratio(singlePerSecond) >= BULK_GOAL_TO_SINGLE && ratio(aliasedPerSecond) >= BULK_GOAL_TO_ALIASED,
    });
  }
  return out;
}

const results = [];
const bulk = [];
for (const kind of BENCH_DATABASES) {
  for (const concurrency of CONCURRENCY) {
    process.stderr.write(`ingest on ${kind}, ${concurrency} at a time…\n`);
    const result = await measure(kind, concurrency);
    results.push(result);
    bulk.push(...(await measureBulk(kind, concurrency, result.httpGraphQLPerSecond)));
  }
}
const bulkGoals = { toSingleMutation: BULK_GOAL_TO_SINGLE, toAliasedBatch: BULK_GOAL_TO_ALIASED };
process.stdout.write(`${JSON.stringify({ benchmark: 'ingest', node: process.version, results, bulk, bulkGoals }, null, 2)}\n`);
