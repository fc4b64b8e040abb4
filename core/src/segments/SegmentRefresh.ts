import { inject, injectable } from 'inversify';
import { serviceToken } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import type { StagedEvent } from '../events/EventOutbox.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { compileRules } from './compileRules.js';
import { stageMoves, type Moved } from './membershipMoves.js';
import { validateRuleTree, type RuleTree } from './ruleTree.js';

/** How long one refresh may hold a segment before another instance may take it over (a crash). */
export const REFRESH_LEASE_MS = 5 * 60_000;
const MODEL = 'rules';

/** What a refresh changed. */
export interface RefreshResult {
  entered: number;
  left: number;
  members: number;
}

/**
 * Brings a defined segment's members up to date with set-based statements: one insert of the
 * customers who match and are not members (returning them), one delete of the members who no
 * longer match (returning them), `segment.entered` and `segment.left` staged for exactly those,
 * and one audit event with the counts, all in one transaction. The rule tree is compiled to SQL
 * and never evaluated in Node. A lease on the definition's row keeps two instances from
 * refreshing the same segment at once: the one that does not get it skips the refresh.
 */
export interface SegmentRefresh {
  refresh(id: string): Promise<RefreshResult | undefined>;
  /** Every member leaves (with `segment.left`) and the definition goes. */
  removeAll(id: string): Promise<number>;
}

/** The container token of the {@link SegmentRefresh}. */
export const SegmentRefresh = serviceToken<SegmentRefresh>('rapport.core.SegmentRefresh');

@injectable()
export class SqlSegmentRefresh implements SegmentRefresh {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(EventBus) private readonly events: EventBus,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async refresh(id: string): Promise<RefreshResult | undefined> {
    const now = this.clock.now();
    const rules = await this.claim(id, now);
    if (rules === undefined) return undefined;
    try {
      const predicate = compileRules(validateRuleTree(rules, 'rules'), { dialect: this.database.dialect, now });
      const { result, staged } = await SqlSession.transaction(this.database, async (sql) => {
        const entered = await sql.all<{ customer_id: string }>(
          `insert into segment_memberships (customer_id, model, segment, since)
             select c.id, ?, ?, ? from customers c
              where ${predicate.sql}
                and not exists (select 1 from segment_memberships m where m.customer_id = c.id and m.model = ? and m.segment = ?)
           returning customer_id`,
          [MODEL, id, sql.date(now), ...predicate.params, MODEL, id],
        );
        const left = await sql.all<{ customer_id: string }>(
          `delete from segment_memberships
            where model = ? and segment = ?
              and not exists (select 1 from customers c where c.id = segment_memberships.customer_id and ${predicate.sql})
           returning customer_id`,
          [MODEL, id, ...predicate.params],
        );
        const members = Number((await sql.one<{ n: unknown }>('select count(*) as n from segment_memberships where model = ? and segment = ?', [MODEL, id]))?.n ?? 0);
        await sql.run('update segment_definitions set refreshed_at = ?, member_count = ?, lease_until = null where id = ?', [sql.date(now), members, id]);
        if (entered.length > 0 || left.length > 0) {
          await this.audit.appendIn(sql, [{ action: 'segment.refresh', targetType: 'SegmentDefinition', targetId: id, changes: { members: { before: members - entered.length + left.length, after: members } } }]);
        }
        const staged = await this.stage(sql, id, entered, left);
        return { result: { entered: entered.length, left: left.length, members }, staged };
      });
      await this.events.afterCommit(staged);
      return result;
    } catch (error) {
      await SqlSession.autocommit(this.database).run('update segment_definitions set lease_until = null where id = ?', [id]);
      throw error;
    }
  }

  async removeAll(id: string): Promise<number> {
    const staged = await SqlSession.transaction(this.database, async (sql): Promise<StagedEvent[]> => {
      const left = await sql.all<{ customer_id: string }>('delete from segment_memberships where model = ? and segment = ? returning customer_id', [MODEL, id]);
      await sql.run('delete from segment_definitions where id = ?', [id]);
      await this.audit.appendIn(sql, [{ action: 'segment.delete', targetType: 'SegmentDefinition', targetId: id, changes: { members: { before: left.length, after: 0 } } }]);
      return this.stage(sql, id, [], left);
    });
    await this.events.afterCommit(staged);
    return staged.length;
  }

  /** The segment's rules, with its lease now this call's; undefined when it is gone or leased. */
  private async claim(id: string, now: Date): Promise<RuleTree | undefined> {
    const sql = SqlSession.autocommit(this.database);
    const [row] = await sql.all<{ rules: unknown }>(
      'update segment_definitions set lease_until = ? where id = ? and (lease_until is null or lease_until < ?) returning rules',
      [sql.date(new Date(now.getTime() + REFRESH_LEASE_MS)), id, sql.date(now)],
    );
    return row ? SqlSession.readJson<RuleTree>(row.rules) : undefined;
  }

  private stage(sql: SqlSession, segment: string, entered: readonly Moved[], left: readonly Moved[]): Promise<StagedEvent[]> {
    return stageMoves(sql, this.events, MODEL, [{ segment, entered, left }]);
  }
}
