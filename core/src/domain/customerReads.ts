import type { Customer } from '@rapport/sdk';
import type { CustomerRow, IdentityRow } from '../persistence/entities.js';
import { readCustomerRow, readIdentityRow } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { toCustomer } from './toCustomer.js';

/*
 * Customer reads in plain SQL. Pages and batches of customers are on the API's hot path, where
 * MikroORM's hydration into its identity map cost more than the queries themselves (a third of
 * the CPU of a 100-customer page, profiled).
 */

/** The public customers of customer rows, in the same order, with all their identities: one query. */
export async function withIdentities(sql: SqlSession, rows: readonly CustomerRow[]): Promise<Customer[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const identityRows = await sql.all(`select * from customer_identities where customer_id in (${SqlSession.placeholders(ids)})`, ids);
  const byCustomer = new Map<string, IdentityRow[]>();
  for (const identity of identityRows.map(readIdentityRow)) {
    const list = byCustomer.get(identity.customerId);
    if (list) list.push(identity);
    else byCustomer.set(identity.customerId, [identity]);
  }
  return rows.map((row) => toCustomer(row, byCustomer.get(row.id) ?? []));
}

/** Customers by id (unknown ids are absent from the map): two queries whatever the number of ids. */
export async function loadCustomers(sql: SqlSession, ids: readonly string[]): Promise<Map<string, Customer>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = (await sql.all(`select * from customers where id in (${SqlSession.placeholders(unique)})`, unique)).map(readCustomerRow);
  return new Map((await withIdentities(sql, rows)).map((customer) => [customer.id, customer]));
}
