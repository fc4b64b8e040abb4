import { sql } from 'kysely';
import { CONTRIBUTION_ID_PATTERN, type SegmentRankValue } from '@rapport/sdk';
import { purchaseAmount } from './purchaseAmount.js';
import { withinScope, type CustomerScope } from './customerScope.js';
import type { ValidLeaf } from './ruleTree.js';
import { and, compare, type ComparisonOp, type Sql, type SqlValues } from './sqlDialect.js';

/*
 * Ranks of a rule segmentation model (`RuleSegmentationModel.ranks`): each is a table or CTE
 * named `"rank:<name>"` of `(customer_id, bucket)` (rankTables.ts), and the model's statements
 * left-join it to `customers c`. A `rank.<name>` leaf reads the joined bucket, which is NULL for a
 * customer without a value: every form below is true or false, never NULL, so `not` stays
 * two-valued.
 */

/** A rank as a model declares it, checked (ruleModel.ts). */
export interface ModelRank {
  name: string;
  of: SegmentRankValue;
  buckets: number;
  /** Only purchases after now minus this count. */
  withinMs?: number;
  /** Only purchases whose `metadata.currency` is this count. */
  currency?: string;
}

const ID = new RegExp(CONTRIBUTION_ID_PATTERN);

/** The table (or CTE) of a rank's buckets, quoted: names are ids (checked again here, since they reach SQL as names). */
export function rankTable(name: string): Sql {
  if (!ID.test(name) || name.length > 64) throw new Error(`"${name}" is not a rank name; ranks are checked when their model registers.`);
  return sql.raw(`"rank:${name}"`);
}

/** The SQL of a `rank.<name>` leaf, against the model's rank joins ({@link rankJoins}). */
export function rankLeaf(leaf: ValidLeaf, values: SqlValues): Sql {
  const bucket = sql`${rankTable(leaf.key!)}.bucket`;
  const ranked = sql`${bucket} is not null`;
  switch (leaf.op) {
    case 'exists':
      return ranked;
    case 'notExists':
      return sql`${bucket} is null`;
    case 'in':
      return and([ranked, sql`${bucket} in (${sql.join((leaf.value as number[]).map((value) => bucketNumber(value, values)))})`]);
    case 'notIn':
      return and([ranked, sql`${bucket} not in (${sql.join((leaf.value as number[]).map((value) => bucketNumber(value, values)))})`]);
    default:
      return and([ranked, compare(bucket, leaf.op as ComparisonOp, bucketNumber(leaf.value as number, values))]);
  }
}

/**
 * A bucket number as the bucket's own type, an integer: compared as a double, PostgreSQL cannot
 * use the rank table's statistics, guesses a bucket to hold a few customers, and joins the
 * matches by a nested loop (236 s for one statement of RFM at a million customers, against a
 * fraction of a second by hash).
 */
function bucketNumber(value: number, values: SqlValues): Sql {
  return Number.isInteger(value) ? values.integer(value) : values.number(value);
}

/**
 * The value a rank orders customers by, `(customer_id, value)` for every customer with a purchase
 * that counts, or only for the customers of `scope`: NTILE orders them by the value, then by id so
 * that ties split the same way on every refresh, and 1 is the lowest value, so for
 * `purchases.lastAt` the most recent buyers get the highest bucket (rankTables.ts).
 */
export function rankValues(rank: ModelRank, values: SqlValues, now: Date, scope: CustomerScope): Sql {
  const conditions = [sql`i.type = 'purchase'`, ...purchaseFilter(rank, values, now)];
  if (scope !== undefined) conditions.push(withinScope(sql`i.customer_id`, scope, values));
  return sql`select i.customer_id, ${rankValue(rank.of, values)} as value from interactions i where ${and(conditions)} group by i.customer_id`;
}

/** Which of a customer's purchases count for a rank, besides being purchases (`interactions i`): its window and currency. */
export function purchaseFilter(rank: ModelRank, values: SqlValues, now: Date): Sql[] {
  const conditions: Sql[] = [];
  if (rank.withinMs !== undefined) conditions.push(sql`i.occurred_at > ${values.time(new Date(now.getTime() - rank.withinMs))}`);
  if (rank.currency !== undefined) {
    const currency = values.postgres ? sql`i.metadata ->> 'currency'` : sql`json_extract(i.metadata, '$.currency')`;
    conditions.push(sql`${currency} = ${values.text(rank.currency)}`);
  }
  return conditions;
}

/** The left joins of a model's ranks (tables or CTEs named {@link rankTable}) to `customers c`. */
export function rankJoins(ranks: readonly ModelRank[]): Sql {
  return ranks.length === 0 ? sql`` : sql.join(ranks.map((rank) => sql`left join ${rankTable(rank.name)} on ${rankTable(rank.name)}.customer_id = c.id`), sql` `);
}

/** The aggregate of a customer's counted purchases (`interactions i`) a rank orders by. */
export function rankValue(of: SegmentRankValue, values: SqlValues): Sql {
  switch (of) {
    case 'purchases.lastAt':
      return sql`max(i.occurred_at)`;
    case 'purchases.count':
      return sql`count(*)`;
    case 'purchases.total':
      return sql`sum(${purchaseAmount(values)})`;
  }
}
