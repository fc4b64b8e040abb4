import { SqlSession } from '../../src/persistence/SqlSession.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Alias?: string;
  Plans?: PlanNode[];
}

/** How a PostgreSQL plan reads one table: each scan's alias and the index it goes through (or its node type). */
export interface TableScan {
  alias: string;
  how: string;
}

/** The scans of `table` in the plan PostgreSQL chooses for `statement` (`explain`, not run). */
export async function planScans(sql: SqlSession, statement: { sql: string; params: unknown[] }, table: string): Promise<TableScan[]> {
  const [row] = await sql.all<{ 'QUERY PLAN': unknown }>(`explain (format json) ${statement.sql}`, statement.params);
  const found: TableScan[] = [];
  const walk = (node: PlanNode) => {
    if (node['Relation Name'] === table && node['Node Type'] !== 'ModifyTable') {
      const bitmapIndex = node.Plans?.find((child) => child['Node Type'] === 'Bitmap Index Scan')?.['Index Name'];
      found.push({ alias: node.Alias!, how: node['Index Name'] ?? bitmapIndex ?? node['Node Type'] });
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(SqlSession.readJson<{ Plan: PlanNode }[]>(row!['QUERY PLAN'])[0]!.Plan);
  return found;
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
