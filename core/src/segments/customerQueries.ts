import { ValidationError } from '@rapport/sdk';
import { sql } from 'kysely';
import { SqlSession } from '../persistence/SqlSession.js';
import { lastInboundPage } from './activitySummary.js';
import { rulePredicate, type CompileOptions } from './compileRules.js';
import { fail } from './ruleErrors.js';
import { findRuleField } from './ruleFields.js';
import type { ValidRuleTree } from './ruleTree.js';
import { checkFieldKey } from './ruleValues.js';
import { compileSql, SqlValues, type CompiledSql, type Sql } from './sqlDialect.js';

/** How customers are ordered: a sortable field of the rule language, and a direction. Ties go by id, in the same direction. */
export interface CustomerOrder {
  /** `createdAt`, `displayName`, `score.<rule>` or `interactions.lastAt`. */
  field: string;
  direction: 'asc' | 'desc';
}

/** The default order of customer lists: oldest first, as `customers(first:)` has always paged. */
export const DEFAULT_CUSTOMER_ORDER: CustomerOrder = Object.freeze({ field: 'createdAt', direction: 'asc' });

/**
 * Where a page ends: the last customer's id and sort value (an ISO date-time for dates, the
 * number for scores, the name for names; `null` for a customer without one, who sorts last).
 * {@link keysetKeyOf} reads it from a row; a GraphQL cursor encodes it.
 */
export interface KeysetKey {
  id: string;
  value: string | number | null;
}

/** The largest page a statement returns. */
export const MAX_PAGE_SIZE = 1000;

/** A page of matching customers. */
export interface CustomerPageOptions extends CompileOptions {
  orderBy?: CustomerOrder;
  /** How many ids to return, 1 to {@link MAX_PAGE_SIZE}. Ask for one more to learn whether a next page exists. */
  limit: number;
  /** The key of the last customer of the previous page. */
  after?: KeysetKey;
}

/**
 * Checks an `orderBy` from a client: a sortable field and `asc` or `desc`.
 *
 * @throws ValidationError naming `path` and the fields that sort.
 */
export function validateCustomerOrder(input: unknown, path = 'orderBy'): CustomerOrder {
  const sortable = 'createdAt, displayName, score.<rule>, interactions.lastAt';
  const order = (input ?? {}) as { field?: unknown; direction?: unknown };
  const found = typeof order.field === 'string' ? findRuleField(order.field) : undefined;
  if (!found?.field.sortable) fail(`${path}.field`, `customers sort by one of ${sortable}; got ${JSON.stringify(order.field) ?? 'nothing'}.`);
  if (found.field.key) checkFieldKey(found.field, found.key ?? '', `${path}.field`);
  const direction = order.direction ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') fail(`${path}.direction`, `use "asc" or "desc"; got ${JSON.stringify(direction)}.`);
  return { field: order.field as string, direction };
}

/**
 * One page of the ids of customers matching `where` (every customer without it), in keyset
 * order: `select id, sort_key from customers c … order by <key>, c.id limit ?`, never OFFSET, so
 * the 100th page costs what the first does when an index serves the order. By
 * `interactions.lastAt`, the statement walks the activity summary's index ({@link lastInboundPage}).
 */
export function selectMatchingCustomers(where: ValidRuleTree | undefined, options: CustomerPageOptions): CompiledSql {
  const orderBy = options.orderBy ?? DEFAULT_CUSTOMER_ORDER;
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`first: a page holds 1 to ${MAX_PAGE_SIZE} customers; got ${options.limit}.`, 'first');
  }
  const values = new SqlValues(options.dialect);
  const predicate = where ? rulePredicate(where, { ...options, walk: true }) : undefined;
  if (orderBy.field === 'interactions.lastAt') {
    const after = options.after && { at: options.after.value === null ? null : cursorTime(options.after.value, values), id: values.text(options.after.id) };
    return compileSql(lastInboundPage({ direction: orderBy.direction, limit: options.limit, ...(predicate && { where: predicate }), ...(after && { after }) }, values), options.dialect);
  }
  const key = sortKey(orderBy.field, values);
  const conditions: Sql[] = [];
  if (predicate) conditions.push(predicate);
  if (options.after) conditions.push(afterKey(key, orderBy.direction, options.after, values));
  const direction = sql.raw(orderBy.direction);
  // Nulls last both ways; createdAt has none, and leaving it out lets a backward index scan serve desc.
  const nulls = key.nullable ? sql` nulls last` : sql``;
  const whereClause = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  return compileSql(
    sql`select c.id as id, ${key.expression} as sort_key from customers c ${key.join} ${whereClause} order by ${key.expression} ${direction}${nulls}, c.id ${direction} limit ${sql.val(options.limit)}`,
    options.dialect,
  );
}

/** How many customers match `where`: `select count(*) as count …`. It reads every match; ask only when it is wanted. */
export function countMatchingCustomers(where: ValidRuleTree | undefined, options: CompileOptions): CompiledSql {
  const whereClause = where ? sql`where ${rulePredicate(where, options)}` : sql``;
  return compileSql(sql`select count(*) as count from customers c ${whereClause}`, options.dialect);
}

/**
 * The key of a row of {@link selectMatchingCustomers}, for `after`: dates as ISO strings, numbers
 * as numbers, whatever the dialect returned.
 */
export function keysetKeyOf(row: Record<string, unknown>, orderBy: CustomerOrder = DEFAULT_CUSTOMER_ORDER): KeysetKey {
  const value = row.sort_key;
  const id = String(row.id);
  if (value === null || value === undefined) return { id, value: null };
  if (orderBy.field === 'createdAt' || orderBy.field === 'interactions.lastAt') return { id, value: SqlSession.readDate(value)!.toISOString() };
  if (orderBy.field.startsWith('score.')) return { id, value: Number(value) };
  return { id, value: String(value) };
}

interface SortKey {
  expression: Sql;
  /** A join that brings the key in, if it needs one. */
  join: Sql;
  nullable: boolean;
  /** The key value of a cursor as a parameter of the key's type. */
  param(value: string | number): Sql;
}

/** A cursor's date as a time parameter. */
function cursorTime(value: string | number, values: SqlValues): Sql {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new ValidationError(`after: the cursor's date ${JSON.stringify(value)} is not a date; use a cursor from a previous page.`, 'after');
  return values.time(at);
}

/** The key of the orders other than `interactions.lastAt`, which has a statement of its own (activitySummary.ts). */
function sortKey(field: string, values: SqlValues): SortKey {
  if (field === 'createdAt') return { expression: sql`c.created_at`, join: sql``, nullable: false, param: (value) => cursorTime(value, values) };
  if (field === 'displayName') return { expression: sql`c.display_name`, join: sql``, nullable: true, param: (value) => values.text(String(value)) };
  const rule = field.slice('score.'.length);
  return {
    expression: sql`ks.value`,
    join: sql`left join scores ks on ks.customer_id = c.id and ks.rule = ${values.text(rule)}`,
    nullable: true,
    param: (value) => values.number(Number(value)),
  };
}

/** The rows after `after` in the order (key, id) `direction`, nulls last. */
function afterKey(key: SortKey, direction: 'asc' | 'desc', after: KeysetKey, values: SqlValues): Sql {
  const beyond = sql.raw(direction === 'asc' ? '>' : '<');
  const id = values.text(after.id);
  if (after.value === null) return sql`(${key.expression} is null and c.id ${beyond} ${id})`;
  const past = sql`(${key.expression}, c.id) ${beyond} (${key.param(after.value)}, ${id})`;
  return key.nullable ? sql`(${past} or ${key.expression} is null)` : past;
}
