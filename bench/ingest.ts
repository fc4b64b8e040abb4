/**
 * Ingest benchmark: interactions per second through the core's recordInteraction path (identity
 * resolution, conversation routing, idempotency, its events written to the outbox, one
 * transaction each), called two ways: the internal service of a kernel, in process, and the `recordInteraction` GraphQL mutation over HTTP against a
 * server in its own process (bench/lib/benchServer.ts), one interaction per request and HTTP_BATCH
 * per request. The baseline is plain MikroORM inserts of the same interaction rows, measured in
 * the same run, on SQLite and on PostgreSQL; a bare yoga server that stores nothing gives the
 * ceiling that HTTP and GraphQL alone put on one-per-request ingest. Run with
 * `npm run -s bench:ingest`; prints one JSON document.
 *
 * Environment: BENCH_INGEST_COUNT (interactions per measurement, default 2000),
 * BENCH_INGEST_CUSTOMERS (distinct customers they come from, default 200).
 *
 * Each database is measured one request at a time and with 8 concurrent writers (webhooks arrive
 * concurrently); the baseline runs at the same concurrency. SQLite has one connection, so its
 * writers queue; PostgreSQL overlaps their round trips on its pool.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createKernel } from '../core/src/kernel/createKernel.js';
import { InteractionEntity } from '../core/src/persistence/entities.js';
import type { Database } from '../core/src/persistence/openDatabase.js';
import { BENCH_DATABASES, freshDatabase, timed, type BenchDatabaseKind } from './lib/benchDatabases.js';
import { startBenchServer, type BenchServerMode } from './lib/serverProcess.js';

const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 2000);
const CUSTOMERS = Number(process.env.BENCH_INGEST_CUSTOMERS ?? 200);
const GOAL_RATIO = 0.5;
const CONCURRENCY = [1, 8] as const;
/** Interactions per HTTP request in the batched HTTP measurement. */
const HTTP_BATCH = 50;

/** The interaction each measurement writes: customer i % CUSTOMERS, a unique external id. */
function input(index: number) {
  return {
    email: `customer${index % CUSTOMERS}@bench.example`,
    channel: 'email',
    direction: 'INBOUND' as const,
    type: 'message',
    text: `message ${index}`,
    externalId: `bench-${index}`,
    occurredAt: new Date(Date.UTC(2026, 2, 1) + index * 60_000),
  };
}

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
  await expectStored(core.database, 'service');
  await core.dispose();

  // The same path through the GraphQL mutation, over HTTP: one interaction per request, then
  // HTTP_BATCH per request (aliased recordInteraction fields in one document, as a bulk importer
  // or a webhook relay sends them; GraphQL runs them one after the other, each in its own
  // transaction).
  const httpMs = await overHttp('rapport', kind, concurrency, 1);
  const batchedHttpMs = await overHttp('rapport', kind, concurrency, HTTP_BATCH);
  // What HTTP and GraphQL alone allow, one interaction per request, storing nothing.
  const transportMs = await overHttp('bare-yoga', kind, concurrency, 1);

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
  };
}

/**
 * Records every interaction through a server in its own process, `batch` per request; returns
 * the elapsed ms. The bare-yoga server accepts them without storing anything.
 */
async function overHttp(mode: BenchServerMode, kind: BenchDatabaseKind, concurrency: number, batch: number): Promise<number> {
  const fresh = await freshDatabase(kind);
  const server = await startBenchServer(mode, fresh.url);
  const document = recordDocument(batch);
  let elapsed: number;
  try {
    elapsed = await timed(Math.ceil(COUNT / batch), concurrency, async (request) => {
      const indexes = Array.from({ length: batch }, (_, i) => request * batch + i).filter((index) => index < COUNT);
      const variables = Object.fromEntries(indexes.map((index, i) => [`i${i}`, { ...input(index), occurredAt: input(index).occurredAt.toISOString() }]));
      const response = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: indexes.length === batch ? document : recordDocument(indexes.length), variables }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (!response.ok || body.errors) throw new Error(`recordInteraction failed (${response.status}): ${JSON.stringify(body.errors)}`);
    });
  } finally {
    await server.stop();
  }
  if (mode === 'rapport') await expectStored(fresh.database, `http, ${batch} per request`);
  await fresh.dispose();
  return elapsed;
}

/** `mutation ($i0: …, $i1: …) { r0: recordInteraction(input: $i0) { id } r1: … }` */
function recordDocument(batch: number): string {
  const indexes = Array.from({ length: batch }, (_, i) => i);
  return (
    `mutation (${indexes.map((i) => `$i${i}: RecordInteractionInput!`).join(', ')}) { ` +
    `${indexes.map((i) => `r${i}: recordInteraction(input: $i${i}) { id }`).join(' ')} }`
  );
}

/** Every interaction stored once (none lost, none duplicated). */
async function expectStored(database: Database, path: string): Promise<void> {
  const [stored] = await database.orm.em.getConnection().execute<{ n: unknown }[]>('select count(*) as n from interactions');
  if (Number(stored!.n) !== COUNT) throw new Error(`${path}: expected ${COUNT} interactions, found ${String(stored!.n)}`);
}

const results = [];
for (const kind of BENCH_DATABASES) {
  for (const concurrency of CONCURRENCY) {
    process.stderr.write(`ingest on ${kind}, ${concurrency} at a time…\n`);
    results.push(await measure(kind, concurrency));
  }
}
process.stdout.write(`${JSON.stringify({ benchmark: 'ingest', node: process.version, results }, null, 2)}\n`);
