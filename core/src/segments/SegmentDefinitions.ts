import { inject, injectable } from 'inversify';
import { CONTRIBUTION_ID_PATTERN, NotFoundError, serviceToken, ValidationError } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { RefreshResult } from './membershipRefresh.js';
import { SegmentRefresh } from './SegmentRefresh.js';
import { validateRuleTree, type RuleTree } from './ruleTree.js';

/** A segment defined by a rule tree (`defineSegment`). */
export interface SegmentDefinition {
  id: string;
  name: string;
  rules: RuleTree;
  createdAt: Date;
  updatedAt: Date;
  /** When every customer was last checked against the rules (a refresh of everyone); null before the first. */
  refreshedAt: Date | null;
  /** How many customers were members after that refresh. */
  memberCount: number;
}

/** What defining a segment takes. */
export interface DefineSegmentInput {
  id: string;
  name: string;
  rules: unknown;
}

/**
 * Defined segments: rule trees with an id and a name, whose members are kept in
 * `segment_memberships` (model `rules`). Defining one (again) refreshes it at once; deleting one
 * lets every member leave, with `segment.left`.
 */
export interface SegmentDefinitions {
  define(input: DefineSegmentInput): Promise<SegmentDefinition>;
  /** Deletes a segment and its memberships; resolves to whether it existed. */
  delete(id: string): Promise<boolean>;
  list(): Promise<SegmentDefinition[]>;
  get(id: string): Promise<SegmentDefinition | undefined>;
  /** Brings one segment's members up to date, unless another instance is doing it (then undefined). */
  refresh(id: string): Promise<RefreshResult | undefined>;
}

/** The container token of the {@link SegmentDefinitions}. */
export const SegmentDefinitions = serviceToken<SegmentDefinitions>('rapport.core.SegmentDefinitions');

const ID = new RegExp(CONTRIBUTION_ID_PATTERN);

@injectable()
export class SqlSegmentDefinitions implements SegmentDefinitions {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(SegmentRefresh) private readonly refresher: SegmentRefresh,
  ) {}

  async define(input: DefineSegmentInput): Promise<SegmentDefinition> {
    if (typeof input.id !== 'string' || input.id.length > 64 || !ID.test(input.id)) {
      throw new ValidationError(`id must be 1 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit; got ${JSON.stringify(input.id)}.`, 'id');
    }
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length < 1 || name.length > 200) throw new ValidationError('name must be 1 to 200 characters.', 'name');
    validateRuleTree(input.rules, 'rules');
    const now = this.clock.now();
    let before: Record<string, unknown> | undefined;
    const refreshed = await this.refresher.redefine(input.id, now, async (sql) => {
      before = await sql.one('select * from segment_definitions where id = ?', [input.id]);
      if (before) {
        await sql.run('update segment_definitions set name = ?, rules = ?, updated_at = ? where id = ?', [name, sql.json(input.rules), sql.date(now), input.id]);
      } else {
        await sql.run('insert into segment_definitions (id, name, rules, created_at, updated_at) values (?, ?, ?, ?, ?)', [input.id, name, sql.json(input.rules), sql.date(now), sql.date(now)]);
      }
      const changes = { name: { before: before?.name ?? null, after: name }, rules: { before: before ? SqlSession.readJson(before.rules) : null, after: input.rules } };
      await this.audit.appendIn(sql, [{ action: before ? 'segment.redefine' : 'segment.define', targetType: 'SegmentDefinition', targetId: input.id, changes }]);
      return input.rules as RuleTree;
    });
    // What the transaction committed, without reading it back.
    const kept = before && readDefinition(before);
    return {
      id: input.id,
      name,
      rules: input.rules as RuleTree,
      createdAt: kept?.createdAt ?? now,
      updatedAt: now,
      refreshedAt: refreshed ? now : (kept?.refreshedAt ?? null),
      memberCount: refreshed ? refreshed.members : (kept?.memberCount ?? 0),
    };
  }

  async delete(id: string): Promise<boolean> {
    const existing = await this.get(id);
    if (!existing) return false;
    await this.refresher.removeAll(id);
    return true;
  }

  async list(): Promise<SegmentDefinition[]> {
    const rows = await SqlSession.reads(this.database).all('select * from segment_definitions order by id');
    return rows.map(readDefinition);
  }

  async get(id: string): Promise<SegmentDefinition | undefined> {
    const row = await SqlSession.reads(this.database).one('select * from segment_definitions where id = ?', [id]);
    return row ? readDefinition(row) : undefined;
  }

  async refresh(id: string): Promise<RefreshResult | undefined> {
    if (!(await this.get(id))) throw new NotFoundError(`No segment "${id}". segmentDefinitions lists them.`);
    return this.refresher.refresh(id);
  }
}

function readDefinition(row: Record<string, unknown>): SegmentDefinition {
  return {
    id: String(row.id),
    name: String(row.name),
    rules: SqlSession.readJson<RuleTree>(row.rules),
    createdAt: SqlSession.readDate(row.created_at)!,
    updatedAt: SqlSession.readDate(row.updated_at)!,
    refreshedAt: SqlSession.readDate(row.refreshed_at),
    memberCount: Number(row.member_count ?? 0),
  };
}
