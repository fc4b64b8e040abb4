import type { SqlMigration } from '../SqlMigration.js';

/** Dead rows in a queue table that make autovacuum clean it. */
export const QUEUE_VACUUM_THRESHOLD = 10_000;

/**
 * Indexes for reads whose cost grew with a customer's history or with the tables (issue 20,
 * found with EXPLAIN on databases of 300,000 interactions):
 *
 * - A customer's interactions of one type (purchases, survey answers), which scoring and
 *   segmentation plugins read on every event: with only (customer_id, occurred_at), every such
 *   read walked the customer's whole history and dropped the other types (1,633 rows read for 82
 *   purchases; 3.3 ms on SQLite, 28 ms on PostgreSQL), so a long-lived customer got slower with
 *   every message.
 * - The open conversation an interaction joins: the most recent OPEN one of the customer. With
 *   (customer_id, status), every OPEN conversation of the customer was read and sorted, and
 *   conversations stay OPEN when a customer comes back after the window (a new one opens), so a
 *   customer who writes now and then piles them up (651 read and sorted: 7–18 ms on PostgreSQL).
 *   Partial, on OPEN conversations only, so resolved ones cost it nothing.
 * - Finished workflow runs by when they finished, for pruning them after their retention.
 *
 * And, on PostgreSQL, vacuuming of the queue tables by a number of dead rows rather than a share
 * of the table. Every delivered event, sealed audit event and finished run leaves a dead row
 * and a dead index entry behind (the status moves, or the row is deleted), and the claims read
 * the index from the oldest end: until a vacuum, each claim walks them all (483 index pages read
 * to find no pending event among 126,000 dead rows, then 5 after a VACUUM). By default
 * autovacuum waits for a fifth of the table to be dead, which for a busy outbox is millions.
 */
export const growthIndexes: SqlMigration = {
  name: '0009_growth_indexes',
  sqlite: [
    'create index `interactions_customer_type_occurred_index` on `interactions` (`customer_id`, `type`, `occurred_at`)',
    "create index `conversations_open_activity_index` on `conversations` (`customer_id`, `last_activity_at`) where `status` = 'OPEN'",
    'create index `workflow_runs_finished_index` on `workflow_runs` (`finished_at`)',
  ],
  postgresql: [
    'create index "interactions_customer_type_occurred_index" on "interactions" ("customer_id", "type", "occurred_at")',
    'create index "conversations_open_activity_index" on "conversations" ("customer_id", "last_activity_at") where "status" = \'OPEN\'',
    'create index "workflow_runs_finished_index" on "workflow_runs" ("finished_at")',
    ...['event_outbox', 'audit_pending', 'workflow_runs'].map(
      (table) => `alter table "${table}" set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = ${QUEUE_VACUUM_THRESHOLD})`,
    ),
  ],
};
