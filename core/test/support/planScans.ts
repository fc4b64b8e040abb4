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
