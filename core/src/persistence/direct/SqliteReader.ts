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
 * Bytes of the database file each SQLite connection of the server reads through a memory map
 * instead of copying pages into its cache (`mmap_size`). In WAL mode a connection drops its whole
 * page cache whenever another connection has committed, so the reader starts cold after every
 * write, and a writer after any other process's write. A cold statement then copies every page it
 * reads; through the map it finds them in place. Measured on a defined segment's insert at
 * 100,000 customers: 26.6 ms without, 19.7 ms with; a read over the same rows after another
 * connection's commit, 18.9 ms against 10.3 ms; and dropping a full 32 MiB cache costs 0.8 ms
 * without, 0.35 ms with (docs/benchmarks.md, seventh pass). Pages of a file larger than this are
 * read as before. The price (SQLite's documentation): a read error of the disk under the map
 * stops the process with SIGBUS instead of failing one statement; docs/operations.md says so.
 */
export const SQLITE_MMAP_BYTES = 1024 * 1024 * 1024;

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
      // the pages of large reads stay cached, and those of the file are read through the map.
      this.connection.pragma('temp_store = MEMORY');
      this.connection.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
      this.connection.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
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
