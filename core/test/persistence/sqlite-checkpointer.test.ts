import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from '../../src/persistence/direct/SqliteCheckpointer.js';
import { openDatabase, type Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';

interface RawConnection {
  pragma(sql: string): unknown;
  exec(sql: string): void;
  close(): void;
}
const OpenSqlite = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => RawConnection;

/** Polls `probe` until it is truthy, for what another thread does in its own time. */
async function eventually<T>(probe: () => T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('background WAL checkpoints of a SQLite file', () => {
  let dir: string;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file off the writers’ thread, whose own threshold only bounds the log', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-checkpoint-'));
    const file = path.join(dir, 'rapport.db');
    database = await openDatabase(`sqlite:${file}`, { baseDir: dir, create: true });
    const sql = SqlSession.autocommit(database);
    const [threshold] = await sql.all<{ wal_autocheckpoint: number }>('pragma wal_autocheckpoint');
    expect(threshold!.wal_autocheckpoint).toBe(WRITER_AUTOCHECKPOINT_PAGES);

    await sql.run('create table notes (id integer primary key, body text not null)');
    // About 2,000 pages of 4 KB: more than SQLite's default threshold, less than the writers' own.
    await SqlSession.transaction(database, (tx) =>
      tx.run(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 8000) insert into notes (id, body) select i, hex(randomblob(500)) from n`),
    );

    // The pages reach the database file itself, which before a checkpoint holds only the schema.
    const before = statSync(file).size;
    expect(before).toBeLessThan(1_000_000);
    await eventually(() => statSync(file).size > 7_000_000);
    const [count] = await sql.all<{ n: number }>('select count(*) as n from notes');
    expect(Number(count!.n)).toBe(8000);
  });

  it('stops its thread on close, so the last connection to close removes the log', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-checkpoint-'));
    const file = path.join(dir, 'rapport.db');
    const writer = new OpenSqlite(file);
    try {
      writer.pragma('journal_mode = WAL');
      writer.exec('create table notes (id integer primary key); insert into notes values (1)');
      const checkpointer = new SqliteCheckpointer(file, { intervalMs: 20, startAfterMs: 0 });
      await eventually(() => checkpointer.stats.checkpoints > 0);
      expect(checkpointer.stats.lastCheckpointedFrames).toBeGreaterThan(0);
      await checkpointer.close();
    } finally {
      writer.close();
    }
    // SQLite removes the log when the last connection closes: the checkpointer's had closed.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('starts no thread for a database closed before its start delay', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-checkpoint-'));
    const checkpointer = new SqliteCheckpointer(path.join(dir, 'any.db'), { startAfterMs: 60_000 });
    expect(checkpointer.started).toBe(false);
    await checkpointer.close();
    expect(checkpointer.started).toBe(false);
  });

  it('says once, in the log, that it cannot run, and leaves the checkpoints to the writers', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-checkpoint-'));
    const lines: { msg: string; err?: { message: string } }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const checkpointer = new SqliteCheckpointer(path.join(dir, 'missing.db'), { logger: pino(sink), intervalMs: 20, startAfterMs: 0 });
    try {
      await eventually(() => checkpointer.stats.failures > 0);
      await eventually(() => lines.length > 0);
      expect(lines[0]!.msg).toMatch(/background WAL checkpoint failed; the writers checkpoint themselves/);
      expect(lines[0]!.err!.message).toMatch(/unable to open database file|does not exist/i);
      expect(checkpointer.stats.checkpoints).toBe(0);
    } finally {
      await checkpointer.close();
    }
  });
});
