import type { Dialect } from '../persistence/SqlMigration.js';

/** A column outside the core's tables that references `customers(id)`: plugin data about a customer. */
export interface CustomerReference {
  table: string;
  column: string;
  /** The columns of each unique key (or primary key) of the table that contains `column`. */
  uniqueKeys: string[][];
}

/** The core's own tables that reference customers; CustomerMerger moves them by name. */
const CORE_TABLES = new Set(['customer_identities', 'interactions', 'conversations', 'scores', 'segment_memberships', 'customer_merges', 'customer_activity', 'customer_search']);
// workflow_runs is not listed: its rows move like a plugin table's, through its foreign key.
// customer_activity is listed although nothing moves it by name: triggers on interactions keep it
// (migration 0014), so moving the interactions has already moved what it sums. customer_search
// likewise (SQLite only, migration 0023): triggers on customers and identities keep it, and moving
// its rows by their key would give the survivor the merged customer's name.

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Finds the tables that plugins created (through their migrations) with a foreign key to
 * `customers(id)`, read from the database's catalog. A merge moves their rows too, so a plugin's
 * data about a customer is never orphaned, nor deleted with the merged customer by a cascade.
 */
export async function findCustomerReferences(dialect: Dialect, query: Query): Promise<CustomerReference[]> {
  const found = dialect === 'postgresql' ? await postgresReferences(query) : await sqliteReferences(query);
  return found.filter((reference) => !CORE_TABLES.has(reference.table));
}

async function postgresReferences(query: Query): Promise<CustomerReference[]> {
  const columns = await query(
    `select con.conrelid::regclass::text as table_name, att.attname as column_name
       from pg_constraint con
       join pg_attribute att on att.attrelid = con.conrelid and att.attnum = any (con.conkey)
      where con.contype = 'f' and con.confrelid = 'customers'::regclass and array_length(con.conkey, 1) = 1`,
  );
  const references: CustomerReference[] = [];
  for (const row of columns) {
    const table = String(row.table_name);
    const keys = await query(
      `select string_agg(att.attname, ',' order by k.ord) as key_columns
         from pg_index i
         cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
         join pg_attribute att on att.attrelid = i.indrelid and att.attnum = k.attnum
        where i.indrelid = ?::regclass and i.indisunique
        group by i.indexrelid`,
      [table],
    );
    references.push(withUniqueKeys(table, String(row.column_name), keys.map((key) => String(key.key_columns).split(','))));
  }
  return references;
}

async function sqliteReferences(query: Query): Promise<CustomerReference[]> {
  const tables = await query(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`);
  const references: CustomerReference[] = [];
  for (const { name } of tables) {
    const table = String(name);
    const foreignKeys = await query(`select * from pragma_foreign_key_list(?)`, [table]);
    for (const foreignKey of foreignKeys.filter((fk) => fk.table === 'customers' && (fk.to === 'id' || fk.to === null))) {
      const keys: string[][] = [];
      for (const index of (await query(`select * from pragma_index_list(?)`, [table])).filter((i) => Number(i.unique) === 1)) {
        const keyColumns = await query(`select name from pragma_index_info(?) order by seqno`, [String(index.name)]);
        keys.push(keyColumns.map((column) => String(column.name)));
      }
      // An INTEGER PRIMARY KEY has no index of its own; any other primary key shows in index_list.
      references.push(withUniqueKeys(table, String(foreignKey.from), keys));
    }
  }
  return references;
}

function withUniqueKeys(table: string, column: string, keys: string[][]): CustomerReference {
  return { table, column, uniqueKeys: keys.filter((key) => key.includes(column)) };
}

/**
 * The statements that move one reference's rows from `sourceId` to `targetId`. Where a unique key
 * would collide (the table keeps one row per customer, or per customer and something), the
 * target's row stays and the source's is dropped, as for the core's scores; the plugin hears
 * `customer.merged` and can recompute.
 */
export function moveStatements(reference: CustomerReference, targetId: string, sourceId: string): { sql: string; params: unknown[] }[] {
  const { table, column } = reference;
  const statements = reference.uniqueKeys.map((key) => {
    const others = key.filter((keyColumn) => keyColumn !== column);
    const sameRest = others.map((other) => ` and kept.${other} = ${table}.${other}`).join('');
    return {
      sql: `delete from ${table} where ${column} = ? and exists (select 1 from ${table} kept where kept.${column} = ?${sameRest})`,
      params: [sourceId, targetId],
    };
  });
  statements.push({ sql: `update ${table} set ${column} = ? where ${column} = ?`, params: [targetId, sourceId] });
  return statements;
}
