import type { Acting } from '../actors/acting.js';
import type { ActionCause, ActorKind } from '../actors/Actor.js';
import type { Dialect } from '../persistence/SqlMigration.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { AuditEntry, AuditEventRow, AuditStatement } from './AuditLog.js';
import { auditEventId } from './auditEventId.js';
import { sha256 } from './chainHashing.js';

/**
 * The columns a writer fills in `audit_pending`, in order; `audit_events` has them too, with the
 * sealer's `seq` and `hash`. `redacted_at` is erasure's.
 */
export const COLUMNS = [
  'id',
  'at',
  'actor_kind',
  'actor_id',
  'actor_name',
  'request_id',
  'cause_kind',
  'cause_id',
  'action',
  'target_type',
  'target_id',
  'customer_id',
  'changes',
  'changes_digest',
] as const;

/** PostgreSQL types of the columns, for the casts a select list needs (an untyped parameter there is text). */
const PG_TYPES: Record<(typeof COLUMNS)[number], string> = {
  id: 'text',
  at: 'timestamptz',
  actor_kind: 'text',
  actor_id: 'text',
  actor_name: 'text',
  request_id: 'text',
  cause_kind: 'text',
  cause_id: 'text',
  action: 'text',
  target_type: 'text',
  target_id: 'text',
  customer_id: 'text',
  changes: 'text',
  changes_digest: 'text',
};

const COLUMN_LIST = COLUMNS.join(', ');
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;

/**
 * The values of one event's columns, in {@link COLUMNS} order. The changes are stored as the very
 * text their digest is of, so verifying the digest needs no canonical form of them.
 */
function valuesOf(dialect: Dialect, entry: AuditEntry, acting: Acting, at: Date): unknown[] {
  const changes = entry.changes === undefined || entry.changes === null ? null : JSON.stringify(entry.changes);
  return [
    auditEventId(),
    dialect === 'postgresql' ? at : at.getTime(),
    acting.actor.kind,
    acting.actor.id,
    acting.actor.name ?? null,
    acting.requestId ?? null,
    acting.cause?.kind ?? null,
    acting.cause?.id ?? null,
    entry.action,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.customerId ?? null,
    changes,
    changes === null ? null : sha256(changes),
  ];
}

/** The insert of n events, for the usual n (one interaction, a customer and its first one), made once. */
const INSERTS = [1, 2, 3].map((n) => insertText(n));

function insertText(rows: number): string {
  return `insert into audit_pending (${COLUMN_LIST}) values ${Array.from({ length: rows }, () => ROW_PLACEHOLDERS).join(', ')}`;
}

/** One insert of all `entries`, attributed to `acting` (one statement, so they keep their order). */
export function insertOf(dialect: Dialect, entries: readonly AuditEntry[], acting: Acting, at: Date): AuditStatement {
  const params: unknown[] = [];
  for (const entry of entries) params.push(...valuesOf(dialect, entry, acting, at));
  return { sql: INSERTS[entries.length - 1] ?? insertText(entries.length), params };
}

/**
 * PostgreSQL: the insert of one event whose `customer_id` is the column of that name of the CTE
 * `source`, one event per row of it (none when it has none).
 */
export function insertSelectingOf(entry: AuditEntry, source: string, acting: Acting, at: Date): AuditStatement {
  const values = valuesOf('postgresql', entry, acting, at);
  const customerIndex = COLUMNS.indexOf('customer_id');
  const select = COLUMNS.map((column, index) => (index === customerIndex ? `${source}.customer_id` : `?::${PG_TYPES[column]}`));
  return {
    sql: `insert into audit_pending (${COLUMN_LIST}) select ${select.join(', ')} from ${source}`,
    params: values.filter((_, index) => index !== customerIndex),
  };
}

/** An `audit_events` row (or an `audit_pending` one: no `seq` and `hash` yet) read with plain SQL. */
export function readAuditRow(row: Record<string, unknown>): AuditEventRow {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const causeKind = text(row.cause_kind);
  return {
    id: String(row.id),
    seq: row.seq === null || row.seq === undefined ? null : Number(row.seq),
    at: SqlSession.readDate(row.at)!,
    actor: { kind: String(row.actor_kind) as ActorKind, id: String(row.actor_id), ...(row.actor_name != null && { name: String(row.actor_name) }) },
    requestId: text(row.request_id),
    cause: causeKind ? ({ kind: causeKind, id: String(row.cause_id) } as ActionCause) : null,
    action: String(row.action),
    targetType: text(row.target_type),
    targetId: text(row.target_id),
    customerId: text(row.customer_id),
    changes: row.changes === null || row.changes === undefined ? null : JSON.parse(String(row.changes)),
    changesDigest: text(row.changes_digest),
    hash: text(row.hash),
    redactedAt: SqlSession.readDate(row.redacted_at),
  };
}

/** The raw changes text of a row, as stored (the digest is of this text). */
export function changesTextOf(row: Record<string, unknown>): string | null {
  return row.changes === null || row.changes === undefined ? null : String(row.changes);
}
