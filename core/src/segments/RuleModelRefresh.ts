import { inject, injectable } from 'inversify';
import { sql as fragment } from 'kysely';
import { serviceToken } from '@rapport/sdk';
import { actAsWithin } from '../actors/acting.js';
import { pluginActor } from '../actors/Actor.js';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { EventBus } from '../events/EventBus.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { rulePredicate } from './compileRules.js';
import { withinScope, type CustomerScope } from './customerScope.js';
import { rankJoins } from './rankLeaf.js';
import type { PreparedRuleModel } from './ruleModel.js';
import { RuleModels } from './RuleModels.js';
import { REFRESH_LEASE_MS, runMembershipRefresh, underLease, type RefreshResult, type SegmentStatements } from './membershipRefresh.js';
import { and, compileSql, not, or, SqlValues, type Sql } from './sqlDialect.js';

/**
 * Brings a rule segmentation model's memberships up to date, set-based, as SegmentRefresh does
 * for defined segments: per segment, one delete of the members who no longer match and one
 * insert of the customers who match and are not members, with `segment.left` and
 * `segment.entered` staged for exactly the customers each moved (membershipMoves.ts), all in one
 * transaction. An exclusive model's segment i matches `rules_i and not (rules_0 or … rules_{i-1})`.
 * The model's ranks are CTEs of NTILE window functions left-joined to the customers, so each
 * statement reads them itself. A lease on the model's `rule_models` row keeps two instances from
 * refreshing it at once: the one that does not get it skips the refresh.
 */
export interface RuleModelRefresh {
  /**
   * Refreshes a live model as of `now` (the core's clock by default), for every customer or only
   * those of `scope` (a model with ranks: always every customer, see {@link CustomerScope});
   * undefined when it is not live, or another instance holds its lease.
   */
  refresh(id: string, now?: Date, scope?: CustomerScope): Promise<RefreshResult | undefined>;
}

/** The container token of the {@link RuleModelRefresh}. */
export const RuleModelRefresh = serviceToken<RuleModelRefresh>('rapport.core.RuleModelRefresh');

@injectable()
export class SqlRuleModelRefresh implements RuleModelRefresh {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(EventBus) private readonly events: EventBus,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(RuleModels) private readonly models: RuleModels,
  ) {}

  async refresh(id: string, now = this.clock.now(), scope?: CustomerScope): Promise<RefreshResult | undefined> {
    const model = this.models.get(id);
    if (!model) return undefined;
    // A rank compares customers with each other: one customer's change can move others' buckets.
    const only = model.ranks.length > 0 ? undefined : scope;
    const release = () => SqlSession.autocommit(this.database).run('update rule_models set lease_until = null where id = ?', [id]);
    // The memberships are the plugin's doing: the audit event names it.
    return underLease(async () => (await this.claim(model, now)) || undefined, release, () =>
      actAsWithin(pluginActor(model.plugin), () =>
        runMembershipRefresh(this.database, this.events, this.audit, {
          model: id,
          segments: this.statements(model, now, only),
          count: { sql: 'select count(*) as n from segment_memberships where model = ?', params: [id] },
          auditTarget: { targetType: 'SegmentationModel', targetId: id },
          // refreshed_at says when every customer was last placed: a refresh of some leaves it.
          finish: (sql) =>
            only === undefined
              ? sql.run('update rule_models set refreshed_at = ?, lease_until = null where id = ?', [sql.date(now), id])
              : sql.run('update rule_models set lease_until = null where id = ?', [id]),
        }),
      ),
    );
  }

  /** The delete and the insert of each segment, in the model's order. */
  private statements(model: PreparedRuleModel, now: Date, scope: CustomerScope): SegmentStatements[] {
    const { dialect } = this.database;
    const values = new SqlValues(dialect);
    const predicates = model.segments.map((segment) => rulePredicate(segment.rules, { dialect, now }));
    const { ctes, joins } = rankJoins(model.ranks, values, now);
    return model.segments.map((segment, index) => {
      const earlier = predicates.slice(0, index);
      const match: Sql = model.exclusive && earlier.length > 0 ? and([predicates[index]!, not(or(earlier))]) : predicates[index]!;
      const matched = fragment`matched as (select c.id from customers c ${joins} where ${withinScope(fragment`c.id`, scope, values)} and ${match})`;
      const prefix = fragment`with ${fragment.join([...ctes, matched], fragment`, `)}`;
      const [name, seg] = [values.text(model.id), values.text(segment.id)];
      const remove = fragment`${prefix}
        delete from segment_memberships
         where model = ${name} and segment = ${seg} and ${withinScope(fragment`segment_memberships.customer_id`, scope, values)}
           and not exists (select 1 from matched m where m.id = segment_memberships.customer_id)`;
      const notMember = fragment`not exists (select 1 from segment_memberships s where s.customer_id = m.id and s.model = ${name} and s.segment = ${seg})`;
      const add = (empty: boolean) => fragment`${prefix}
        insert into segment_memberships (customer_id, model, segment, since)
          select m.id, ${name}, ${seg}, ${values.time(now)} from matched m
           where ${empty ? fragment`true` : notMember}`;
      return { segment: segment.id, remove: compileSql(remove, dialect), add: (empty) => compileSql(add(empty), dialect) };
    });
  }

  /** Makes sure of the model's row and takes its lease; false when another instance holds it. */
  private async claim(model: PreparedRuleModel, now: Date): Promise<boolean> {
    const sql = SqlSession.autocommit(this.database);
    await sql.run('insert into rule_models (id, plugin) values (?, ?) on conflict (id) do update set plugin = excluded.plugin', [model.id, model.plugin]);
    const rows = await sql.all(
      'update rule_models set lease_until = ? where id = ? and (lease_until is null or lease_until < ?) returning id',
      [sql.date(new Date(now.getTime() + REFRESH_LEASE_MS)), model.id, sql.date(now)],
    );
    return rows.length > 0;
  }
}
