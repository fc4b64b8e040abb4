import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_MMAP_BYTES } from '../../src/persistence/direct/SqliteReader.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabases.js';

interface RawConnection {
  pragma(sql: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown };
  close(): void;
}
const openRaw = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => RawConnection;

/**
 * The server's SQLite connections read the file through a memory map (SqliteReader.ts,
 * SQLITE_MMAP_BYTES). A map must never show a stale page: what another connection commits is what
 * the writer and the reader read next, including pages the map had already served.
 */
describe('SQLite connections read through a memory map', () => {
  let testDatabase: TestDatabase | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await testDatabase?.destroy();
  });

  it('maps the file on the writer and the reader, and reads what another connection commits', async () => {
    testDatabase = createTestDatabase('sqlite');
    database = await testDatabase.open();
    const writer = SqlSession.autocommit(database);
    const reader = SqlSession.reads(database);
    await writer.run('create table mapped (id integer primary key, note text)');
    await writer.run(`insert into mapped (id, note) select value, 'first' from json_each(?)`, [JSON.stringify(Array.from({ length: 2_000 }, (_, i) => i + 1))]);

    for (const sql of [writer, reader]) expect(await sql.one<{ mmap_size: unknown }>('pragma mmap_size')).toEqual({ mmap_size: SQLITE_MMAP_BYTES });
    const notes = async (sql: SqlSession) => (await sql.all<{ note: string; n: unknown }>('select note, count(*) as n from mapped group by note order by note')).map((row) => `${row.note}:${Number(row.n)}`);
    expect(await notes(reader)).toEqual(['first:2000']);
    expect(await notes(writer)).toEqual(['first:2000']);

    // Another process's connection, after the server's had read every page through the map; in
    // WAL mode its change is in the log until a checkpoint writes it into the mapped file.
    const other = new openRaw(testDatabase.url.slice('sqlite:'.length));
    try {
      other.pragma('busy_timeout = 5000');
      other.prepare("update mapped set note = 'second' where id % 2 = 0").run();
      expect(await notes(reader)).toEqual(['first:1000', 'second:1000']);
      expect(await notes(writer)).toEqual(['first:1000', 'second:1000']);
      other.pragma('wal_checkpoint(TRUNCATE)');
      other.prepare("update mapped set note = 'third' where id <= 10").run();
    } finally {
      other.close();
    }
    expect(await notes(reader)).toEqual(['first:995', 'second:995', 'third:10']);
    expect(await notes(writer)).toEqual(['first:995', 'second:995', 'third:10']);
  });
});
