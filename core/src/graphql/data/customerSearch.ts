import type { Customer } from '@rapport/sdk';
import { selectCustomers } from '../../domain/customerReads.js';
import { customerTextCondition } from '../../domain/customerTextIndex.js';
import { applyRule } from '../../domain/inputRules.js';
import type { Database } from '../../persistence/openDatabase.js';
import { SqlSession } from '../../persistence/SqlSession.js';
import type { PageWindow } from '../connections.js';
import type { CustomerRows } from './customerFinder.js';
import { badUserInput } from '../errors.js';

/** What `customers(query:, segment:)` filters on. */
export interface CustomerFilter {
  /** Part of a display name, an email or a phone number, any case. */
  text?: string;
  segment?: { model: string; segment: string };
}

/** Reads `segment: "model:segment"`, e.g. `lifecycle:loyal`. */
export function parseSegment(value: string): { model: string; segment: string } {
  const separator = value.indexOf(':');
  const model = value.slice(0, separator).trim();
  const segment = value.slice(separator + 1).trim();
  if (separator < 0 || !model || !segment) {
    throw badUserInput(`segment must be "model:segment", e.g. "lifecycle:loyal", got ${JSON.stringify(value)}.`, 'segment');
  }
  return { model: applyRule('segmentPart', model, 'segment'), segment: applyRule('segmentPart', segment, 'segment') };
}

/**
 * One page of customers in (createdAt, id) order, `size + 1` rows at most, with their identities:
 * one statement whatever the page size. The filters run in the database, so a broad query over a
 * large base never loads more than a page. Backward, the rows come newest first from just before
 * the cursor (the reverse order, so the same index serves it); toConnection turns them round.
 */
export async function findCustomerPage(database: Database, filter: CustomerFilter, window: PageWindow): Promise<Customer[]> {
  const sql = SqlSession.autocommit(database);
  const { where, params } = await filterClause(sql, filter);
  const [beyond, direction] = window.backward ? ['<', 'desc'] : ['>', 'asc'];
  let keyset = '';
  if (window.cursor) {
    const at = sql.date(window.cursor.at);
    keyset = ` and (c.created_at ${beyond} ? or (c.created_at = ? and c.id ${beyond} ?))`;
    params.push(at, at, window.cursor.id);
  }
  return selectCustomers(sql, `where ${where}${keyset} order by c.created_at ${direction}, c.id ${direction} limit ?`, [...params, window.size + 1]);
}

/** How many customers the filter matches, for `totalCount`. */
export async function countCustomers(database: Database, filter: CustomerFilter): Promise<number> {
  const sql = SqlSession.autocommit(database);
  const { where, params } = await filterClause(sql, filter);
  const row = await sql.one<{ n: unknown }>(`select count(*) as n from customers c where ${where}`, params);
  return Number(row?.n ?? 0);
}

/** The customers the filter matches, for `countEstimate` (customerFinder.ts `estimateCount`). */
export function filterRows(database: Database, filter: CustomerFilter): Promise<CustomerRows> {
  return filterClause(SqlSession.reads(database), filter);
}

/** The filter's conditions on customers `c`: the text's (customerTextIndex.ts), then the segment's. */
async function filterClause(sql: SqlSession, filter: CustomerFilter): Promise<{ where: string; params: unknown[] }> {
  const conditions: string[] = ['1 = 1'];
  const params: unknown[] = [];
  // The input rules (inputRules.ts, `query`): at most 200 characters and no NUL, since on
  // PostgreSQL a NUL is an error and on SQLite a long LIKE pattern is one.
  const text = filter.text === undefined ? undefined : await customerTextCondition(sql, applyRule('query', filter.text, 'query'));
  if (text) {
    conditions.push(text.where);
    params.push(...text.params);
  }
  if (filter.segment) {
    conditions.push('exists (select 1 from segment_memberships s where s.customer_id = c.id and s.model = ? and s.segment = ?)');
    params.push(filter.segment.model, filter.segment.segment);
  }
  return { where: conditions.join(' and '), params };
}
