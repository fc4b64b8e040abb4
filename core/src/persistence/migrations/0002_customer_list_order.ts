import type { SqlMigration } from '../SqlMigration.js';

/**
 * `customers(first:, after:)` pages by (created_at, id). Without an index on that order, each page
 * sorts the whole customer table; with it, a page is an index range scan, whatever the base size.
 */
export const customerListOrder: SqlMigration = {
  name: '0002_customer_list_order',
  sqlite: ['create index `customers_created_at_id_index` on `customers` (`created_at`, `id`)'],
  postgresql: ['create index "customers_created_at_id_index" on "customers" ("created_at", "id")'],
};
