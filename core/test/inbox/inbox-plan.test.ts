import { describe, expect, it } from 'vitest';
import { SqlInboxQuery, type InboxEntry, type InboxFilter } from '../../src/inbox/InboxQuery.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import type { KeysetPage } from '../../src/util/KeysetPage.js';
import { useMigratedDatabase } from '../support/migratedDatabase.js';
import { planScans } from '../support/planScans.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

const CONVERSATIONS = 20_000;
const PAGE = 21;
const T0 = Date.UTC(2026, 0, 1);

/**
 * The agents' inbox at size, once the tables have statistics: a page reads conversations in the
 * order of an index on the inbox's key (migration 0022), never every matching conversation and a
 * sort, and a page after a cursor seeks to it. Before 0022, SQLite planned `SCAN conversations`
 * with `USE TEMP B-TREE FOR ORDER BY`, and PostgreSQL a sequential scan and a sort.
 */
describe.each(TEST_DATABASES)('the inbox on %s, with 20,000 conversations and statistics', (kind) => {
  const open = useMigratedDatabase(kind);

  it('reads each page in index order, forward and backward, and gives the pages the inbox order', async () => {
    const statements: string[] = [];
    const database = await open({ onQuery: (sql) => statements.push(sql) });
    const sql = SqlSession.autocommit(database);
    await seed(sql);
    await sql.run('analyze');

    // Every conversation and its inbox key, sorted here: what each page must be a slice of.
    const all = (await sql.all<{ id: string; status: string; waiting_since: unknown; last_activity_at: unknown }>('select id, status, waiting_since, last_activity_at from conversations'))
      .map((row) => ({
        id: row.id,
        status: row.status,
        at: row.waiting_since !== null ? SqlSession.readDate(row.waiting_since)!.getTime() : SqlSession.readDate(row.last_activity_at)!.getTime() + 31_536_000_000_000,
      }))
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    const inbox = new SqlInboxQuery(database);
    const cases: { filter: InboxFilter; index: string }[] = [
      { filter: { status: 'OPEN' }, index: 'conversations_inbox_order_index' },
      { filter: {}, index: 'conversations_inbox_all_order_index' },
    ];
    for (const { filter, index } of cases) {
      const expected = all.filter((row) => !filter.status || row.status === filter.status).map((row) => row.id);
      const first = await read(inbox, filter, {});
      expect(first.entries.map((entry) => entry.conversation.id)).toEqual(expected.slice(0, PAGE));
      const cursor = first.entries.at(-1)!.key;
      const next = await read(inbox, filter, { cursor, direction: 'forward' });
      expect(next.entries.map((entry) => entry.conversation.id)).toEqual(expected.slice(PAGE, 2 * PAGE));
      const back = await read(inbox, filter, { cursor: next.entries.at(-1)!.key, direction: 'backward' });
      // Backward from the second page's last row: the rows before it, nearest first.
      expect(back.entries.map((entry) => entry.conversation.id)).toEqual(expected.slice(PAGE - 1, 2 * PAGE - 1).reverse());

      for (const [page, entries] of [[{}, first], [{ cursor, direction: 'forward' }, next]] as const) {
        const statement = { sql: entries.statement, params: paramsOf(sql, filter, page as KeysetPage) };
        if (kind === 'sqlite') {
          const plan = (await sql.all<{ detail: string }>(`explain query plan ${statement.sql}`, statement.params)).map((step) => step.detail);
          expect(plan.join(' | ')).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`));
          expect(plan.filter((step) => /TEMP B-TREE|^SCAN conversations$/.test(step)), plan.join(' | ')).toEqual([]);
          // After a cursor, the index is entered at the cursor's key, not read from its start.
          if (page.cursor) expect(plan.join(' | ')).toMatch(/<expr>>\?/);
        } else {
          const scans = await planScans(database, statement, 'conversations', true);
          expect(scans.map((scan) => scan.how)).toEqual([index]);
          // The rows the scan read: the page and the row after it, not those before the cursor.
          expect(scans[0]!.rowsPerLoop).toBeLessThanOrEqual(PAGE + 1);
        }
      }
    }

    async function read(query: SqlInboxQuery, filter: InboxFilter, page: KeysetPage): Promise<{ entries: InboxEntry[]; statement: string }> {
      statements.length = 0;
      const entries = await query.page(filter, PAGE, page);
      return { entries, statement: statements.find((text) => /from conversations/.test(text))! };
    }
  });
});

/** The parameters of an inbox page's statement: the status, the cursor's key and id, the limit. */
function paramsOf(sql: SqlSession, filter: InboxFilter, page: KeysetPage): unknown[] {
  return [...(filter.status ? [filter.status] : []), ...(page.cursor ? [sql.date(page.cursor.at), sql.date(page.cursor.at), page.cursor.id] : []), PAGE];
}

/**
 * 2,000 customers and 20,000 conversations: a third open, a seventh of them waiting since a time
 * of their own, the rest ordered by their last activity.
 */
async function seed(sql: SqlSession): Promise<void> {
  const numbers = (count: number) =>
    sql.dialect === 'postgresql' ? `select n as i from generate_series(1, ${count}) n` : `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count}) select i from n`;
  const at = (ms: string) => (sql.dialect === 'postgresql' ? `to_timestamp((${ms}) / 1000.0)` : `(${ms})`);
  const text = sql.dialect === 'postgresql' ? '::text' : '';
  const conversationId = sql.dialect === 'postgresql' ? `'v' || lpad(i::text, 6, '0')` : `printf('v%06d', i)`;
  await sql.run(`insert into customers (id, attributes, created_at, updated_at) select 'c' || i${text}, '{}', ${at(`${T0}`)}, ${at(`${T0}`)} from (${numbers(2_000)}) s`);
  await sql.run(
    `insert into conversations (id, customer_id, status, opened_channel, channels, opened_at, last_activity_at, waiting_since)
       select ${conversationId}, 'c' || (i % 2000 + 1)${text}, case when i % 3 = 0 then 'OPEN' else 'RESOLVED' end, 'email', '["email"]',
              ${at(`${T0}`)}, ${at(`${T0} + (i * 7919 % ${CONVERSATIONS}) * 60000`)},
              case when i % 21 = 0 then ${at(`${T0} + (i * 104729 % ${CONVERSATIONS}) * 1000`)} end
         from (${numbers(CONVERSATIONS)}) s`,
  );
}
