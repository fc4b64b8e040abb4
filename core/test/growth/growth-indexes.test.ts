import { afterEach, describe, expect, it } from 'vitest';
import { ConversationRouter } from '../../src/domain/ConversationRouter.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { QUEUE_VACUUM_THRESHOLD } from '../../src/persistence/migrations/0009_growth_indexes.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

/**
 * Reads on the ingest path whose cost must not grow with a customer's history: the plan reads
 * them from an index in the order asked, without reading the customer's other rows and sorting.
 * (What a plan says, not how long it takes: the benchmark bench/soak.ts measures the time.)
 */
describe.each(TEST_DATABASES)('reads that stay bounded as a customer\'s history grows, on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let sql: SqlSession;
  afterEach(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  /** A long-lived customer `c-0` with many interactions and OPEN conversations, among 300 others. */
  async function setUp() {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
    sql = SqlSession.autocommit(database);
    const at = (n: number) => sql.date(new Date(START + n * DAY));
    await insertRows('customers', ['id', 'display_name', 'attributes', 'created_at', 'updated_at'], 301, (i) => [`c-${i}`, null, sql.json({}), at(0), at(0)]);
    // Each visit after the window opens a new conversation and leaves the last one OPEN: 600 of them for c-0.
    await insertRows(
      'conversations',
      ['id', 'customer_id', 'status', 'thread_key', 'opened_channel', 'channels', 'opened_at', 'last_activity_at'],
      1_500,
      (i) => [`v-${i}`, i < 600 ? 'c-0' : `c-${1 + (i % 300)}`, i % 7 === 0 && i >= 600 ? 'RESOLVED' : 'OPEN', null, 'email', sql.json(['email']), at(i), at(i)],
    );
    await insertRows(
      'interactions',
      ['id', 'customer_id', 'conversation_id', 'channel', 'direction', 'type', 'text', 'occurred_at', 'external_id', 'metadata', 'created_at'],
      4_000,
      (i) => [`i-${i}`, i < 2_000 ? 'c-0' : `c-${1 + (i % 300)}`, null, 'email', 'INBOUND', i % 100 === 0 ? 'purchase' : 'message', 'hi', at(i / 10), `e-${i}`, sql.json({}), at(i / 10)],
    );
    await sql.run('analyze', []);
  }

  async function insertRows(table: string, columns: string[], count: number, row: (i: number) => unknown[]) {
    for (let from = 0; from < count; from += 200) {
      const rows = Array.from({ length: Math.min(200, count - from) }, (_, k) => row(from + k));
      await sql.run(`insert into ${table} (${columns.join(', ')}) values ${rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`, rows.flat());
    }
  }

  /** The plan's text: SQLite's EXPLAIN QUERY PLAN details, or PostgreSQL's EXPLAIN as JSON. */
  async function plan(query: string, params: unknown[]): Promise<string> {
    if (kind === 'sqlite') return (await sql.all<{ detail: string }>(`explain query plan ${query}`, params)).map((row) => row.detail).join('\n');
    return JSON.stringify(await sql.all(`explain (format json) ${query}`, params));
  }

  it('finds the open conversation an interaction joins without reading every OPEN conversation of the customer', async () => {
    await setUp();
    const query = ConversationRouter.candidateQuery('?', false);
    const text = await plan(query, ['c-0']);
    expect(text).toContain('conversations_open_activity_index');
    if (kind === 'sqlite') expect(text).not.toContain('TEMP B-TREE');
    else expect(text).not.toContain('"Sort"');
    const [row] = await sql.all<{ id: string }>(query, ['c-0']);
    expect(row!.id).toBe('v-599');
  });

  it('reads a customer\'s interactions of one type (purchases, survey answers) without walking the rest of the history', async () => {
    await setUp();
    const query = 'select * from interactions where customer_id = ? and type = ? order by occurred_at asc, id asc';
    const text = await plan(query, ['c-0', 'purchase']);
    // The customer's own index by type, or, for purchases, the index of purchases alone (migration
    // 0012, for segments' purchase leaves), which a small table's planner may prefer: either way
    // only purchases are read, never the customer's 2,000 other interactions.
    expect(text).toMatch(/interactions_customer_type_occurred_index|interactions_purchase_occurred_index/);
    if (kind === 'sqlite') expect(text).not.toMatch(/SCAN interactions(?! USING)/);
    else expect(text).not.toContain('"Seq Scan"');
    const rows = await sql.all<{ id: string }>(query, ['c-0', 'purchase']);
    expect(rows).toHaveLength(20);
  });
});

describe('the queue tables on postgresql', () => {
  it('are vacuumed after a fixed number of dead rows, not a share of their size', async () => {
    const testDatabase = createTestDatabase('postgresql');
    const database = await testDatabase.open();
    try {
      await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
      const schema = new URL(testDatabase.url).searchParams.get('schema');
      const rows = await SqlSession.autocommit(database).all<{ relname: string; reloptions: string[] | null }>(
        "select c.relname, c.reloptions from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relname in ('event_outbox', 'audit_pending', 'workflow_runs') order by c.relname",
        [schema],
      );
      expect(rows.map((row) => [row.relname, [...(row.reloptions ?? [])].sort()])).toEqual(
        ['audit_pending', 'event_outbox', 'workflow_runs'].map((table) => [table, ['autovacuum_vacuum_scale_factor=0', `autovacuum_vacuum_threshold=${QUEUE_VACUUM_THRESHOLD}`]]),
      );
    } finally {
      await database.close();
      await testDatabase.destroy();
    }
  });
});
