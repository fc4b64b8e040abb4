import type { Dialect } from './SqlMigration.js';

/**
 * "`alias`.status is `status`", for a probe of one key's rows in a queue table (the event outbox,
 * webhook deliveries): the pending rows of the same customer, or of the same endpoint and
 * customer. The probe must go through the index that leads with that key.
 *
 * On PostgreSQL the test is written so that no index can answer it, which leaves the key's index
 * as the only way in. A queue's statistics almost never see a pending row (they are taken between
 * bursts), so with an indexable `status = 'pending'` the planner answered each probe by rescanning
 * every pending row through the status index, estimated at one row: a claim of 100 outbox events
 * with 930 pending took 40–160 ms, quadratic in the backlog (docs/benchmarks.md, seventh pass).
 * SQLite's statistics count rows per index prefix, not per value, and its planner picks the key's
 * index for the indexable form, which also lets the index skip rows of other statuses.
 */
export function statusProbe(alias: string, status: string, dialect: Dialect): string {
  return dialect === 'postgresql' ? `(${alias}.status = '${status}') is true` : `${alias}.status = '${status}'`;
}

/**
 * "`alias` is a pending row of `table` before `seq`", for a probe of one key's earlier rows. On
 * PostgreSQL ({@link statusProbe}) the key's index cannot skip the finished rows, which stay until
 * they are pruned (a week of a busy customer's events), so the probe starts at the oldest pending
 * row of the table, found once per statement: a claim of 100 events with 930 pending took 11 ms
 * without that start and 5 ms with it; with a customer of 20,000 delivered events among them, 24
 * and 9 ms.
 */
export function earlierPendingProbe(table: string, alias: string, seq: string, dialect: Dialect): string {
  const pending = statusProbe(alias, 'pending', dialect);
  if (dialect !== 'postgresql') return `${pending} and ${alias}.seq < ${seq}`;
  return `${pending} and ${alias}.seq >= (select min(oldest.seq) from ${table} oldest where oldest.status = 'pending') and ${alias}.seq < ${seq}`;
}
