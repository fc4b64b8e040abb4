import { describe, expect, it } from 'vitest';
import { pageStatement, type ChildTable } from '../../src/graphql/data/childPages.js';
import { CHILD_TABLES } from '../../src/graphql/loaders.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { useMigratedDatabase } from '../support/migratedDatabase.js';

const CUSTOMERS = 200;
const PARENTS = 100;
const SIZE = 5;

/**
 * A nested page (a customer's last interactions, a conversation's, a customer's conversations or
 * workflow runs) reads one index range per parent. On SQLite that holds only while the parents
 * are the outer loop: once the tables had statistics (ANALYZE, or `PRAGMA optimize`), SQLite
 * chose to scan the whole child table and run each row's page subquery against every parent,
 * and the query benchmark's page of 100 customers went from about 1 ms to 660 ms.
 */
describe('nested pages on sqlite, once the tables have statistics', () => {
  const open = useMigratedDatabase('sqlite');

  it('start from the parents and reach each row by its rowid, for every paged table, and return each parent its page', async () => {
    const sql = SqlSession.autocommit(await open());
    const numbers = (count: number) => `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})`;
    await sql.run(`${numbers(CUSTOMERS)} insert into customers (id, attributes, created_at, updated_at) select 'c' || i, '{}', i, i from n`);
    await sql.run(
      `${numbers(CUSTOMERS)} insert into conversations (id, customer_id, status, opened_channel, channels, opened_at, last_activity_at)
         select 'v' || i, 'c' || i, 'OPEN', 'email', '["email"]', i, i from n`,
    );
    // Twelve interactions of each customer, all in its conversation.
    await sql.run(
      `${numbers(CUSTOMERS * 12)} insert into interactions (id, customer_id, conversation_id, channel, direction, type, occurred_at, metadata, created_at)
         select 'i' || i, 'c' || (i % ${CUSTOMERS} + 1), 'v' || (i % ${CUSTOMERS} + 1), 'email', 'INBOUND', 'message', i * 1000, '{}', i from n`,
    );
    await sql.run(
      `${numbers(CUSTOMERS * 2)} insert into workflow_runs (id, workflow, plugin, customer_id, status, input, started_at, updated_at)
         select 'w' || i, 'follow-up', 'acme', 'c' || (i % ${CUSTOMERS} + 1), 'completed', '{}', i, i from n`,
    );
    await sql.run('analyze');

    const customers = Array.from({ length: PARENTS }, (_, i) => `c${i + 1}`);
    const conversations = Array.from({ length: PARENTS }, (_, i) => `v${i + 1}`);
    // Rows per parent: size + 1 at most (the page and whether there is more).
    const cases: { name: string; table: ChildTable<object>; parents: string[]; rows: number }[] = [
      { name: 'interactionsByCustomer', table: CHILD_TABLES.interactionsByCustomer, parents: customers, rows: PARENTS * (SIZE + 1) },
      { name: 'interactionsByConversation', table: CHILD_TABLES.interactionsByConversation, parents: conversations, rows: PARENTS * (SIZE + 1) },
      { name: 'conversationsByCustomer', table: CHILD_TABLES.conversationsByCustomer, parents: customers, rows: PARENTS },
      { name: 'workflowRunsByCustomer', table: CHILD_TABLES.workflowRunsByCustomer, parents: customers, rows: PARENTS * 2 },
    ];
    for (const { name, table, parents, rows } of cases) {
      const statement = pageStatement(sql, table, { parentId: parents[0]!, size: SIZE, descending: true, filters: {} }, parents);
      const plan = (await sql.all<{ detail: string }>(`explain query plan ${statement.sql}`, statement.params)).map((step) => step.detail);
      expect(plan[0], `${name}: ${plan.join(' | ')}`).toMatch(/^SCAN parent\b/);
      expect(plan.filter((step) => /^SCAN t\b/.test(step)), name).toEqual([]);
      const read = await sql.all<Record<string, unknown>>(statement.sql, statement.params);
      expect(read.length, name).toBe(rows);
      expect(new Set(read.map((row) => row[table.parentColumn])).size, name).toBe(PARENTS);
    }
  });
});
