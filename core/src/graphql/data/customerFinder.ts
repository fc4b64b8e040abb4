import type { Customer } from '@rapport/sdk';
import { loadCustomers } from '../../domain/customerReads.js';
import type { Database } from '../../persistence/openDatabase.js';
import { SqlSession } from '../../persistence/SqlSession.js';
import {
  countMatchingCustomers,
  keysetKeyOf,
  selectMatchingCustomers,
  validateCustomerOrder,
  validateRuleTree,
  type CustomerOrder,
  type KeysetKey,
  type RuleTree,
  type ValidRuleTree,
} from '../../segments/index.js';
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

export function decodeFinderCursor(cursor: string): KeysetKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const [value, id] = Array.isArray(parsed) && parsed.length === 2 ? parsed : [undefined, undefined];
  if (typeof id !== 'string' || !(value === null || typeof value === 'string' || typeof value === 'number')) {
    throw badUserInput(`after: ${JSON.stringify(cursor)} is not a cursor of this connection. Use an endCursor returned by it, with the same where and orderBy.`, 'after');
  }
  return { id, value };
}

/** One page of `size + 1` matching customers (the extra one says there is a next page), in order, with their keys. */
export async function findMatchingCustomers(
  database: Database,
  request: FinderRequest,
  page: { size: number; after?: KeysetKey; now: Date },
): Promise<{ customer: Customer; key: KeysetKey }[]> {
  const sql = SqlSession.reads(database);
  const statement = selectMatchingCustomers(request.where, { dialect: database.dialect, now: page.now, orderBy: request.orderBy, limit: page.size + 1, ...(page.after && { after: page.after }) });
  const rows = await sql.all(statement.sql, statement.params);
  const customers = await loadCustomers(sql, rows.map((row) => String(row.id)));
  return rows.flatMap((row) => {
    const customer = customers.get(String(row.id));
    return customer ? [{ customer, key: keysetKeyOf(row, request.orderBy) }] : [];
  });
}

/** How many customers match: it reads every match, so it runs only when `totalCount` is asked for. */
export async function countMatching(database: Database, where: ValidRuleTree | undefined, now: Date): Promise<number> {
  const statement = countMatchingCustomers(where, { dialect: database.dialect, now });
  const row = await SqlSession.reads(database).one<{ count: unknown }>(statement.sql, statement.params);
  return Number(row?.count ?? 0);
}
