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
import { canPlace, createRankTables, dropRankTables, readRankBounds, type RankBounds, type RankFill } from './rankTables.js';
import type { PreparedRuleModel } from './ruleModel.js';
import { RuleModels } from './RuleModels.js';
import { SegmentRefreshOptions } from './SegmentRefreshOptions.js';
import { REFRESH_LEASE_MS, runMembershipRefresh, underLease, type RefreshResult, type SegmentStatements } from './membershipRefresh.js';
import { createPlacementTable, dropPlacementTable, placedIn } from './placementTable.js';
import { compileSql, SqlValues, type CompiledSql } from './sqlDialect.js';

/**
 * Brings a rule segmentation model's memberships up to date, set-based, as SegmentRefresh does
 * for defined segments: per segment, one delete of the members who no longer match and one
 * insert of the customers who match and are not members, with `segment.left` and
 * `segment.entered` staged for exactly the customers each moved (membershipMoves.ts), all in one
 * transaction. An exclusive model's segment i holds `rules_i and not (rules_0 or … rules_{i-1})`:
 * with several segments, each customer is placed once, by one scan, in the first whose rules hold
 * (placementTable.ts), and each segment's statements read its part of that placement.
 * The model's ranks are left-joined to the customers: computed once per refresh of everyone into
 * temporary tables, or placed for the customers events named in the buckets the last refresh of
 * everyone left (rankTables.ts). A lease on the model's `rule_models` row keeps two instances
 * from refreshing it at once: the one that does not get it skips the refresh.
 */
export interface RuleModelRefresh {
  /**
   * Refreshes a live model as of `now` (the core's clock by default), for every customer or only
   * those of `scope` (a model with ranks: placed in its last buckets, or every customer while it
   * has none, see rankTables.ts); undefined when it is not live, or another instance holds its lease.
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
    @inject(SegmentRefreshOptions) private readonly options: SegmentRefreshOptions,
  ) {}

  async refresh(id: string, now = this.clock.now(), scope?: CustomerScope): Promise<RefreshResult | undefined> {
    const model = this.models.get(id);
    if (!model) return undefined;
    const release = () => SqlSession.autocommit(this.database).run('update rule_models set lease_until = null where id = ?', [id]);
    // The memberships are the plugin's doing: the audit event names it.
    return underLease(async () => (await this.claim(model, now)) || undefined, release, async () => {
      const fill = await this.rankFill(model, scope);
      const whole = fill?.kind === 'ranked' || (fill === undefined && scope === undefined);
      const plan = this.statements(model, now, whole ? undefined : scope);
      return actAsWithin(pluginActor(model.plugin), () =>
        runMembershipRefresh(this.database, this.events, this.audit, {
          model: id,
          prepare: (sql) => runAll(sql, [...(fill ? createRankTables(model.ranks, fill, new SqlValues(sql.dialect), now) : []), ...plan.prepare]),
          segments: plan.segments,
          count: { sql: 'select count(*) as n from segment_memberships where model = ?', params: [id] },
          auditTarget: { targetType: 'SegmentationModel', targetId: id },
          // refreshed_at says when every customer was last placed: a refresh of some leaves it.
          finish: async (sql) => {
            const bounds = fill?.kind === 'ranked' ? JSON.stringify(await readRankBounds(sql, model.ranks)) : null;
            if (fill) await runAll(sql, dropRankTables(model.ranks, fill, sql.dialect));
            await runAll(sql, plan.cleanup);
            if (whole) await sql.run('update rule_models set refreshed_at = ?, rank_bounds = ?, lease_until = null where id = ?', [sql.date(now), bounds, id]);
            else await sql.run('update rule_models set lease_until = null where id = ?', [id]);
          },
        }),
      );
    });
  }

  /**
   * How the model's rank tables are filled (rankTables.ts), if it has ranks: ranked, for a
   * refresh of every customer, or of a model whose last buckets cannot place the customers named;
   * or placed, for the customers named, in the buckets of the last refresh of everyone.
   */
  private async rankFill(model: PreparedRuleModel, scope: CustomerScope): Promise<RankFill | undefined> {
    if (model.ranks.length === 0) return undefined;
    if (scope === undefined) return { kind: 'ranked' };
    const row = await SqlSession.autocommit(this.database).one<{ rank_bounds: unknown }>('select rank_bounds from rule_models where id = ?', [model.id]);
    const bounds = row?.rank_bounds ? SqlSession.readJson<RankBounds>(row.rank_bounds) : undefined;
    return canPlace(model.ranks, bounds, this.options.placeRanksFrom, scope) ? { kind: 'placed', bounds, scope } : { kind: 'ranked' };
  }

  /**
   * The delete and the insert of each segment, in the model's order: for an exclusive model of
   * several segments, of the customers its placement table put there (placementTable.ts), which
   * `prepare` fills and `cleanup` drops; otherwise of the customers whose tree holds, joined to
   * the rank tables.
   */
  private statements(model: PreparedRuleModel, now: Date, scope: CustomerScope): { prepare: CompiledSql[]; segments: SegmentStatements[]; cleanup: CompiledSql[] } {
    const { dialect } = this.database;
    const values = new SqlValues(dialect);
    const predicates = model.segments.map((segment) => rulePredicate(segment.rules, { dialect, now }));
    const customers = fragment`customers c ${rankJoins(model.ranks)}`;
    const inScope = withinScope(fragment`c.id`, scope, values);
    const placed = model.exclusive && model.segments.length > 1;
    const segments = model.segments.map((segment, index) => {
      const matched = placed
        ? fragment`matched as (${placedIn(index)})`
        : fragment`matched as (select c.id from ${customers} where ${inScope} and ${predicates[index]!})`;
      const prefix = fragment`with ${matched}`;
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
      return { segment: segment.id, remove: compileSql(remove, dialect), add: (empty: boolean) => compileSql(add(empty), dialect) };
    });
    if (!placed) return { prepare: [], segments, cleanup: [] };
    return { prepare: createPlacementTable(predicates, customers, inScope, dialect), segments, cleanup: dropPlacementTable(dialect) };
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

async function runAll(sql: SqlSession, statements: readonly CompiledSql[]): Promise<void> {
  for (const statement of statements) await sql.run(statement.sql, statement.params);
}
