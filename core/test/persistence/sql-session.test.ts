import { afterEach, describe, expect, it } from 'vitest';
import { positional } from '../../src/persistence/direct/PostgresRunner.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

describe('positional placeholders for PostgreSQL', () => {
  it('numbers each ? in order and leaves those inside quotes alone', () => {
    expect(positional(`select * from t where a = ? and b like ? escape '\\' and c = '?' and "we?ird" in (?, ?)`)).toBe(
      `select * from t where a = $1 and b like $2 escape '\\' and c = '?' and "we?ird" in ($3, $4)`,
    );
  });
});

describe.each(TEST_DATABASES)('SqlSession on %s (statements straight on the driver)', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  afterEach(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  async function open(): Promise<SqlSession> {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    const sql = SqlSession.autocommit(database);
    await sql.run('create table notes (id integer primary key, body text not null, at_ms bigint not null, flag boolean not null)');
    return sql;
  }

  it('binds values as the dialect takes them, and reads rows back', async () => {
    const sql = await open();
    await sql.run('insert into notes (id, body, at_ms, flag) values (?, ?, ?, ?)', [1, `it's "quoted" ?`, 0, true]);
    const [row] = await sql.all<{ id: unknown; body: string; at_ms: unknown; flag: unknown }>('select * from notes where body = ?', [`it's "quoted" ?`]);
    expect(row!.body).toBe(`it's "quoted" ?`);
    expect(Number(row!.id)).toBe(1);
    expect(row!.flag).toBe(kind === 'sqlite' ? 1 : true);
  });

  it('commits a transaction whole, and rolls one back whole when its work throws', async () => {
    const sql = await open();
    await SqlSession.transaction(database, async (trx) => {
      expect(trx.inTransaction).toBe(true);
      await trx.run('insert into notes (id, body, at_ms, flag) values (?, ?, ?, ?)', [1, 'kept', 0, false]);
      await trx.run('insert into notes (id, body, at_ms, flag) values (?, ?, ?, ?)', [2, 'kept', 0, false]);
    });
    await expect(
      SqlSession.transaction(database, async (trx) => {
        await trx.run('insert into notes (id, body, at_ms, flag) values (?, ?, ?, ?)', [3, 'lost', 0, false]);
        await trx.run('insert into notes (id, body, at_ms, flag) values (?, ?, ?, ?)', [1, 'duplicate key', 0, false]);
      }),
    ).rejects.toThrow();
    expect((await sql.all<{ id: unknown }>('select id from notes order by id')).map((row) => Number(row.id))).toEqual([1, 2]);
    // The connection went back to the pool in a usable state.
    expect(await sql.one<{ n: unknown }>('select count(*) as n from notes')).toEqual({ n: kind === 'sqlite' ? 2 : '2' });
  });

  it('never lets a statement from outside run inside an open transaction', async () => {
    const sql = await open();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = SqlSession.transaction(database, async (trx) => {
      await trx.run('insert into notes (id, body, at_ms, flag) values (?, ?, ?, ?)', [1, 'uncommitted', 0, false]);
      await held;
      throw new Error('changed my mind');
    });
    // Outside the transaction, the uncommitted row is never seen (PostgreSQL isolates it;
    // SQLite's single connection makes this read wait for the transaction to end).
    const outside = sql.all('select id from notes');
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await expect(transaction).rejects.toThrow('changed my mind');
    expect(await outside).toEqual([]);
  });
});
