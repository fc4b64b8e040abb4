import { inject, injectable } from 'inversify';
import { serviceToken } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { EventBus } from '../events/EventBus.js';
import type { StagedEvent } from '../events/EventOutbox.js';
import { stageInSqlTransaction } from '../events/stageInTransaction.js';
import type { SegmentMembershipRow } from '../persistence/entities.js';
import { Database } from '../persistence/openDatabase.js';
import { readSegmentMembershipRow } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { retryOnConflict } from '../persistence/retryOnConflict.js';

/**
 * Segment memberships per customer and model (`segment_memberships`). A classification replaces
 * the customer's memberships in the model; what changed is published as `segment.entered` and
 * `segment.left` in the same transaction, with one audit event each (`segment.enter`,
 * `segment.leave`). `since` is kept for segments the customer stays in.
 */
export interface SegmentStore {
  /** A customer's memberships, in every model or in one. */
  listFor(customerId: string, model?: string): Promise<SegmentMembershipRow[]>;
  /** Replaces the customer's memberships in the model, publishing what changed. */
  apply(customerId: string, model: string, segments: readonly string[], now: Date): Promise<void>;
}

/** The container token of the {@link SegmentStore}. */
export const SegmentStore = serviceToken<SegmentStore>('rapport.core.SegmentStore');

/** The {@link SegmentStore} in the `segment_memberships` table. */
@injectable()
export class SqlSegmentStore implements SegmentStore {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(EventBus) private readonly events: EventBus,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async listFor(customerId: string, model?: string): Promise<SegmentMembershipRow[]> {
    const rows = await SqlSession.autocommit(this.database).all(
      `select * from segment_memberships where customer_id = ?${model ? ' and model = ?' : ''} order by model, segment`,
      model ? [customerId, model] : [customerId],
    );
    return rows.map(readSegmentMembershipRow);
  }

  async apply(customerId: string, model: string, segments: readonly string[], now: Date): Promise<void> {
    const wanted = new Set(segments);
    // Two first results for one customer at once (a sweep and an event, or two instances) race on
    // the primary key; the loser runs again and finds the winner's row.
    const staged = await retryOnConflict(() => SqlSession.transaction(this.database, async (sql): Promise<StagedEvent[]> => {
      const current = new Set(
        (await sql.all<{ segment: string }>('select segment from segment_memberships where customer_id = ? and model = ?', [customerId, model])).map(
          (row) => row.segment,
        ),
      );
      const left = [...current].filter((segment) => !wanted.has(segment));
      const entered = [...wanted].filter((segment) => !current.has(segment));
      if (left.length === 0 && entered.length === 0) return [];
      if (left.length > 0) {
        await sql.run(`delete from segment_memberships where customer_id = ? and model = ? and segment in (${SqlSession.placeholders(left)})`, [
          customerId,
          model,
          ...left,
        ]);
      }
      for (const segment of entered) {
        await sql.run('insert into segment_memberships (customer_id, model, segment, since) values (?, ?, ?, ?)', [customerId, model, segment, sql.date(now)]);
      }
      // One audit event per membership that changed, as one event per membership is published.
      const membership = (segment: string) => ({ model, segment });
      await this.audit.appendIn(sql, [
        ...left.map((segment) => ({ action: 'segment.leave', targetType: 'Customer', targetId: customerId, customerId, changes: { membership: { before: membership(segment), after: null } } })),
        ...entered.map((segment) => ({ action: 'segment.enter', targetType: 'Customer', targetId: customerId, customerId, changes: { membership: { before: null, after: membership(segment) } } })),
      ]);
      return stageInSqlTransaction(sql, this.events, [
        ...left.map((segment) => ({ type: 'segment.left', payload: { customerId, model, segment } })),
        ...entered.map((segment) => ({ type: 'segment.entered', payload: { customerId, model, segment } })),
      ]);
    }));
    await this.events.afterCommit(staged);
  }
}
