import type { SqlSession } from '../persistence/SqlSession.js';

/** What a redacted event's changes read. */
export const REDACTED_CHANGES = '{"redacted":true}';

/**
 * Replaces the changes of the events that match `condition` with `{ "redacted": true }` and marks
 * them redacted. The digest stays: the chain covers it rather than the text, so the events still
 * verify (verify counts them), and an edit of anything else is still detected.
 */
async function redactWhere(sql: SqlSession, condition: string, params: unknown[], now: Date): Promise<number> {
  let redacted = 0;
  // Sealed events, and those still waiting for the sealer (it carries the mark over).
  for (const table of ['audit_events', 'audit_pending']) {
    const rows = await sql.all(`update ${table} set changes = ?, redacted_at = ? where changes is not null and redacted_at is null and (${condition}) returning id`, [
      REDACTED_CHANGES,
      sql.date(now),
      ...params,
    ]);
    redacted += rows.length;
  }
  return redacted;
}

/** Redacts the changes of the events about one target. */
export function redactTarget(sql: SqlSession, targetType: string, targetId: string, now: Date): Promise<number> {
  return redactWhere(sql, 'target_type = ? and target_id = ?', [targetType, targetId], now);
}

/**
 * Redacts the changes of every event about a customer: those that name it as their customer or
 * target, those whose target names its id (a plugin's storage key such as `notes:<id>`), and
 * those whose changes mention its id (a merge names the customer merged away).
 */
export function redactCustomer(sql: SqlSession, customerId: string, now: Date): Promise<number> {
  const mentioned = `%${customerId.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return redactWhere(
    sql,
    "customer_id = ? or (target_type = 'Customer' and target_id = ?) or target_id like ? escape '\\' or changes like ? escape '\\'",
    [customerId, customerId, mentioned, mentioned],
    now,
  );
}
