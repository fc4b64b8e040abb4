import { createRequire } from 'node:module';
import type { SqliteConnection } from './SqliteRunner.js';
import { SqliteRunner } from './SqliteRunner.js';

interface ReadOnlyConnection extends SqliteConnection {
  pragma(sql: string): unknown;
  close(): void;
}

type OpenSqlite = new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => ReadOnlyConnection;

/** Kibibytes of page cache each SQLite connection of the server keeps (writer and reader), instead of SQLite's 2 MB. */
export const SQLITE_CACHE_KIB = 32 * 1024;

/**
 * A read-only connection of its own to a SQLite file, for reads that must not queue behind the
 * writers: the pool holds one connection, which is the write lock, and a request's credential
 * lookup would otherwise wait for every transaction ahead of it. In WAL mode a reader never waits
 * for the writer and sees every committed transaction, so what it reads is as fresh as a read on
 * the writers' connection. Opened on the first read; better-sqlite3 is synchronous, so a read runs
 * to its end before anything else touches the connection.
 */
export class SqliteReader {
  private connection: ReadOnlyConnection | undefined;
  private runner: SqliteRunner | undefined;

  constructor(
    private readonly file: string,
    private readonly onQuery?: (sql: string) => void,
  ) {}

  get(): SqliteRunner {
    if (!this.runner) {
      const open = createRequire(import.meta.url)('better-sqlite3') as OpenSqlite;
      this.connection = new open(this.file, { readonly: true, fileMustExist: true });
      this.connection.pragma('busy_timeout = 5000');
      // As the writer's (openDatabase.ts): a sort or an IN list of a read needs no temporary file,
      // and the pages of large reads stay cached.
      this.connection.pragma('temp_store = MEMORY');
      this.connection.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
      this.runner = new SqliteRunner(this.connection, this.onQuery);
    }
    return this.runner;
  }

  close(): void {
    this.connection?.close();
    this.connection = undefined;
    this.runner = undefined;
  }
}
