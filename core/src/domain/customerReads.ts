import type { Customer } from '@rapport/sdk';
import type { IdentityRow } from '../persistence/entities.js';
import { readCustomerRow, readIdentityRow } from '../persistence/rowReaders.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { toCustomer } from './toCustomer.js';

/*
 * Customer reads in plain SQL. Pages and batches of customers are on the API's hot path, where
 * MikroORM's hydration into its identity map cost more than the queries themselves (a third of
 * the CPU of a 100-customer page, profiled). Each customer row brings its identities along as a
 * JSON array, so a page is one statement and one round trip, not two.
 */

const IDENTITY_COLUMNS = ['id', 'customer_id', 'kind', 'channel', 'value', 'created_at'] as const;

/** The select list of customers `c` with their identities as a JSON array in `identities`. */
function customerColumns(sql: SqlSession): string {
  const pairs = IDENTITY_COLUMNS.map((column) => `'${column}', i.${column}`).join(', ');
  const aggregate =
    sql.dialect === 'postgresql'
      ? `coalesce((select json_agg(json_build_object(${pairs})) from customer_identities i where i.customer_id = c.id), '[]'::json)`
      : `(select json_group_array(json_object(${pairs})) from customer_identities i where i.customer_id = c.id)`;
  return `c.*, ${aggregate} as identities`;
}

/**
 * Customers with their identities: `select … from customers c <rest>`, where `rest` holds the
 * where clause, order and limit over `c`.
 */
export async function selectCustomers(sql: SqlSession, rest: string, params: unknown[]): Promise<Customer[]> {
  const rows = await sql.all(`select ${customerColumns(sql)} from customers c ${rest}`, params);
  return rows.map((row) => {
    const identities = SqlSession.readJson<Record<string, unknown>[]>(row.identities).map(readIdentityRow) satisfies IdentityRow[];
    return toCustomer(readCustomerRow(row), identities);
  });
}

/** Customers by id (unknown ids are absent from the map), in one statement whatever the number of ids. */
export async function loadCustomers(sql: SqlSession, ids: readonly string[]): Promise<Map<string, Customer>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const customers = await selectCustomers(sql, `where c.id in (${SqlSession.placeholders(unique)})`, unique);
  return new Map(customers.map((customer) => [customer.id, customer]));
}
