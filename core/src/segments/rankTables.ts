import { sql } from 'kysely';
import type { Dialect } from '../persistence/SqlMigration.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { CustomerScope } from './customerScope.js';
import { purchaseFilter, rankTable, rankValue, rankValues, type ModelRank } from './rankLeaf.js';
import { and, compileSql, or, type CompiledSql, type Sql, type SqlValues } from './sqlDialect.js';
import { dropTemporaryTables, fillTemporaryTable } from './temporaryTables.js';

/*
 * The buckets of a model's ranks, computed once per refresh into a temporary table per rank,
 * `"rank:<name>"` of `(customer_id, value, bucket)`, in the refresh's transaction, which every
 * segment's statements join. (As CTEs, each of the model's statements, two per segment and 22
 * for RFM, computed every rank again.) Two ways (RuleModelRefresh):
 *
 * - **Ranked**, for a refresh of every customer: NTILE over every customer with the value. Where
 *   each bucket ended is kept on the model's row ({@link RankBounds}).
 * - **Placed**, for a refresh of the customers events named: their values only, each put in the
 *   bucket whose end it does not pass, as of the last refresh of everyone. A change of one
 *   customer's value moves other customers' buckets by a place at most; those moves wait for
 *   the next refresh of everyone (the schedule's, every 15 minutes), and the customers named are
 *   placed where a full ranking would put them give or take those places.
 */

/** Where a bucket ended: its last customer in the rank's order (value, then id). */
export type BucketEnd = [bucket: number, value: number | string, customerId: string];

/** Where every bucket of a model's ranks ended at its last refresh of every customer. */
export interface RankBounds {
  /** The ranks as they were declared then ({@link rankSignature}): after a change, the bounds place nobody. */
  signature: string;
  ends: Record<string, BucketEnd[]>;
  /** How many customers each rank had. */
  ranked: Record<string, number>;
}

/** The customers named may be at most this share of those a rank had, to be placed in its buckets. */
const PLACED_SHARE = 1 / 20;

/** What the bounds were computed for: a model whose ranks change (a plugin's update) is ranked again. */
export function rankSignature(ranks: readonly ModelRank[]): string {
  return JSON.stringify(ranks.map(({ name, of, buckets, withinMs, currency }) => [name, of, buckets, withinMs ?? null, currency ?? null]));
}

/** How the rank tables are filled: ranked (every customer), or placed (the customers of `scope`, in the buckets of `bounds`). */
export type RankFill = { kind: 'ranked' } | { kind: 'placed'; bounds: RankBounds; scope: readonly string[] };

/**
 * The statements that fill each rank's temporary table as of `now`, to run first in the
 * refresh's transaction; PostgreSQL drops them at its commit, SQLite when {@link dropRankTables}
 * runs.
 */
export function createRankTables(ranks: readonly ModelRank[], fill: RankFill, values: SqlValues, now: Date): CompiledSql[] {
  const { dialect } = values;
  // Keyed by customer on SQLite: otherwise it joins a rank by an automatic index on its bucket, a
  // probe of a fifth of the buyers per customer (3–7 s a statement at 100,000 customers, against 70 ms).
  const tables = (table: Sql, rows: Sql): Sql[] =>
    fillTemporaryTable(dialect, table, rows, {
      sqlite: { declaration: sql`(customer_id text primary key, value, bucket integer) without rowid`, columns: sql`(customer_id, value, bucket)` },
      analyze: true,
    });
  const statements: Sql[] =
    fill.kind === 'placed'
      ? ranks.flatMap((rank) => tables(rankTable(rank.name), placed(rank, fill.bounds.ends[rank.name]!, fill.scope, values, now)))
      : [
          ...fillTemporaryTable(dialect, VALUES_TABLE, everyValue(ranks, values, now)),
          ...ranks.flatMap((rank, index) => tables(rankTable(rank.name), ranked(rank, index))),
        ];
  return statements.map((statement) => compileSql(statement, dialect));
}

/** The table of every rank's value per customer, `(customer_id, v0, v1, …)`, for a ranking of everyone. */
const VALUES_TABLE = sql.raw('"rank-values"');

/**
 * Every rank's value per customer, in one scan of the purchases: RFM's three ranks each scanned
 * them (about 3 s each at a million customers). Ranks that count the same purchases share the
 * scan's filter; otherwise each value counts its own, and is NULL for a customer without one.
 */
function everyValue(ranks: readonly ModelRank[], values: SqlValues, now: Date): Sql {
  const filters = ranks.map((rank) => purchaseFilter(rank, values, now));
  const key = (rank: ModelRank) => JSON.stringify([rank.withinMs ?? null, rank.currency ?? null]);
  const shared = ranks.every((rank) => key(rank) === key(ranks[0]!));
  const columns = ranks.map((rank, index) => {
    if (shared) return sql`${rankValue(rank.of, values)} as ${sql.raw(`v${index}`)}`;
    const own = sql`${rankValue(rank.of, values)} filter (where ${and(filters[index]!)})`;
    // A count of no purchase is 0, not NULL: no value, no rank.
    return sql`${rank.of === 'purchases.count' ? sql`nullif(${own}, 0)` : own} as ${sql.raw(`v${index}`)}`;
  });
  const where = and([sql`i.type = 'purchase'`, ...(shared ? filters[0]! : [or(filters.map((filter) => and(filter)))])]);
  return sql`select i.customer_id, ${sql.join(columns)} from interactions i where ${where} group by i.customer_id`;
}

/** Every customer with the rank's value (column `index` of the values table), in NTILE buckets. */
function ranked(rank: ModelRank, index: number): Sql {
  const value = sql.raw(`v.v${index}`);
  return sql`select v.customer_id, ${value} as value, ntile(${sql.raw(String(Math.trunc(rank.buckets)))}) over (order by ${value}, v.customer_id) as bucket
    from ${VALUES_TABLE} v where ${value} is not null`;
}

/** The customers of `scope` with the rank's value, each in the first bucket whose end it does not pass. */
function placed(rank: ModelRank, ends: readonly BucketEnd[], scope: readonly string[], values: SqlValues, now: Date): Sql {
  const last = sql.raw(String(ends.at(-1)![0]));
  const cases = ends
    .slice(0, -1)
    .map(([bucket, value, customerId]) => sql`when (v.value, v.customer_id) <= (${boundValue(rank, value, values)}, ${values.text(customerId)}) then ${sql.raw(String(bucket))}`);
  const bucket = cases.length === 0 ? last : sql`case ${sql.join(cases, sql` `)} else ${last} end`;
  return sql`select v.customer_id, v.value, ${bucket} as bucket from (${rankValues(rank, values, now, scope as CustomerScope)}) v`;
}

/** The statements that drop the rank tables before the refresh commits (SQLite; PostgreSQL drops them itself). */
export function dropRankTables(ranks: readonly ModelRank[], fill: RankFill, dialect: Dialect): CompiledSql[] {
  const tables = [...ranks.map((rank) => rankTable(rank.name)), ...(fill.kind === 'ranked' ? [VALUES_TABLE] : [])];
  return dropTemporaryTables(dialect, tables).map((statement) => compileSql(statement, dialect));
}

/**
 * Reads where each bucket of the rank tables ended, in the refresh's transaction. NTILE filled the
 * buckets in the order of (value, customer id), so a bucket ends at its largest value and, among
 * the customers with that value, the largest id: two aggregates over the table and a join of the
 * few rows they give. (A window numbering each bucket's rows sorted every table: 0.3 s of a 1.2 s
 * refresh of RFM at 100,000 customers on SQLite.)
 */
export async function readRankBounds(session: SqlSession, ranks: readonly ModelRank[]): Promise<RankBounds> {
  const ends: Record<string, BucketEnd[]> = {};
  const ranked: Record<string, number> = {};
  for (const rank of ranks) {
    const table = rankTable(rank.name);
    const { sql: text, params } = compileSql(
      sql`select b.bucket, b.value, max(r.customer_id) as customer_id, b.n
            from (select bucket, max(value) as value, count(*) as n from ${table} group by bucket) b
            join ${table} r on r.bucket = b.bucket and r.value = b.value
          group by b.bucket, b.value, b.n order by b.bucket`,
      session.dialect,
    );
    const rows = await session.all<{ bucket: unknown; value: unknown; customer_id: string; n: unknown }>(text, params);
    ends[rank.name] = rows.map((row) => [Number(row.bucket), storedValue(rank, row.value), row.customer_id]);
    ranked[rank.name] = rows.reduce((sum, row) => sum + Number(row.n), 0);
  }
  return { signature: rankSignature(ranks), ends, ranked };
}

/**
 * Whether `bounds` can place the customers of `scope`; if not, every customer must be ranked
 * instead: bounds of other ranks, or a rank that had fewer than `placeFrom` customers, or fewer
 * than twenty times the customers named (SegmentRefreshOptions.placeRanksFrom).
 */
export function canPlace(ranks: readonly ModelRank[], bounds: RankBounds | undefined, placeFrom: number, scope: readonly string[]): bounds is RankBounds {
  if (!bounds || bounds.signature !== rankSignature(ranks)) return false;
  return ranks.every((rank) => {
    const ranked = bounds.ranked[rank.name] ?? 0;
    return (bounds.ends[rank.name]?.length ?? 0) > 0 && ranked >= placeFrom && scope.length <= ranked * PLACED_SHARE;
  });
}

/** A rank's value as kept in the bounds: a time as ISO text, numbers as numbers (PostgreSQL answers a count as text). */
function storedValue(rank: ModelRank, value: unknown): number | string {
  return rank.of === 'purchases.lastAt' ? SqlSession.readDate(value)!.toISOString() : Number(value);
}

/** A kept value as a parameter of the type the rank's value has. */
function boundValue(rank: ModelRank, value: number | string, values: SqlValues): Sql {
  switch (rank.of) {
    case 'purchases.lastAt':
      return values.time(new Date(value));
    case 'purchases.count':
      return values.integer(Number(value));
    case 'purchases.total':
      return values.number(Number(value));
  }
}
