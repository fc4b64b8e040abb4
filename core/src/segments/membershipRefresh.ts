import type { AuditLog } from '../audit/AuditLog.js';
import type { EventBus } from '../events/EventBus.js';
import type { StagedEvent, StagedSet } from '../events/EventOutbox.js';
import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { moveAndStage, type Move } from './membershipMoves.js';
import type { CompiledSql } from './sqlDialect.js';

/** What a refresh changed. */
export interface RefreshResult {
  entered: number;
  left: number;
  members: number;
}

/** How long one refresh may hold a segment or a model before another instance may take it over (a crash). */
export const REFRESH_LEASE_MS = 5 * 60_000;

/** The two set-based statements that bring one segment's memberships up to date. */
export interface SegmentStatements {
  segment: string;
  /** Deletes the members who no longer match (no `returning`: see membershipMoves.ts). */
  remove: CompiledSql;
  /**
   * Inserts the customers who match and are not members (no `returning`). `empty` says
   * the segment has no member (its first refresh, or everyone left): then the statement need not
   * look for existing memberships, which on a large base is a probe per matching customer.
   */
  add(empty: boolean): CompiledSql;
}

/** One refresh of a model's memberships (a defined segment is model `rules` with one segment). */
export interface MembershipRefreshPlan {
  model: string;
  /** Runs first in the transaction (a model's rank tables). */
  prepare?(sql: SqlSession): Promise<void>;
  segments: readonly SegmentStatements[];
  /** How many members there are, once moved (the segment's, or the whole model's). */
  count: CompiledSql;
  /** The audit event's target, written when anyone moved. */
  auditTarget: { targetType: string; targetId: string };
  /** Records the refresh on its owner's row (and frees its lease), in the same transaction. */
  finish(sql: SqlSession, members: number): Promise<void>;
}

/**
 * Runs a refresh in one transaction (see {@link refreshMemberships}) and delivers its events once
 * it has committed.
 */
export async function runMembershipRefresh(database: Database, events: EventBus, audit: AuditLog, plan: MembershipRefreshPlan): Promise<RefreshResult> {
  const { result, staged } = await SqlSession.transaction(database, (sql) => refreshMemberships(sql, events, audit, plan));
  await events.afterCommit(staged);
  return result;
}

/**
 * Runs a refresh in the caller's transaction: every segment's departures before any arrival
 * (within a model, a customer leaves one segment before entering the next; and a member that has
 * just been inserted is never checked again), with `segment.left` / `segment.entered` staged for
 * exactly the customers moved (membershipMoves.ts), then the count and one audit event with the
 * counts. The caller hands `staged` to `EventBus.afterCommit` once the transaction has committed.
 */
export async function refreshMemberships(sql: SqlSession, events: EventBus, audit: AuditLog, plan: MembershipRefreshPlan): Promise<{ result: RefreshResult; staged: (StagedEvent | StagedSet)[] }> {
  const where = (segment: string) => ({ model: plan.model, segment });
  const left: Move[] = [];
  const entered: Move[] = [];
  await plan.prepare?.(sql);
  for (const { segment, remove } of plan.segments) left.push(await moveAndStage(sql, events, remove, 'segment.left', where(segment)));
  for (const { segment, add } of plan.segments) {
    const statement = add(!(await hasMembers(sql, plan.model, segment)));
    entered.push(await moveAndStage(sql, events, statement, 'segment.entered', where(segment)));
  }
  const members = Number((await sql.one<{ n: unknown }>(plan.count.sql, plan.count.params))?.n ?? 0);
  await plan.finish(sql, members);
  const [enteredCount, leftCount] = [entered, left].map((moves) => moves.reduce((sum, move) => sum + move.count, 0)) as [number, number];
  if (enteredCount > 0 || leftCount > 0) {
    await audit.appendIn(sql, [{ action: 'segment.refresh', ...plan.auditTarget, changes: { members: { before: members - enteredCount + leftCount, after: members } } }]);
  }
  return { result: { entered: enteredCount, left: leftCount, members }, staged: [...left, ...entered].flatMap((move) => move.staged) };
}

/**
 * Runs `work` with the lease `claim` takes (undefined: another instance holds it, and `work` does
 * not run); when `work` fails, `release` frees the lease at once instead of leaving it to expire.
 */
export async function underLease<L, T>(claim: () => Promise<L | undefined>, release: () => Promise<void>, work: (lease: L) => Promise<T>): Promise<T | undefined> {
  const lease = await claim();
  if (lease === undefined) return undefined;
  try {
    return await work(lease);
  } catch (error) {
    await release();
    throw error;
  }
}

async function hasMembers(sql: SqlSession, model: string, segment: string): Promise<boolean> {
  return (await sql.one('select 1 as found from segment_memberships where model = ? and segment = ? limit 1', [model, segment])) !== undefined;
}
