import type { Customer } from '@rapport/sdk';
import { loadCustomers } from '../../domain/customerReads.js';
import type { Database } from '../../persistence/openDatabase.js';
import { SqlSession } from '../../persistence/SqlSession.js';
import {
  compileRules,
  countMatchingCustomers,
  type CustomerOrder,
  keysetKeyOf,
  selectMatchingCustomers,
  textCandidates,
  validateCustomerOrder,
  validateRuleTree,
  type KeysetKey,
  type RuleTree,
  type ValidRuleTree,
} from '../../segments/index.js';
import type { Connection } from '../connections.js';
import { badUserInput } from '../errors.js';

/** The arguments of `customers(where:, orderBy:)` and the older filters, as the finder reads them. */
export interface FinderArgs {
  where?: unknown;
  orderBy?: { field: string; direction?: 'ASC' | 'DESC' | null } | null;
  query?: string | null;
  segment?: { model: string; segment: string };
}

/** A checked finder request: one rule tree (the older filters folded in) and an order. */
export interface FinderRequest {
  where: ValidRuleTree | undefined;
  orderBy: CustomerOrder;
}

/**
 * Reads the finder's arguments into one rule tree: `where` as given, `segment` as a
 * `segment.<model>` leaf and `query` as a text match on name, email or phone, all together.
 * Every mistake is BAD_USER_INPUT naming the JSON path (`where.all[1].op`).
 */
export function finderRequest(args: FinderArgs): FinderRequest {
  const parts: RuleTree[] = [];
  if (args.where !== undefined && args.where !== null) parts.push(args.where as RuleTree);
  if (args.segment) parts.push({ field: `segment.${args.segment.model}`, op: 'eq', value: args.segment.segment });
  if (args.query?.trim()) {
    const text = args.query.trim();
    // A phone number is matched on its digits, so only text that can be part of one reaches it.
    const fields = /^\+?[\d\s().-]*\d[\d\s().-]*$/.test(text) ? ['displayName', 'email', 'phone'] : ['displayName', 'email'];
    parts.push({ any: fields.map((field) => ({ field, op: 'contains', value: text })) });
  }
  // The client's own tree keeps its paths (`where.…`); the folded filters are checked apart.
  const where = parts.length === 0 ? undefined : validateRuleTree(parts.length === 1 && args.where ? args.where : { all: parts }, 'where');
  const orderBy = validateCustomerOrder(args.orderBy ? { field: args.orderBy.field, direction: (args.orderBy.direction ?? 'ASC').toLowerCase() } : { field: 'createdAt', direction: 'asc' }, 'orderBy');
  return { where, orderBy };
}

/** A finder cursor: the keyset key of the last customer of a page (base64url JSON). */
export function encodeFinderCursor(key: KeysetKey): string {
  return Buffer.from(JSON.stringify([key.value, key.id]), 'utf8').toString('base64url');
}

export function decodeFinderCursor(cursor: string, argument: 'after' | 'before' = 'after'): KeysetKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const [value, id] = Array.isArray(parsed) && parsed.length === 2 ? parsed : [undefined, undefined];
  if (typeof id !== 'string' || !(value === null || typeof value === 'string' || typeof value === 'number')) {
    throw badUserInput(`${argument}: ${JSON.stringify(cursor)} is not a cursor of this connection. Use a cursor returned by it (endCursor for after, startCursor for before), with the same where and orderBy.`, argument);
  }
  return { id, value };
}

/**
 * One page of `size + 1` matching customers (the extra one says there is more), with their keys:
 * forward in the order asked for, from just after `cursor`; backward in the reverse order, from
 * just before it (see {@link backwardRows}).
 */
export async function findMatchingCustomers(
  database: Database,
  request: FinderRequest,
  page: { size: number; cursor?: KeysetKey; backward?: boolean; now: Date },
): Promise<{ customer: Customer; key: KeysetKey }[]> {
  const sql = SqlSession.reads(database);
  const among = await textCandidates(sql, request.where);
  const read = async (orderBy: CustomerOrder, limit: number, after?: KeysetKey) => {
    const statement = selectMatchingCustomers(request.where, { dialect: database.dialect, now: page.now, orderBy, limit, ...(after && { after }), ...(among && { among }) });
    return (await sql.all(statement.sql, statement.params)).map((row) => ({ id: String(row.id), key: keysetKeyOf(row, orderBy) }));
  };
  const rows = page.backward ? await backwardRows(request.orderBy, page.size + 1, page.cursor, read) : await read(request.orderBy, page.size + 1, page.cursor);
  const customers = await loadCustomers(sql, rows.map((row) => row.id));
  return rows.flatMap((row) => {
    const customer = customers.get(row.id);
    return customer ? [{ customer, key: row.key }] : [];
  });
}

type ReadKeys = (orderBy: CustomerOrder, limit: number, after?: KeysetKey) => Promise<{ id: string; key: KeysetKey }[]>;

/**
 * Up to `limit` customers before `cursor` (from the end without one), nearest first: the forward
 * order reversed, still by keyset. The statement sorts customers without a value (no display name,
 * no such score, no inbound message) last in both directions, so the reverse of the forward order
 * (values, then the customers without one by id) is read in two parts: first those without a
 * value, by id in the reverse direction, then those with one, in the reverse order.
 */
async function backwardRows(order: CustomerOrder, limit: number, cursor: KeysetKey | undefined, read: ReadKeys): Promise<{ id: string; key: KeysetKey }[]> {
  const reversed: CustomerOrder = { field: order.field, direction: order.direction === 'asc' ? 'desc' : 'asc' };
  // createdAt is never missing: the reversed statement is the exact reverse.
  if (order.field === 'createdAt') return read(reversed, limit, cursor);
  const withValue = (rows: { id: string; key: KeysetKey }[]) => rows.filter((row) => row.key.value !== null);
  // Before a customer with a value there are only customers with one.
  if (cursor && cursor.value !== null) return withValue(await read(reversed, limit, cursor)).slice(0, limit);
  // From the end, or from a customer without a value: first those without one before it. Ids are
  // UUIDs (lower-case hex), so '' and 'z' lie beyond every id in either direction.
  const from: KeysetKey = cursor ?? { value: null, id: reversed.direction === 'desc' ? 'z' : '' };
  const without = await read(reversed, limit, from);
  if (without.length >= limit) return without;
  return [...without, ...withValue(await read(reversed, limit - without.length))];
}

/** How many customers match: it reads every match, so it runs only when `totalCount` is asked for. */
export async function countMatching(database: Database, where: ValidRuleTree | undefined, now: Date): Promise<number> {
  const sql = SqlSession.reads(database);
  const among = await textCandidates(sql, where);
  const statement = countMatchingCustomers(where, { dialect: database.dialect, now, ...(among && { among }) });
  const row = await sql.one<{ count: unknown }>(statement.sql, statement.params);
  return Number(row?.count ?? 0);
}

/** What `countEstimate` answers next to `totalCount` (docs/segments.md, "Counting matches"). */
export interface CountEstimate {
  value: number;
  /** True when `value` was counted; false when it is an estimate (and then more than {@link EXACT_COUNT_CAP}). */
  exact: boolean;
}

/** A customer connection that can also answer `countEstimate`, only when it is selected. */
export type EstimatedConnection<T> = Connection<T> & { countEstimate: () => Promise<CountEstimate> };

/** Up to this many matches, `countEstimate` is the exact count. */
export const EXACT_COUNT_CAP = 1000;

/** Customers to count: a predicate over `customers c` (none: every customer) and its parameters. */
export interface CustomerRows {
  where?: string;
  params: unknown[];
  /**
   * The same customers in the form that is fastest when every customer is read, where it differs
   * from `where` (which is the form for a scan that stops early): see {@link cappedCount}. Only on
   * SQLite, whose score conditions have two forms (CompileOptions.walk); the count reads `rowid`.
   */
  scan?: { where: string; params: unknown[] };
}

/** The customers a rule tree matches (every customer without one), as {@link CustomerRows}. */
export async function matchingRows(database: Database, where: ValidRuleTree | undefined, now: Date): Promise<CustomerRows> {
  if (!where) return { params: [] };
  const among = await textCandidates(SqlSession.reads(database), where);
  const options = { dialect: database.dialect, now, ...(among && { among }) };
  // The capped count and the sample stop early: they walk (CompileOptions.walk).
  const walk = compileRules(where, { ...options, walk: true });
  const scan = compileRules(where, options);
  return { where: walk.sql, params: walk.params, ...(scan.sql !== walk.sql && { scan: { where: scan.sql, params: scan.params } }) };
}

/**
 * A count that stays cheap on a large base: the matches are counted up to `cap + 1` (the scan
 * stops there), and beyond `cap` the answer is an estimate, flagged `exact: false`, never below
 * `cap + 1` (that many were counted):
 *
 * - PostgreSQL: the planner's row estimate for the matches (`EXPLAIN (FORMAT JSON)`, the top
 *   node's `Plan Rows`), from the statistics ANALYZE (or autovacuum) keeps: planning only.
 * - SQLite, which keeps no such statistics: a sample. Customers are visited by rowid in a
 *   golden-ratio stride over the whole rowid range (so the sample spreads over old and new
 *   customers alike, whatever the rule's relation to age) until {@link SAMPLE_HITS} match; the
 *   share of visits that matched, times the range, is the estimate (about ±5% at 400 matches).
 */
export async function estimateCount(database: Database, rows: CustomerRows, cap = EXACT_COUNT_CAP): Promise<CountEstimate> {
  const sql = SqlSession.reads(database);
  const found = await cappedCount(sql, rows, cap + 1);
  if (found <= cap) return { value: found, exact: true };
  const estimate = database.dialect === 'postgresql' ? await plannedRows(sql, rows) : await sampledRows(sql, rows, Math.min(SAMPLE_HITS, cap + 1));
  return { value: Math.max(Math.round(estimate), cap + 1), exact: false };
}

/** How many matches an SQLite estimate samples: the relative error is about 1/√ of it. */
export const SAMPLE_HITS = 400;

/**
 * How many customers a count that may stop early reads in the walking form first, per match it
 * looks for, before it counts in the scanning form (see {@link cappedCount}).
 */
const WALKED_PER_MATCH = 10;

/**
 * How many customers match, counting no further than `limit`. The walking form (`rows.where`)
 * stops as soon as it has `limit` matches, so a broad rule costs a few thousand customers; but a
 * rare rule never reaches the limit and reads every customer, and where a scanning form exists
 * (`rows.scan`: SQLite's score conditions as one semi-join instead of a probe per customer) the
 * walk costs about 2.5 times as much as that scan (36 against 14 ms at 100,000 customers,
 * docs/benchmarks.md). So the walk is tried on the first `limit × WALKED_PER_MATCH` customers
 * only (every rule matching a tenth of the base or more is settled there), and a rule that does
 * not reach the limit among them is counted in the scanning form, still stopping at `limit`.
 */
async function cappedCount(sql: SqlSession, rows: CustomerRows, limit: number): Promise<number> {
  const count = async (from: string, where: string | undefined, params: unknown[]) =>
    Number((await sql.one<{ n: unknown }>(`select count(*) as n from (select 1 from ${from} ${where ? `where ${where}` : ''} limit ?) capped`, [...params, limit]))?.n ?? 0);
  if (!rows.scan) return count('customers c', rows.where, rows.params);
  // A sub-select with a limit is not flattened into a query with a where clause: the first
  // customers by rowid are walked, and the walk stops at the limit.
  const walked = await count('(select * from customers order by rowid limit ?) c', rows.where, [limit * WALKED_PER_MATCH, ...rows.params]);
  return walked >= limit ? walked : count('customers c', rows.scan.where, rows.scan.params);
}

async function plannedRows(sql: SqlSession, rows: CustomerRows): Promise<number> {
  const [row] = await sql.all<Record<string, unknown>>(`explain (format json) select 1 from customers c ${whereClause(rows)}`, rows.params);
  const plan = SqlSession.readJson<{ Plan?: { 'Plan Rows'?: number } }[]>(Object.values(row ?? {})[0]);
  return plan[0]?.Plan?.['Plan Rows'] ?? 0;
}

async function sampledRows(sql: SqlSession, rows: CustomerRows, hits: number): Promise<number> {
  // Each in a select of its own: SQLite answers a lone min() or max() from the end of the rowid
  // tree, but both in one select read every customer (5.7 ms at 100,000).
  const span = await sql.one<{ low: unknown; high: unknown }>('select (select min(rowid) from customers) as low, (select max(rowid) from customers) as high');
  const low = Number(span?.low ?? 1);
  const range = Number(span?.high ?? 0) - low + 1;
  // A stride coprime with the range visits every rowid once; near the golden ratio, any first
  // part of the visits spreads evenly over the range. The visits are generated lazily (a
  // co-routine) and `cross join` keeps them the outer loop, so the walk stops at the last hit.
  let stride = Math.max(1, Math.round(range * 0.6180339887));
  while (gcd(stride, range) !== 1) stride++;
  const sampled = await sql.one<{ n: unknown; visits: unknown }>(
    `with recursive visit(i, r) as (select 1, ? union all select i + 1, ? + ((i * ?) % ?) from visit where i < ?)
     select count(*) as n, max(i) as visits from (select v.i as i from visit v cross join customers c on c.rowid = v.r ${whereClause(rows)} limit ?)`,
    [low, low, stride, range, range, ...rows.params, hits],
  );
  const matched = Number(sampled?.n ?? 0);
  // Stopped at the `hits`th match: (hits − 1) / (visits − 1) is the unbiased share of that sampling.
  if (matched < hits) return matched;
  return ((matched - 1) / Math.max(1, Number(sampled?.visits) - 1)) * range;
}

function whereClause(rows: CustomerRows): string {
  return rows.where ? `where ${rows.where}` : '';
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
