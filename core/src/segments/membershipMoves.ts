import type { EventBus } from '../events/EventBus.js';
import type { StagedEvent, StagedSet } from '../events/EventOutbox.js';
import { stageInSqlTransaction } from '../events/stageInTransaction.js';
import type { SqlSession } from '../persistence/SqlSession.js';
import type { CompiledSql } from './sqlDialect.js';

/** What one set-based statement moved: how many customers, and the events staged for them. */
export interface Move {
  count: number;
  staged: (StagedEvent | StagedSet)[];
}

/**
 * Runs a statement that moves customers into or out of a segment (`returning customer_id`) in
 * the caller's transaction, with one `segment.entered` or `segment.left` staged per customer it
 * moved. On PostgreSQL the statement writes the events itself (EventBus.stageForEach): at a
 * million customers a first refresh moves thousands, and they need not travel to Node and back.
 * Elsewhere the events are staged from the rows it returns. Callers run every departure before
 * any arrival, so a customer who moves from one segment of a model to another is seen leaving
 * before entering.
 */
export async function moveAndStage(sql: SqlSession, events: EventBus, statement: CompiledSql, type: 'segment.entered' | 'segment.left', where: { model: string; segment: string }): Promise<Move> {
  const chained = events.stageForEach(statement, type, where);
  if (chained) {
    const count = Number((await sql.one<{ n: unknown }>(chained.statement.sql, chained.statement.params))?.n ?? 0);
    return { count, staged: count > 0 ? [chained] : [] };
  }
  const moved = await sql.all<{ customer_id: string }>(statement.sql, statement.params);
  const staged = await stageInSqlTransaction(sql, events, moved.map(({ customer_id: customerId }) => ({ type, payload: { customerId, ...where } })));
  return { count: moved.length, staged };
}
