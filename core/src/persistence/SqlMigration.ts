/** The SQL dialects Rapport runs on. */
export type Dialect = 'sqlite' | 'postgresql';

/**
 * One schema change, as SQL statements per dialect. Migrations are applied in `name` order, once
 * each per owner (the core, or a plugin), inside a transaction.
 */
export interface SqlMigration {
  /** Sortable and unique per owner, e.g. `0002_add_customer_locale`. */
  name: string;
  sqlite: readonly string[];
  postgresql: readonly string[];
}
