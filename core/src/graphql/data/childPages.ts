import type { EntitySchema } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Database } from '../../persistence/openDatabase.js';
import type { SortKey } from '../connections.js';
import { placeholders, sqlDate } from './sqlDates.js';

/** A table whose rows belong to a parent (a customer, a conversation) and are paged per parent. */
export interface ChildTable<Row extends object> {
  entity: EntitySchema<Row>;
  table: string;
  /** The column of the parent's id, e.g. `customer_id`. */
  parentColumn: string;
  /** The column of the sort timestamp, e.g. `occurred_at`; the id breaks ties. */
  timeColumn: string;
  parentOf(row: Row): string;
  keyOf(row: Row): SortKey;
}

/** Equality filters on columns that the core chooses (never a client): column → value. */
export type ColumnFilters = Readonly<Record<string, string>>;

/** One parent's page: `size + 1` rows at most, after `after`, in the given direction. */
export interface ChildPageKey {
  parentId: string;
  size: number;
  after?: SortKey;
  descending: boolean;
  filters: ColumnFilters;
}

export interface ChildCountKey {
  parentId: string;
  filters: ColumnFilters;
}

const BATCH = { maxBatchSize: 500 } as const;

/**
 * Loads the pages of many parents at once. Keys that share a window (size, cursor, direction,
 * filters: in practice, every parent under one list field) become one query whatever the number
 * of parents: `row_number()` over a partition per parent keeps the first `size + 1` rows of each.
 */
export function childPageLoader<Row extends object>(database: Database, table: ChildTable<Row>): DataLoader<ChildPageKey, Row[], string> {
  return new DataLoader<ChildPageKey, Row[], string>(
    async (keys) => {
      const pages = new Map<string, Row[]>();
      await Promise.all(
        [...groupBy(keys, windowOf)].map(async ([, group]) => {
          const rows = await queryPages(database, table, group[0]!, group.map((key) => key.parentId));
          for (const key of group) pages.set(pageKeyOf(key), []);
          for (const row of rows) pages.get(pageKeyOf({ ...group[0]!, parentId: table.parentOf(row) }))?.push(row);
        }),
      );
      return keys.map((key) => pages.get(pageKeyOf(key)) ?? []);
    },
    { ...BATCH, cacheKeyFn: pageKeyOf },
  );
}

/** Counts the rows of many parents at once, one `group by` query per set of filters. */
export function childCountLoader<Row extends object>(database: Database, table: ChildTable<Row>): DataLoader<ChildCountKey, number, string> {
  const keyOf = (key: ChildCountKey) => JSON.stringify([key.parentId, key.filters]);
  return new DataLoader<ChildCountKey, number, string>(
    async (keys) => {
      const counts = new Map<string, number>();
      await Promise.all(
        [...groupBy(keys, (key) => JSON.stringify(key.filters))].map(async ([, group]) => {
          const parentIds = group.map((key) => key.parentId);
          const { where, params } = whereClause(table.parentColumn, parentIds, group[0]!.filters);
          const rows: { parent_id: string; n: unknown }[] = await database
            .em()
            .getConnection()
            .execute(`select ${table.parentColumn} as parent_id, count(*) as n from ${table.table} where ${where} group by ${table.parentColumn}`, params);
          for (const row of rows) counts.set(keyOf({ parentId: row.parent_id, filters: group[0]!.filters }), Number(row.n));
        }),
      );
      return keys.map((key) => counts.get(keyOf(key)) ?? 0);
    },
    { ...BATCH, cacheKeyFn: keyOf },
  );
}

async function queryPages<Row extends object>(database: Database, table: ChildTable<Row>, window: ChildPageKey, parentIds: string[]): Promise<Row[]> {
  const { parentColumn, timeColumn } = table;
  const direction = window.descending ? 'desc' : 'asc';
  const { where, params } = whereClause(table.parentColumn, parentIds, window.filters);
  let keyset = '';
  if (window.after) {
    // Rows strictly after the cursor's row in this order (timestamp first, then id).
    const beyond = window.descending ? '<' : '>';
    const at = sqlDate(database, window.after.at);
    keyset = ` and (${timeColumn} ${beyond} ? or (${timeColumn} = ? and id ${beyond} ?))`;
    params.push(at, at, window.after.id);
  }
  params.push(window.size + 1);
  const em = database.em();
  const rows: Record<string, unknown>[] = await em.getConnection().execute(
    `select * from (select t.*, row_number() over (partition by ${parentColumn} order by ${timeColumn} ${direction}, id ${direction}) as page_rank ` +
      `from ${table.table} t where ${where}${keyset}) ranked where page_rank <= ? order by ${parentColumn}, page_rank`,
    params,
  );
  // em.map converts columns to properties and stored values to JS (epoch ms or timestamptz → Date).
  return rows.map(({ page_rank: _rank, ...row }) => em.map(table.entity, row as never) as Row);
}

function whereClause(parentColumn: string, parentIds: readonly string[], filters: ColumnFilters): { where: string; params: unknown[] } {
  let where = `${parentColumn} in (${placeholders(parentIds)})`;
  const params: unknown[] = [...parentIds];
  for (const [column, value] of Object.entries(filters)) {
    where += ` and ${column} = ?`;
    params.push(value);
  }
  return { where, params };
}

function windowOf(key: ChildPageKey): string {
  return JSON.stringify([key.size, key.after?.at.getTime() ?? null, key.after?.id ?? null, key.descending, key.filters]);
}

function pageKeyOf(key: ChildPageKey): string {
  return JSON.stringify([key.parentId, windowOf(key)]);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
