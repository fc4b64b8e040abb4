import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';

/** What the tables and the pool hold at one scrape. */
export interface DatabaseGauges {
  outboxPending: number;
  outboxOldestAgeSeconds: number;
  workflowRuns: Record<string, number>;
  pool: { used: number; idle: number; pending: number; max: number };
}

const RUN_STATUSES = ['RUNNING', 'SLEEPING', 'WAITING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** The part of knex's pool (tarn) MikroORM connects through, on both dialects. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

/**
 * Reads the scrape-time figures with cheap queries: the outbox's pending events (the
 * `(status, seq)` index answers the count; the oldest is the lowest seq) with the event sets not
 * yet expanded (a table empty but for moments), and runs per status (the
 * `(status, wake_at)` index). They read on the SQLite reader connection, so a scrape never waits
 * behind the writers.
 *
 * The outbox and the sets are counted in one statement, so in one snapshot: the dispatcher's
 * expansion moves events from the sets into the outbox in one commit, and two statements could
 * read the outbox before it and the sets after it (reading nothing pending while every event
 * still was), or the other way round (counting each event twice).
 */
export async function readDatabaseGauges(database: Database, now: Date): Promise<DatabaseGauges> {
  const sql = SqlSession.reads(database);
  // Event sets not yet expanded are events to come (events/eventSets.ts): a stalled expansion shows here too.
  const length = sql.dialect === 'postgresql' ? 'cardinality(customer_ids)' : 'json_array_length(customer_ids)';
  const pending = await sql.one<{ outbox: unknown; outbox_oldest: unknown; sets: unknown; sets_oldest: unknown }>(
    `select o.pending as outbox, o.oldest as outbox_oldest, s.pending as sets, s.oldest as sets_oldest
       from (select count(*) as pending, min(occurred_at) as oldest from event_outbox where status = 'pending') o
      cross join (select coalesce(sum(${length}), 0) as pending, min(occurred_at) as oldest from event_sets) s`,
  );
  const oldest = [SqlSession.readDate(pending?.outbox_oldest), SqlSession.readDate(pending?.sets_oldest)].filter((at): at is Date => at !== null).sort((a, b) => a.getTime() - b.getTime())[0];
  const runs = await sql.all<{ status: string; count: unknown }>('select status, count(*) as count from workflow_runs group by status');
  const workflowRuns = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0]));
  for (const row of runs) workflowRuns[row.status] = Number(row.count);
  return {
    outboxPending: Number(pending?.outbox ?? 0) + Number(pending?.sets ?? 0),
    outboxOldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
    workflowRuns,
    pool: poolFigures(database),
  };
}

function poolFigures(database: Database): DatabaseGauges['pool'] {
  const connection = database.orm.em.getConnection() as unknown as { getKnex?(): { client: { pool?: TarnPool } } };
  const pool = connection.getKnex?.().client.pool;
  if (!pool) return { used: 0, idle: 0, pending: 0, max: 0 };
  return { used: pool.numUsed(), idle: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
}
