import { sql } from 'kysely';
import type { FieldSource, RuleOp } from './ruleFields.js';
import { and, compare, not, type ComparisonOp, type Sql, type SqlValues } from './sqlDialect.js';

/*
 * Rule leaves and pages read from `customer_activity` (migration 0014): one row per customer who
 * has interactions, kept current by triggers on `interactions`. A customer without a row has
 * counts and totals of 0 and no first or last time. Every leaf is an `exists` or a `not exists`
 * on the summary, chosen so that the customers without a row come out right, and so that the
 * database can read the summary's index range of the compared column instead of every row.
 */

/** The summary column of each field source that it holds. */
const COLUMNS: Partial<Record<FieldSource, string>> = {
  interactionCount: 'inbound_count',
  interactionLastAt: 'last_inbound_at',
  purchaseCount: 'purchase_count',
  purchaseTotal: 'purchase_total',
  purchaseLastAt: 'last_purchase_at',
  activityFirstAt: 'first_at',
  purchaseFirstAt: 'first_purchase_at',
};

/** The sources whose column is a count (an integer), not a total. */
const COUNTS: ReadonlySet<FieldSource> = new Set(['interactionCount', 'purchaseCount']);

/** The summary's column for a field source, aliased `ca`. */
function columnOf(source: FieldSource): Sql {
  const column = COLUMNS[source];
  if (!column) throw new Error(`The activity summary holds nothing for ${source}.`);
  return sql.raw(`ca.${column}`);
}

/** Whether the customer has a summary row where `test` holds. */
function summaryHas(test: Sql): Sql {
  return sql`exists (select 1 from customer_activity ca where ca.customer_id = c.id and ${test})`;
}

/**
 * A count or a total compared by `test` (the leaf's value test on the column). Without a row the
 * value is 0, so when the test holds for 0 the leaf is "no row where it fails", and otherwise
 * "a row where it holds": each reads only the summary rows that decide it.
 */
export function activityAggregate(source: FieldSource, op: RuleOp, value: unknown, values: SqlValues, test: (column: Sql) => Sql): Sql {
  const column = columnOf(source);
  const holds = COUNTS.has(source) ? countTest(column, op, value, values) : test(column);
  return holdsForZero(op, value) ? not(summaryHas(not(holds))) : summaryHas(holds);
}

/** The largest count an integer column holds. */
const MAX_COUNT = 2_147_483_647;

/**
 * A count compared with whole numbers only: a count is whole, so `gte 2.5` is `gte 3` and `eq 2.5`
 * is false. PostgreSQL then compares an integer with an integer, which the count's index serves
 * and its statistics estimate (an integer compared with a double is cast, and neither holds).
 */
function countTest(column: Sql, op: RuleOp, value: unknown, values: SqlValues): Sql {
  const bound = (n: number) => values.integer(Math.min(Math.max(n, -1), MAX_COUNT));
  const whole = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_COUNT;
  const n = value as number;
  switch (op) {
    case 'eq':
      return whole(n) ? sql`${column} = ${values.integer(n)}` : sql`false`;
    case 'ne':
      return whole(n) ? sql`${column} <> ${values.integer(n)}` : sql`true`;
    case 'lt':
      return sql`${column} < ${bound(Math.ceil(n))}`;
    case 'lte':
      return sql`${column} <= ${bound(Math.floor(n))}`;
    case 'gt':
      return sql`${column} > ${bound(Math.floor(n))}`;
    case 'gte':
      return sql`${column} >= ${bound(Math.ceil(n))}`;
    case 'in':
    case 'notIn': {
      const members = (value as number[]).filter(whole);
      if (members.length === 0) return op === 'in' ? sql`false` : sql`true`;
      const list = sql`(${sql.join(members.map((member) => values.integer(member)))})`;
      return op === 'in' ? sql`${column} in ${list}` : sql`${column} not in ${list}`;
    }
    default:
      throw new Error(`No count test for "${op}"; the field table and the compiler disagree.`);
  }
}

/**
 * A first or last time compared with `bound` (`op` one of lt, lte, gt, gte), or `exists` /
 * `notExists` when `bound` is undefined. With `noneIsLongAgo` (the `lastAt` fields) a customer
 * without one is before every date, so `lt` and `lte` include them; otherwise (`firstAt`) only
 * `notExists` does.
 */
export function activityTime(source: FieldSource, op: RuleOp | ComparisonOp, bound: Sql | undefined, noneIsLongAgo: boolean): Sql {
  const column = columnOf(source);
  const present = sql`${column} is not null`;
  if (op === 'exists') return summaryHas(present);
  if (op === 'notExists') return not(summaryHas(present));
  const comparison = op as ComparisonOp;
  if (noneIsLongAgo && (comparison === 'lt' || comparison === 'lte')) {
    // Before the bound, or none: no time at or after it (`lt`), or after it (`lte`).
    return not(summaryHas(compare(column, comparison === 'lt' ? 'gte' : 'gt', bound!)));
  }
  return summaryHas(compare(column, comparison, bound!));
}

/** Whether a count or total of 0 passes the value test `op value` (eq … notIn of numbers). */
function holdsForZero(op: RuleOp, value: unknown): boolean {
  switch (op) {
    case 'eq':
      return value === 0;
    case 'ne':
      return value !== 0;
    case 'lt':
      return 0 < (value as number);
    case 'lte':
      return 0 <= (value as number);
    case 'gt':
      return 0 > (value as number);
    case 'gte':
      return 0 >= (value as number);
    case 'in':
      return (value as number[]).includes(0);
    case 'notIn':
      return !(value as number[]).includes(0);
    default:
      throw new Error(`No aggregate test for "${op}"; the field table and the compiler disagree.`);
  }
}

/** A page of customers matching `where`, ordered by their last inbound interaction (customers with none last). */
export interface LastInboundPage {
  where?: Sql;
  direction: 'asc' | 'desc';
  /** The previous page's last key: a time (or null, when that page ended among the customers with none) and an id. */
  after?: { at: Sql | null; id: Sql };
  limit: number;
}

/**
 * `select id, sort_key` of one page by `interactions.lastAt`, in keyset order (key, id) with the
 * customers without one last. Two parts: the customers with a last time, read in the order of
 * the summary's index (last_inbound_at, customer_id) and stopped at the page's size; then, only
 * when those did not fill the page (a one-time test on the first part's count), the customers
 * with none by id. So a first page costs a walk of the index rather than a sort of every customer.
 */
export function lastInboundPage(page: LastInboundPage, values: SqlValues): Sql {
  const direction = sql.raw(page.direction);
  const beyond = sql.raw(page.direction === 'asc' ? '>' : '<');
  const limit = sql.val(page.limit);
  const keyedConditions: Sql[] = [sql`ca.last_inbound_at is not null`];
  const unkeyedConditions: Sql[] = [sql`(select count(*) from keyed) < ${limit}`, not(summaryHas(sql`ca.last_inbound_at is not null`))];
  if (page.where) {
    keyedConditions.push(page.where);
    unkeyedConditions.push(page.where);
  }
  if (page.after?.at) keyedConditions.push(sql`(ca.last_inbound_at, c.id) ${beyond} (${page.after.at}, ${page.after.id})`);
  if (page.after && !page.after.at) {
    keyedConditions.push(sql`false`);
    unkeyedConditions.push(sql`c.id ${beyond} ${page.after.id}`);
  }
  const none = values.postgres ? sql`cast(null as timestamptz)` : sql`null`;
  return sql`with keyed as (select c.id as id, ca.last_inbound_at as sort_key from customer_activity ca join customers c on c.id = ca.customer_id where ${and(keyedConditions)} order by ca.last_inbound_at ${direction}, c.id ${direction} limit ${limit}) select id, sort_key from keyed union all select id, sort_key from (select c.id as id, ${none} as sort_key from customers c where ${and(unkeyedConditions)} order by c.id ${direction} limit ${limit}) unkeyed order by sort_key ${direction} nulls last, id ${direction} limit ${limit}`;
}
