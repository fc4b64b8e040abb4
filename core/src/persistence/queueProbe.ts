import type { Dialect } from './SqlMigration.js';

/**
 * "`alias`.status is `status`", for a probe of one key's rows in a queue table (the event outbox,
 * webhook deliveries): the earlier pending rows of the same customer, or of the same endpoint and
 * customer. The probe must go through the index that leads with that key.
 *
 * On PostgreSQL the test is written so that no index can answer it, which leaves the key's index
 * as the only way in. A queue's statistics almost never see a pending row (they are taken between
 * bursts), so with an indexable `status = 'pending'` the planner answered each probe by rescanning
 * every pending row through the status index, estimated at one row: a claim of 100 outbox events
 * with 930 pending took 40–160 ms, quadratic in the backlog, and 9 ms in this form
 * (docs/benchmarks.md, seventh pass). SQLite's statistics count rows per index prefix, not per
 * value, and its planner picks the key's index for the indexable form, which also lets the index
 * skip rows of other statuses.
 */
export function statusProbe(alias: string, status: string, dialect: Dialect): string {
  return dialect === 'postgresql' ? `(${alias}.status = '${status}') is true` : `${alias}.status = '${status}'`;
}
