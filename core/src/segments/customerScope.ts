import { sql } from 'kysely';
import type { Sql, SqlValues } from './sqlDialect.js';

/**
 * The customers a refresh looks at: every customer (`undefined`: a scheduled refresh, which also
 * sees what time alone changes), or only the customers the events since the last refresh named
 * (SegmentRefreshSchedule). A customer's membership depends on their own rows only, except
 * through ranks, which compare customers with each other: in a model with ranks, the customers
 * named are placed in the buckets of its last refresh of everyone (rankTables.ts).
 */
export type CustomerScope = readonly string[] | undefined;

/** `column` holds one of the scope's customer ids; `true` without a scope. */
export function withinScope(column: Sql, scope: CustomerScope, values: SqlValues): Sql {
  if (scope === undefined) return sql`true`;
  // One parameter whatever the number of ids: PostgreSQL's limit is 65,535 parameters, SQLite's 32,766.
  return values.postgres ? sql`${column} = any(${values.textArray(scope)})` : sql`${column} in (select value from json_each(${sql.val(JSON.stringify(scope))}))`;
}
