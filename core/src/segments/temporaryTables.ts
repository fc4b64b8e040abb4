import { sql } from 'kysely';
import type { Dialect } from '../persistence/SqlMigration.js';
import type { Sql } from './sqlDialect.js';

/*
 * The temporary tables a rule model's refresh fills in its transaction and its statements join:
 * the rank tables (rankTables.ts) and the placement (placementTable.ts). One way to make them, so
 * the reasons below hold for every one.
 */

/** How a temporary table is made beyond its rows. */
export interface TemporaryTableShape {
  /**
   * SQLite: the table's declaration (`(customer_id text primary key, …) without rowid`) and the
   * columns `rows` fill (`(customer_id, …)`). SQLite keeps no statistics for a temporary table, so
   * a table the statements join by a column needs its key declared, or SQLite joins it by an
   * automatic index of its own choosing. Without it, the table is `create … as` its rows.
   */
  sqlite?: { declaration: Sql; columns: Sql };
  /**
   * PostgreSQL: analyze it once filled. A temporary table has no statistics until analyzed, and
   * statements joining it would be planned blind.
   */
  analyze?: boolean;
}

/**
 * The statements that make `table` from `rows`: PostgreSQL drops it at the commit; SQLite, where
 * it lives as long as the connection, drops one a failed refresh left first, and
 * {@link dropTemporaryTables} drops it before the commit.
 */
export function fillTemporaryTable(dialect: Dialect, table: Sql, rows: Sql, shape: TemporaryTableShape = {}): Sql[] {
  if (dialect === 'postgresql') return [sql`create temporary table ${table} on commit drop as ${rows}`, ...(shape.analyze ? [sql`analyze ${table}`] : [])];
  const leftOver = sql`drop table if exists temp.${table}`;
  if (!shape.sqlite) return [leftOver, sql`create temporary table ${table} as ${rows}`];
  return [leftOver, sql`create temporary table ${table} ${shape.sqlite.declaration}`, sql`insert into ${table} ${shape.sqlite.columns} ${rows}`];
}

/** The statements that drop `tables` before the refresh commits (SQLite; PostgreSQL drops them itself). */
export function dropTemporaryTables(dialect: Dialect, tables: readonly Sql[]): Sql[] {
  return dialect === 'postgresql' ? [] : tables.map((table) => sql`drop table temp.${table}`);
}
