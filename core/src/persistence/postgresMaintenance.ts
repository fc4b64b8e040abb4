import type { Database } from './openDatabase.js';
import { SqlSession } from './SqlSession.js';

/**
 * What an operator must hear at startup about a PostgreSQL server that will not maintain
 * Rapport's tables, or nothing when it will (and on SQLite, which needs no such maintenance).
 *
 * With `autovacuum` (or the statistics it runs on, `track_counts`) off, nothing vacuums or
 * analyzes unless the operator does: the queue tables (`event_outbox`, `audit_pending`) fill with
 * dead index entries that every claim walks, and the planner keeps the plans it made for empty
 * tables. bench:soak measured ingest falling to 0.57 of its first rate by 215,000 interactions
 * that way, and the outbox taking 60–90% longer to drain (docs/benchmarks-soak.md).
 */
export async function postgresMaintenanceWarning(database: Database): Promise<string | undefined> {
  if (database.dialect !== 'postgresql') return undefined;
  const rows = await SqlSession.autocommit(database).all<{ name: string; setting: string }>(
    "select name, setting from pg_settings where name in ('autovacuum', 'track_counts')",
  );
  const off = rows.filter((row) => row.setting === 'off').map((row) => row.name);
  if (off.length === 0) return undefined;
  return (
    `PostgreSQL runs with ${off.map((name) => `${name} = off`).join(' and ')}: nothing vacuums or analyzes Rapport's tables, ` +
    'so the event outbox and the audit queue slow down as dead rows pile up, and query plans stay those made for empty tables. ' +
    'Turn autovacuum on (the default), or run VACUUM (ANALYZE) on this database regularly; see docs/configuration.md#database.'
  );
}
