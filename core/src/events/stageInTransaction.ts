import type { EntityManager } from '@mikro-orm/core';
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
