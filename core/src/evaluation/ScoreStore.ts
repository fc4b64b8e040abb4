import { inject, injectable } from 'inversify';
import { serviceToken, type ScoreResult } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { EventBus } from '../events/EventBus.js';
import type { StagedEvent } from '../events/EventOutbox.js';
import { stageInSqlTransaction } from '../events/stageInTransaction.js';
import type { ScoreRow } from '../persistence/entities.js';
import { Database } from '../persistence/openDatabase.js';
import { readScoreRow } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { retryOnConflict } from '../persistence/retryOnConflict.js';

/**
 * The stored result of each scoring rule per customer (`scores`). Writing a result, its
 * `score.changed` event and its audit event (`score.set`, when the value or label changed) happen
 * in one transaction, so a score never changes silently.
 */
export interface ScoreStore {
  /** A customer's stored score of one rule. */
  get(customerId: string, rule: string): Promise<ScoreRow | undefined>;
  /** Every stored score of a customer, by rule. */
  listFor(customerId: string): Promise<ScoreRow[]>;
  /**
   * Stores a rule's result for a customer (`undefined`: not enough data, so any stored score is
   * removed) and publishes `score.changed` when the value changed.
   */
  apply(customerId: string, rule: string, result: ScoreResult | undefined, now: Date): Promise<void>;
}

/** The container token of the {@link ScoreStore}. */
export const ScoreStore = serviceToken<ScoreStore>('rapport.core.ScoreStore');

/** The {@link ScoreStore} in the `scores` table. */
@injectable()
export class SqlScoreStore implements ScoreStore {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(EventBus) private readonly events: EventBus,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async get(customerId: string, rule: string): Promise<ScoreRow | undefined> {
    const row = await SqlSession.autocommit(this.database).one('select * from scores where customer_id = ? and rule = ?', [customerId, rule]);
    return row ? readScoreRow(row) : undefined;
  }

  async listFor(customerId: string): Promise<ScoreRow[]> {
    const rows = await SqlSession.autocommit(this.database).all('select * from scores where customer_id = ? order by rule', [customerId]);
    return rows.map(readScoreRow);
  }

  /**
   * Stores a rule's result for a customer (`undefined`: not enough data, so any stored score is
   * removed) and publishes `score.changed` when the value changed. A new explanation with the same
   * value is stored without an event.
   */
  async apply(customerId: string, rule: string, result: ScoreResult | undefined, now: Date): Promise<void> {
    // Two first results for one customer at once (a sweep and an event, or two instances) race on
    // the primary key; the loser runs again and finds the winner's row.
    const staged = await retryOnConflict(() => SqlSession.transaction(this.database, async (sql): Promise<StagedEvent[]> => {
      const current = await sql.one<{ value: unknown; label: string | null }>('select value, label from scores where customer_id = ? and rule = ?', [customerId, rule]);
      const previousValue = current ? Number(current.value) : null;
      const before = current ? { value: previousValue, label: current.label ?? null } : null;
      if (!result) {
        if (previousValue === null) return [];
        await sql.run('delete from scores where customer_id = ? and rule = ?', [customerId, rule]);
        await this.audited(sql, customerId, rule, before, null);
        return this.changed(sql, { customerId, rule, value: null, previousValue });
      }
      const values = [result.value, result.label ?? null, result.explanation ?? null, sql.date(now)];
      if (current) await sql.run('update scores set value = ?, label = ?, explanation = ?, computed_at = ? where customer_id = ? and rule = ?', [...values, customerId, rule]);
      else await sql.run('insert into scores (value, label, explanation, computed_at, customer_id, rule) values (?, ?, ?, ?, ?, ?)', [...values, customerId, rule]);
      // A new explanation or computation time alone is no change worth an audit event: sweeps
      // recompute every customer's scores.
      const after = { value: result.value, label: result.label ?? null };
      if (before?.value !== after.value || before?.label !== after.label) await this.audited(sql, customerId, rule, before, after);
      return previousValue === result.value ? [] : this.changed(sql, { customerId, rule, value: result.value, previousValue });
    }));
    await this.events.afterCommit(staged);
  }

  /** The audit event of a stored score that changed: `score.set`, about the customer. */
  private async audited(sql: SqlSession, customerId: string, rule: string, before: object | null, after: object | null): Promise<void> {
    await this.audit.appendIn(sql, [{ action: 'score.set', targetType: 'Customer', targetId: customerId, customerId, changes: { [`scores.${rule}`]: { before, after } } }]);
  }

  private async changed(sql: SqlSession, payload: { customerId: string; rule: string; value: number | null; previousValue: number | null }): Promise<StagedEvent[]> {
    return stageInSqlTransaction(sql, this.events, [{ type: 'score.changed', payload }]);
  }
}
