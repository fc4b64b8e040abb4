import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Alias?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** How a PostgreSQL plan reads one table: each scan's alias and the index it goes through (or its node type). */
export interface TableScan {
  alias: string;
  how: string;
  /** With `analyze`: the rows the scan read per loop, those it returned and those its filter removed. */
  rowsPerLoop?: number;
}

/**
 * The scans of `table` in the plan PostgreSQL chooses for `statement`: only planned, or with
 * `analyze` run (inside a transaction rolled back, so nothing it writes stays).
 */
export async function planScans(database: Database, statement: { sql: string; params: unknown[] }, table: string, analyze = false): Promise<TableScan[]> {
  const explain = `explain (${analyze ? 'analyze, ' : ''}format json) ${statement.sql}`;
  const [row] = analyze ? await explainRolledBack(database, explain, statement.params) : await SqlSession.autocommit(database).all<{ 'QUERY PLAN': unknown }>(explain, statement.params);
  const found: TableScan[] = [];
  const walk = (node: PlanNode) => {
    if (node['Relation Name'] === table && node['Node Type'] !== 'ModifyTable') {
      const bitmap = node.Plans?.find((child) => child['Node Type'] === 'Bitmap Index Scan');
      const read = bitmap ?? node;
      const rowsPerLoop = read['Actual Rows'] === undefined ? undefined : read['Actual Rows'] + (read['Rows Removed by Filter'] ?? 0);
      found.push({ alias: node.Alias!, how: node['Index Name'] ?? bitmap?.['Index Name'] ?? node['Node Type'], ...(rowsPerLoop === undefined ? {} : { rowsPerLoop }) });
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(SqlSession.readJson<{ Plan: PlanNode }[]>(row!['QUERY PLAN'])[0]!.Plan);
  return found;
}

const ROLLBACK = Symbol('rollback');

async function explainRolledBack(database: Database, explain: string, params: unknown[]): Promise<{ 'QUERY PLAN': unknown }[]> {
  let rows: { 'QUERY PLAN': unknown }[] = [];
  try {
    await SqlSession.transaction(database, async (sql) => {
      rows = await sql.all<{ 'QUERY PLAN': unknown }>(explain, params);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return rows;
}

/**
 * A queue table as production leaves it between bursts, then a burst: `insert(from, to)` writes
 * rows `from`..`to` (pending), 3,000 of them are finished (`status = finished`) and analyzed, so
 * the statistics see nothing pending, then 800 more arrive pending.
 */
export async function queueWithStaleStatistics(sql: SqlSession, table: string, finished: string, insert: (from: number, to: number) => Promise<void>): Promise<void> {
  await insert(1, 3_000);
  await sql.run(`update ${table} set status = ?`, [finished]);
  await sql.run(`analyze ${table}`);
  await insert(3_001, 3_800);
}
