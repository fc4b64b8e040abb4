import { sql } from 'kysely';
import type { Dialect } from '../persistence/SqlMigration.js';
import { compileSql, type CompiledSql, type Sql } from './sqlDialect.js';
import { dropTemporaryTables, fillTemporaryTable } from './temporaryTables.js';

/*
 * An exclusive model's placement (RuleModelRefresh): each customer of the refresh with the index
 * of the first segment, in the model's order, whose rules hold, computed in one scan of the
 * customers into the temporary table `"segment-placement"` of `(segment, customer_id)`. Each
 * segment's delete and insert then read their segment's rows of it.
 *
 * Compiled per segment instead, segment i is `rules_i and not (rules_0 or … rules_{i-1})`: each of
 * the model's statements, two per segment, scanned every customer joined to the rank tables, and
 * segment i's evaluated up to i + 1 trees per customer. For RFM (11 segments) those 22 scans were
 * most of a refresh of everyone (docs/benchmarks.md). A CASE gives the same precedence, because
 * every compiled tree is true or false, never NULL (compileRules.ts): a customer is in segment i
 * exactly when rules_i holds and no earlier segment's does.
 */

/** The placement table's name, quoted. */
export const PLACEMENT_TABLE = sql.raw('"segment-placement"');

/**
 * The statements that fill the placement table, to run in the refresh's transaction after the
 * rank tables the trees read: `predicates` are the model's compiled trees in its order, `from`
 * the customers `c` with the rank joins, `scope` which of them this refresh places.
 * PostgreSQL drops the table at the commit; SQLite when {@link dropPlacementTable} runs.
 */
export function createPlacementTable(predicates: readonly Sql[], from: Sql, scope: Sql, dialect: Dialect): CompiledSql[] {
  const cases = predicates.map((predicate, index) => sql`when ${predicate} then ${sql.raw(String(index))}`);
  const rows = sql`select segment, customer_id from (
      select case ${sql.join(cases, sql` `)} end as segment, c.id as customer_id from ${from} where ${scope}) placed
    where segment is not null`;
  // Keyed by segment, then customer, on SQLite: a segment's insert reads its range, its delete probes a key.
  const statements = fillTemporaryTable(dialect, PLACEMENT_TABLE, rows, {
    sqlite: {
      declaration: sql`(segment integer not null, customer_id text not null, primary key (segment, customer_id)) without rowid`,
      columns: sql`(segment, customer_id)`,
    },
    analyze: true,
  });
  return statements.map((statement) => compileSql(statement, dialect));
}

/** The customers placed in the model's segment `index`, as `id`: the `matched` rows of that segment's statements. */
export function placedIn(index: number): Sql {
  return sql`select p.customer_id as id from ${PLACEMENT_TABLE} p where p.segment = ${sql.raw(String(Math.trunc(index)))}`;
}

/** The statement that drops the placement table before the refresh commits (SQLite; PostgreSQL drops it itself). */
export function dropPlacementTable(dialect: Dialect): CompiledSql[] {
  return dropTemporaryTables(dialect, [PLACEMENT_TABLE]).map((statement) => compileSql(statement, dialect));
}
