import type { EventBus } from '../events/EventBus.js';
import type { StagedEvent, StagedSet } from '../events/EventOutbox.js';
import type { SqlSession } from '../persistence/SqlSession.js';
import type { CompiledSql } from './sqlDialect.js';

/** What one set-based statement moved: how many customers, and the events staged for them. */
export interface Move {
  count: number;
  staged: (StagedEvent | StagedSet)[];
}

/**
 * Runs a statement that moves customers into or out of a segment (an `insert into` or a
 * `delete from segment_memberships`, without `returning`) in the caller's transaction, with one
 * `segment.entered` or `segment.left` staged per customer it moved, as one event set that the
 * dispatcher expands after the commit (events/eventSets.ts): every membership event goes through
 * sets, so a customer's `segment.entered` and a later `segment.left` keep their order. The customers do not travel
 * to Node and back where the database can avoid it: at a million customers a first refresh moves
 * thousands, and at a hundred thousand the rows' trip and their staging in Node cost a defined
 * segment about a fifth of its time (docs/benchmarks.md).
 *
 * - PostgreSQL: the statement writes the events itself, as a data-modifying CTE (EventBus.stageForEach).
 * - SQLite, arrivals: the insert runs, then one `insert … select` writes the events of the
 *   memberships it added, found by rowid (see {@link enterAndStageByRowid}).
 * - SQLite, departures: deleted rows cannot be selected afterwards, so the statement returns
 *   them and their set is written from Node.
 *
 * Callers run every departure before any arrival, so a customer who moves from one segment of a
 * model to another is seen leaving before entering.
 */
export async function moveAndStage(sql: SqlSession, events: EventBus, statement: CompiledSql, type: 'segment.entered' | 'segment.left', where: { model: string; segment: string }): Promise<Move> {
  const returning = { sql: `${statement.sql} returning customer_id`, params: statement.params };
  const chained = events.stageForEach(returning, type, where);
  if (chained) {
    const count = Number((await sql.one<{ n: unknown }>(chained.statement.sql, chained.statement.params))?.n ?? 0);
    return { count, staged: count > 0 ? [chained] : [] };
  }
  if (type === 'segment.entered') return enterAndStageByRowid(sql, events, statement, where);
  const moved = await sql.all<{ customer_id: string }>(returning.sql, returning.params);
  const set = events.stageForEachOf(moved.map((row) => row.customer_id), type, where);
  if (!set) return { count: 0, staged: [] };
  await sql.run(set.statement.sql, set.statement.params);
  return { count: moved.length, staged: [set] };
}

/**
 * SQLite: `insert` adds memberships, and their `segment.entered` events are written from the rows
 * whose rowid is above the table's largest before it. That is exactly this insert's rows: SQLite
 * gives a new row the largest rowid plus one (the table has no AUTOINCREMENT, and its rowids are
 * nowhere near 2^63, where it would pick at random), and the transaction holds the database's
 * only write lock from the insert on (in WAL mode a write after another connection's commit
 * fails rather than seeing a different table), so no other writer's row can fall in between.
 */
async function enterAndStageByRowid(sql: SqlSession, events: EventBus, insert: CompiledSql, where: { model: string; segment: string }): Promise<Move> {
  const top = Number((await sql.one<{ top: unknown }>('select max(rowid) as top from segment_memberships'))?.top ?? 0);
  await sql.run(insert.sql, insert.params);
  const count = Number((await sql.one<{ n: unknown }>('select changes() as n'))?.n ?? 0);
  if (count === 0) return { count, staged: [] };
  const staged = events.stageForEachSelected({ sql: 'select customer_id from segment_memberships where rowid > ? order by rowid', params: [top] }, 'segment.entered', where);
  await sql.run(staged.statement.sql, staged.statement.params);
  return { count, staged: [staged] };
}
