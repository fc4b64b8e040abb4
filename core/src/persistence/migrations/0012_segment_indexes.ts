import type { SqlMigration } from '../SqlMigration.js';

/**
 * Indexes for rule trees compiled to SQL (core/src/segments), checked with EXPLAIN on PostgreSQL:
 *
 * - Scores by rule and value, so "score.csat lt 40" reads the range of low CSAT scores and joins
 *   their customers, instead of probing every customer's scores; it also orders customers by a score.
 * - The customer's own (INBOUND) interactions by time, with the channel in the key: "nothing from
 *   them in 60 days", their count, their last time and the channels they wrote on are each one
 *   range of this index per customer, read from the index alone. Partial, so outbound messages and
 *   notes cost it nothing.
 * - Purchases by time, so "purchased in the last 7 days" reads the recent purchases and joins
 *   their customers rather than scanning every interaction (a tenth of the rows: purchases only).
 * - Customers by display name, for pages ordered by name (keyset on name, id).
 * - On PostgreSQL, a GIN index on attributes for `attributes.<path> eq`, which compiles to
 *   containment (`@>`).
 *
 * Memberships (model, segment) and a customer's purchases (customer_id, type, occurred_at) already
 * have theirs.
 */
export const segmentIndexes: SqlMigration = {
  name: '0012_segment_indexes',
  sqlite: [
    'create index `scores_rule_value_index` on `scores` (`rule`, `value`, `customer_id`)',
    "create index `interactions_inbound_customer_occurred_index` on `interactions` (`customer_id`, `occurred_at`, `channel`) where `direction` = 'INBOUND'",
    'create index `customers_display_name_id_index` on `customers` (`display_name`, `id`)',
    "create index `interactions_purchase_occurred_index` on `interactions` (`occurred_at`, `customer_id`) where `type` = 'purchase'",
  ],
  postgresql: [
    'create index "scores_rule_value_index" on "scores" ("rule", "value", "customer_id")',
    'create index "interactions_inbound_customer_occurred_index" on "interactions" ("customer_id", "occurred_at", "channel") where "direction" = \'INBOUND\'',
    'create index "customers_display_name_id_index" on "customers" ("display_name", "id")',
    'create index "interactions_purchase_occurred_index" on "interactions" ("occurred_at", "customer_id") where "type" = \'purchase\'',
    'create index "customers_attributes_index" on "customers" using gin ("attributes" jsonb_path_ops)',
  ],
};
