/**
 * Ingest benchmark: interactions per second through the core's recordInteraction path (identity
 * resolution, conversation routing, idempotency, one transaction each), against plain MikroORM
 * inserts of the same interaction rows as the baseline, measured in the same run, on SQLite and
 * on PostgreSQL. Run with `npm run -s bench:ingest`; prints one JSON document.
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
import { FakeClock } from '@rapport/sdk/testing';
import { ConversationRouter } from '../core/src/domain/ConversationRouter.js';
import { DatabaseCustomerService } from '../core/src/domain/DatabaseCustomerService.js';
import { DatabaseInteractionService } from '../core/src/domain/DatabaseInteractionService.js';
import { EventBus } from '../core/src/events/EventBus.js';
import { InteractionEntity } from '../core/src/persistence/entities.js';
import { BENCH_DATABASES, freshDatabase, timed, type BenchDatabaseKind } from './lib/benchDatabases.js';

const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 2000);
const CUSTOMERS = Number(process.env.BENCH_INGEST_CUSTOMERS ?? 200);
const GOAL_RATIO = 0.5;
const CONCURRENCY = [1, 8] as const;

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

  // The core's path, through the internal service.
  const core = await freshDatabase(kind);
  const clock = new FakeClock('2026-03-01T00:00:00Z');
  const events = new EventBus(pino({ level: 'silent' }), clock, 10_000);
  const customers = new DatabaseCustomerService(core.database, events, clock);
  const interactions = new DatabaseInteractionService(core.database, customers, new ConversationRouter(3 * 86_400_000), events, clock);
  const serviceMs = await timed(COUNT, concurrency, (index) => interactions.record(input(index)));
  // Every interaction stored once, every customer created once.
  const [stored] = await core.database.orm.em.getConnection().execute<{ n: unknown }[]>('select count(*) as n from interactions');
  await core.dispose();
  if (Number(stored!.n) !== COUNT) throw new Error(`expected ${COUNT} interactions, found ${String(stored!.n)}`);

  const rawPerSecond = (COUNT / rawMs) * 1000;
  const servicePerSecond = (COUNT / serviceMs) * 1000;
  return {
    database: kind,
    concurrency,
    interactions: COUNT,
    customers: CUSTOMERS,
    rawInsertPerSecond: Math.round(rawPerSecond),
    servicePerSecond: Math.round(servicePerSecond),
    serviceToRawRatio: Math.round((servicePerSecond / rawPerSecond) * 100) / 100,
    goalRatio: GOAL_RATIO,
    goalMet: servicePerSecond / rawPerSecond >= GOAL_RATIO,
  };
}

const results = [];
for (const kind of BENCH_DATABASES) {
  for (const concurrency of CONCURRENCY) {
    process.stderr.write(`ingest on ${kind}, ${concurrency} at a time…\n`);
    results.push(await measure(kind, concurrency));
  }
}
process.stdout.write(`${JSON.stringify({ benchmark: 'ingest', node: process.version, results }, null, 2)}\n`);
