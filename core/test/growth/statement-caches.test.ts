import { afterEach, describe, expect, it } from 'vitest';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { POSTGRES_TRANSLATION_CACHE, translatedStatements } from '../../src/persistence/direct/PostgresRunner.js';
import { SQLITE_STATEMENT_CACHE, type SqliteRunner } from '../../src/persistence/direct/SqliteRunner.js';
import { BoundedTextCache } from '../../src/util/BoundedTextCache.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

describe('a bounded text cache', () => {
  it('keeps at most its count, evicting the least recently used', () => {
    const cache = new BoundedTextCache<number>({ maxEntries: 3, maxChars: 1_000, maxEntryChars: 100 });
    for (const sql of ['a', 'b', 'c']) cache.set(sql, sql.length);
    expect(cache.get('a')).toBe(1);
    cache.set('d', 1);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([1, undefined, 1, 1]);
    expect(cache.size).toBe(3);
  });

  it('keeps at most its characters of SQL, and never a statement longer than its limit', () => {
    const cache = new BoundedTextCache<string>({ maxEntries: 100, maxChars: 50, maxEntryChars: 20 });
    cache.set('x'.repeat(21), 'too long');
    expect(cache.size).toBe(0);
    for (let i = 0; i < 10; i++) cache.set(`${i}`.padEnd(20, '-'), 'kept');
    expect(cache.size).toBe(2);
    expect(cache.totalChars).toBe(40);
  });
});

/** `insert into t values (?, ?), (?, ?), …` with `rows` rows: a new text for every length, as bulk writes make them. */
const multiRowInsert = (rows: number) => `insert into growth_probe (a, b) values ${Array.from({ length: rows }, () => '(?, ?)').join(', ')}`;

/** How many lengths of insert are sent, the longest well over the longest text a cache keeps. */
const LENGTHS = 1_200;

describe.each(TEST_DATABASES)('the prepared statements of %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  afterEach(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  it('stay bounded in number and size while bulk writes of every length go through', async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
    const sql = SqlSession.autocommit(database);
    await sql.run('create table growth_probe (a integer, b text)', []);
    for (let rows = 1; rows <= LENGTHS; rows++) {
      await sql.run(multiRowInsert(rows), Array.from({ length: rows }, (_, i) => [i, `row ${i}`]).flat());
    }
    const stored = await sql.one<{ n: unknown }>('select count(*) as n from growth_probe');
    expect(Number(stored!.n)).toBe((LENGTHS * (LENGTHS + 1)) / 2);

    const cached =
      kind === 'sqlite'
        ? await database.direct.withConnection((runner) => (runner as SqliteRunner).cachedStatements)
        : translatedStatements();
    const limits = kind === 'sqlite' ? SQLITE_STATEMENT_CACHE : POSTGRES_TRANSLATION_CACHE;
    expect(cached.count).toBeLessThanOrEqual(limits.maxEntries);
    expect(cached.chars).toBeLessThanOrEqual(limits.maxChars);
    // Texts past the longest kept (8 KB: about 1,000 rows here) were used once each and not kept.
    expect(cached.count).toBeLessThan(LENGTHS);
  });
});
