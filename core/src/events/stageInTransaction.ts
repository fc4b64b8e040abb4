import type { EntityManager } from '@mikro-orm/core';
import type { SqlSession } from '../persistence/SqlSession.js';
import type { EventBus } from './EventBus.js';
import type { StagedEvent } from './EventOutbox.js';

/**
 * Stages an event in a MikroORM transaction (`em.transactional`): the outbox row commits, or rolls
 * back, with the change. Call `events.afterCommit([staged])` once the transaction has committed.
 */
export async function stageInTransaction(em: EntityManager, events: EventBus, type: string, payload: object): Promise<StagedEvent> {
  const [staged] = events.stage([{ type, payload }]) as [StagedEvent];
  if (staged.statement) await em.getConnection().execute(staged.statement.sql, staged.statement.params, 'run', em.getTransactionContext());
  return staged;
}

/**
 * Stages events in a plain-SQL transaction (`SqlSession.transaction`), the same way. Call
 * `events.afterCommit(staged)` once the transaction has committed.
 */
export async function stageInSqlTransaction(sql: SqlSession, events: EventBus, list: readonly { type: string; payload: object }[]): Promise<StagedEvent[]> {
  const staged = events.stage(list);
  for (const event of staged) if (event.statement) await sql.run(event.statement.sql, event.statement.params);
  return staged;
}
