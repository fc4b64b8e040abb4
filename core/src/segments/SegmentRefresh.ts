import { inject, injectable } from 'inversify';
import { sql as fragment } from 'kysely';
import { serviceToken } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { compileRules } from './compileRules.js';
import { withinScope, type CustomerScope } from './customerScope.js';
import { moveAndStage } from './membershipMoves.js';
import { REFRESH_LEASE_MS, refreshMemberships, runMembershipRefresh, underLease, type MembershipRefreshPlan, type RefreshResult, type SegmentStatements } from './membershipRefresh.js';
import { validateRuleTree, type RuleTree } from './ruleTree.js';
import { compileSql, SqlValues } from './sqlDialect.js';

/** The model of defined segments' memberships: `customers(segment: "rules:<id>")`. */
export const RULES_MODEL = 'rules';

/**
 * Brings a defined segment's members up to date with set-based statements (membershipRefresh.ts):
 * one delete of the members who no longer match and one insert of the customers who match and
 * are not members, with `segment.left` and `segment.entered` staged for exactly the customers
 * each moved (membershipMoves.ts), and one audit event with the counts, all in one transaction. The rule tree is
 * compiled to SQL and never evaluated in Node. A lease on the definition's row keeps two
 * instances from refreshing the same segment at once: the one that does not get it skips the
 * refresh. Defining a segment refreshes it in the definition's own transaction ({@link SegmentRefresh.redefine}).
 */
export interface SegmentRefresh {
  /**
   * Brings the segment's members up to date, or only the customers of `scope` (see
   * {@link CustomerScope}); undefined when the segment is gone or another refresh holds it.
   */
  refresh(id: string, scope?: CustomerScope): Promise<RefreshResult | undefined>;
  /**
   * Runs `write`, which stores the segment's definition as of `now` and resolves to its rules, and
   * the refresh of everyone by those rules, in one transaction: a definition is never committed
   * without its members, nor the other way round. The refresh is left out (undefined) when another
   * instance's refresh held the segment's lease before `write` took the definition's row; that
   * refresh, of the rules before, ends as it would have, and the next refresh applies the new ones.
   */
  redefine(id: string, now: Date, write: (sql: SqlSession) => Promise<RuleTree>): Promise<RefreshResult | undefined>;
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

  async refresh(id: string, scope?: CustomerScope): Promise<RefreshResult | undefined> {
    const now = this.clock.now();
    const release = () => SqlSession.autocommit(this.database).run('update segment_definitions set lease_until = null where id = ?', [id]);
    return underLease(() => this.claim(id, now), release, (rules) => runMembershipRefresh(this.database, this.events, this.audit, this.plan(id, rules, now, scope)));
  }

  async redefine(id: string, now: Date, write: (sql: SqlSession) => Promise<RuleTree>): Promise<RefreshResult | undefined> {
    const { result, staged } = await SqlSession.transaction(this.database, async (sql) => {
      const rules = await write(sql);
      // From the write on, the row is this transaction's: another instance's claim waits for the
      // commit, then finds the new rules. A lease taken before it is a refresh of the old rules
      // still running, whose inserts this one's would collide with.
      const leased = await sql.one('select 1 as leased from segment_definitions where id = ? and lease_until >= ?', [id, sql.date(now)]);
      return leased ? { result: undefined, staged: [] } : refreshMemberships(sql, this.events, this.audit, this.plan(id, rules, now, undefined));
    });
    await this.events.afterCommit(staged);
    return result;
  }

  /** The refresh of segment `id` by `rules` as of `now`, of every customer or those of `scope`. */
  private plan(id: string, rules: RuleTree, now: Date, scope: CustomerScope): MembershipRefreshPlan {
    return {
      model: RULES_MODEL,
      segments: [this.statements(id, rules, now, scope)],
      count: { sql: 'select count(*) as n from segment_memberships where model = ? and segment = ?', params: [RULES_MODEL, id] },
      auditTarget: { targetType: 'SegmentDefinition', targetId: id },
      // refreshed_at says when every member was last checked: a refresh of some customers leaves it.
      finish: (sql, members) =>
        scope === undefined
          ? sql.run('update segment_definitions set refreshed_at = ?, member_count = ?, lease_until = null where id = ?', [sql.date(now), members, id])
          : sql.run('update segment_definitions set member_count = ?, lease_until = null where id = ?', [members, id]),
    };
  }

  async removeAll(id: string): Promise<number> {
    const left = await SqlSession.transaction(this.database, async (sql) => {
      const remove = { sql: 'delete from segment_memberships where model = ? and segment = ?', params: [RULES_MODEL, id] };
      const move = await moveAndStage(sql, this.events, remove, 'segment.left', { model: RULES_MODEL, segment: id });
      await sql.run('delete from segment_definitions where id = ?', [id]);
      await this.audit.appendIn(sql, [{ action: 'segment.delete', targetType: 'SegmentDefinition', targetId: id, changes: { members: { before: move.count, after: 0 } } }]);
      return move;
    });
    await this.events.afterCommit(left.staged);
    return left.count;
  }

  private statements(id: string, rules: RuleTree, now: Date, scope: CustomerScope): SegmentStatements {
    const { dialect } = this.database;
    const predicate = compileRules(validateRuleTree(rules, 'rules'), { dialect, now });
    const date = SqlSession.autocommit(this.database).date(now);
    const values = new SqlValues(dialect);
    const members = compileSql(withinScope(fragment`segment_memberships.customer_id`, scope, values), dialect);
    const customers = compileSql(withinScope(fragment`c.id`, scope, values), dialect);
    return {
      segment: id,
      remove: {
        sql: `delete from segment_memberships
               where model = ? and segment = ? and ${members.sql}
                 and not exists (select 1 from customers c where c.id = segment_memberships.customer_id and ${predicate.sql})`,
        params: [RULES_MODEL, id, ...members.params, ...predicate.params],
      },
      // An empty segment needs no probe for existing memberships (SegmentStatements.add).
      add: (empty) => ({
        sql: `insert into segment_memberships (customer_id, model, segment, since)
                select c.id, ?, ?, ? from customers c
                 where ${customers.sql} and ${predicate.sql}${empty ? '' : ' and not exists (select 1 from segment_memberships m where m.customer_id = c.id and m.model = ? and m.segment = ?)'}`,
        params: [RULES_MODEL, id, date, ...customers.params, ...predicate.params, ...(empty ? [] : [RULES_MODEL, id])],
      }),
    };
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
}
