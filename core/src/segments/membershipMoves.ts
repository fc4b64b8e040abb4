import type { EventBus } from '../events/EventBus.js';
import type { StagedEvent } from '../events/EventOutbox.js';
import { stageInSqlTransaction } from '../events/stageInTransaction.js';
import type { SqlSession } from '../persistence/SqlSession.js';

/** A customer a set-based statement moved (its `returning customer_id`). */
export interface Moved {
  customer_id: string;
}

/** Who entered and who left one segment in a refresh. */
export interface SegmentMoves {
  segment: string;
  entered: readonly Moved[];
  left: readonly Moved[];
}

/**
 * Stages `segment.left` and `segment.entered` for what set-based refreshes moved, in the caller's
 * transaction: every departure first, then every arrival, so a customer who moves from one
 * segment of a model to another is seen leaving before entering.
 */
export function stageMoves(sql: SqlSession, events: EventBus, model: string, moves: readonly SegmentMoves[]): Promise<StagedEvent[]> {
  return stageInSqlTransaction(sql, events, [
    ...moves.flatMap(({ segment, left }) => left.map(({ customer_id: customerId }) => ({ type: 'segment.left', payload: { customerId, model, segment } }))),
    ...moves.flatMap(({ segment, entered }) => entered.map(({ customer_id: customerId }) => ({ type: 'segment.entered', payload: { customerId, model, segment } }))),
  ]);
}
