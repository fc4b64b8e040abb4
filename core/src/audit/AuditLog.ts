import type { EntityManager } from '@mikro-orm/core';
import { serviceToken } from '@rapport/sdk';
import type { ActionCause, Actor } from '../actors/Actor.js';
import type { SqlSession } from '../persistence/SqlSession.js';
import type { KeysetPage } from '../util/KeysetPage.js';

/** The fields a write changed: `{ field: { before, after } }` (before null for what it created). */
export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * What one audited write did. Who did it is not part of the entry: the log reads it from the
 * acting flow (`actingNow()`, actors/acting.ts) when the entry is written.
 *
 * @example
 * ```ts
 * { action: 'customer.update', targetType: 'Customer', targetId: id, customerId: id, changes: { displayName: { before: 'Ada', after: 'Ada L.' } } }
 * ```
 */
export interface AuditEntry {
  /** `<noun>.<verb>`, such as `customer.update` or `apiKey.create`. */
  action: string;
  /** The kind of object changed: a GraphQL type name (`Customer`, `WorkflowRun`, `ApiKey`, `Plugin`, …). */
  targetType?: string;
  /** Its raw id (a customer's uuid, a key's name, a plugin's package name). */
  targetId?: string;
  /** The customer the write concerns, if any: what erasure redacts by. */
  customerId?: string | null;
  /** The fields before and after. Never secrets: a token or a password hash does not belong here. */
  changes?: AuditChanges | null;
}

/** A statement to run in the writer's transaction (or chain with its writes, see SqlSession.runTogether). */
export interface AuditStatement {
  sql: string;
  params: unknown[];
}

/** An audit event as stored. */
export interface AuditEventRow {
  id: string;
  /** The chain position; null until the event is sealed (shortly after its commit). */
  seq: number | null;
  at: Date;
  actor: Actor;
  requestId: string | null;
  cause: ActionCause | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  customerId: string | null;
  /** The changes, or `{ redacted: true }` after an erasure redacted them. */
  changes: unknown;
  changesDigest: string | null;
  hash: string | null;
  redactedAt: Date | null;
}

/** What `auditEvents` filters by; every given condition must hold. */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  /** A raw target id (the API translates global ids first). */
  targetId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** What was found wrong first, walking the chain. */
export interface AuditProblem {
  /**
   * `changed`: an event's content differs from what was sealed; `missing`: events are gone from
   * the middle or the start of the chain; `truncated`: the newest events are gone; `checkpoint`
   * and `head`: a signed record of the chain does not match its signature or the events; `key`:
   * the key the events were sealed with is not available.
   */
  kind: 'changed' | 'missing' | 'truncated' | 'checkpoint' | 'head' | 'key';
  /** The sequence number of the first event concerned (the missing one, for `missing`). */
  seq: number;
  /** The event's id and action, when the event is there to name. */
  eventId?: string;
  action?: string;
  /** One sentence saying what is wrong, for the operator. */
  message: string;
}

/** The result of walking the chain. */
export interface AuditVerification {
  ok: boolean;
  /** Events whose hash was checked, up to the problem if there is one. */
  verified: number;
  /** Of those, events whose changes an erasure redacted (their digest is not checked again). */
  redacted: number;
  /** The checkpoint the walk started from (retention removed what came before), or null. */
  fromCheckpoint: number | null;
  /** The last sealed event's sequence number and hash: note them to detect a later rollback. */
  lastSeq: number;
  lastHash: string;
  /** Events written but not sealed yet (writes that committed during the walk). */
  unsealed: number;
  problem?: AuditProblem;
}

/** What one retention pass removed. */
export interface AuditPruning {
  /** Events removed. */
  pruned: number;
  /** The checkpoint written, when events were removed. */
  checkpointSeq: number | null;
}

/** How the deployment audits (`audit` in rapport.config.json, `KernelOptions.audit`). */
export interface AuditOptions {
  /** False only for benchmarks' baseline: nothing is written, and verify has nothing to check. */
  enabled: boolean;
  /**
   * The chain's key, kept outside the database. Without one, a random key is generated and kept
   * in the database, and anyone who can write to the database could rewrite the chain.
   */
  secret?: string;
  /** Sealed events older than this are removed, behind a signed checkpoint; none: kept forever. */
  retentionMs?: number;
  /** How long after a write the sealer runs, so the writes of that interval are sealed together. */
  sealDelayMs: number;
  /** How often the sealer looks for unsealed events besides being nudged by writes. */
  sealIntervalMs: number;
  /** How often retention runs, when `retentionMs` is set. */
  pruneIntervalMs: number;
}

/** The container token of the deployment's {@link AuditOptions}. */
export const AuditOptions = serviceToken<AuditOptions>('rapport.core.AuditOptions');

export const DEFAULT_AUDIT_OPTIONS: AuditOptions = Object.freeze({
  enabled: true,
  sealDelayMs: 1_000,
  sealIntervalMs: 2_000,
  pruneIntervalMs: 60 * 60_000,
});

/**
 * The tamper-evident audit log (docs/security/audit.md). Writers append an event in the
 * transaction of their change (`appendIn`, `appendInOrm`, or the statements of `statementsFor`
 * and `insertSelecting` run with their own writes), so a rollback leaves no event and a commit
 * always has one. The log seals events into a hash chain shortly after they commit, verifies
 * the chain, redacts changes for erasure and prunes old events behind signed checkpoints.
 *
 * @example
 * ```ts
 * await SqlSession.transaction(database, async (sql) => {
 *   await sql.run('update api_keys set revoked_at = ? where name = ?', [sql.date(now), name]);
 *   await audit.appendIn(sql, [{ action: 'apiKey.revoke', targetType: 'ApiKey', targetId: name }]);
 * });
 * ```
 */
export interface AuditLog {
  /**
   * The insert of `entries`, attributed to who acts now, as statements for the caller to run in
   * its transaction or chain with its own writes (`SqlSession.runTogether`). Empty when auditing
   * is off or there are no entries.
   */
  statementsFor(entries: readonly AuditEntry[]): AuditStatement[];
  /** Appends `entries` in the caller's plain-SQL transaction. */
  appendIn(sql: SqlSession, entries: readonly AuditEntry[]): Promise<void>;
  /** Appends `entries` in the caller's MikroORM transaction (`em.transactional`). */
  appendInOrm(em: EntityManager, entries: readonly AuditEntry[]): Promise<void>;
  /**
   * PostgreSQL: the insert of one event whose customer is the `customer_id` column of `source`,
   * a CTE of the caller's statement (no row there, no event); `undefined` when auditing is off.
   */
  insertSelecting(entry: AuditEntry, source: string): AuditStatement | undefined;
  /** Seals every event committed so far into the chain; resolves with how many it sealed. */
  sealPending(): Promise<number>;
  /** Seals what is pending, then walks the chain from its latest checkpoint. */
  verify(): Promise<AuditVerification>;
  /**
   * Erasure: replaces the changes of the events about a target with `{ "redacted": true }`,
   * keeping the chain verifiable. Returns how many events it redacted. With `sql`, in the
   * caller's transaction.
   */
  redactChanges(targetType: string, targetId: string, sql?: SqlSession): Promise<number>;
  /**
   * Erasure: redacts the changes of every event about a customer: those whose customer or
   * target it is, and those whose changes mention its id. Append the erasure's own event
   * (`customer.erase`, with no personal data in it) after this, or it is redacted too.
   */
  redactCustomer(customerId: string, sql?: SqlSession): Promise<number>;
  /** Removes sealed events older than the retention, behind a signed checkpoint. */
  prune(now?: Date): Promise<AuditPruning>;
  /** Events, newest first, from a key of an earlier page (backward: oldest first, before it). */
  list(filter: AuditFilter, limit: number, page?: KeysetPage): Promise<AuditEventRow[]>;
  count(filter: AuditFilter): Promise<number>;
  get(id: string): Promise<AuditEventRow | undefined>;
  /** Starts sealing shortly after writes and on a timer, and pruning when a retention is set. */
  start(): void;
  /** Stops the timers and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** The container token of the {@link AuditLog}. */
export const AuditLog = serviceToken<AuditLog>('rapport.core.AuditLog');
