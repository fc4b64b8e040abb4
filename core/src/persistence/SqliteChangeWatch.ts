import type { ChangeWatch } from './ChangeWatch.js';

/** The part of a better-sqlite3 connection the watch reads. */
export interface VersionedConnection {
  prepare(sql: string): { pluck(): { get(): unknown } };
  /** False once the connection is closed. */
  readonly open: boolean;
}

/** Each connection's prepared `PRAGMA data_version`. */
const versionStatements = new WeakMap<VersionedConnection, { get(): unknown }>();

/**
 * A {@link ChangeWatch} of a SQLite file, read from the writers' connection (the pool's only
 * one): its `PRAGMA data_version` moves whenever another connection commits to the file (another
 * process: `rapport keys revoke` without a server, a second instance, the sqlite3 shell), and
 * never for this connection's own commits, which this process announces with
 * {@link ChangeWatch.changed} instead (as on PostgreSQL). So a cache keyed on it sees every
 * commit made elsewhere on the next request, without a channel and without a time-to-live.
 *
 * The watch is coarse: any commit of another connection moves it, not only a credential change,
 * so a file that other processes write all the time keeps nothing, which is safe. It is live
 * while the writers' connection is open; if the pool replaces the connection, the versions of
 * the old one mean nothing for the new, so the generation moves.
 *
 * Reading the version costs about 2 µs on a quiet file and about 8 µs with eight writers (a
 * prepared pragma: it starts a read transaction, which takes the write-ahead log's locks but
 * reads no page), against about 35 µs for a credential lookup on the read-only connection while
 * writers keep changing the file (docs/benchmarks.md).
 */
export class SqliteChangeWatch implements ChangeWatch {
  private count = 0;
  private seen: { connection: VersionedConnection; version: unknown } | undefined;

  /** @param writer the writers' connection as the pool holds it now (undefined before it is made). */
  constructor(private readonly writer: () => VersionedConnection | undefined) {}

  get live(): boolean {
    return this.observe();
  }

  get generation(): number {
    this.observe();
    return this.count;
  }

  current(): number | undefined {
    return this.observe() ? this.count : undefined;
  }

  changed(): void {
    this.count += 1;
  }

  async close(): Promise<void> {
    this.seen = undefined;
  }

  /** Reads the version now: moves the generation if it changed, and says whether the watch is live. */
  private observe(): boolean {
    const connection = this.writer();
    const version = connection?.open ? readVersion(connection) : undefined;
    if (!connection || version === undefined) {
      if (this.seen) this.count += 1;
      this.seen = undefined;
      return false;
    }
    if (this.seen?.connection !== connection || this.seen.version !== version) {
      this.count += 1;
      this.seen = { connection, version };
    }
    return true;
  }
}

function readVersion(connection: VersionedConnection): unknown {
  try {
    let statement = versionStatements.get(connection);
    if (!statement) versionStatements.set(connection, (statement = connection.prepare('pragma data_version').pluck()));
    return statement.get();
  } catch {
    // A connection closing under us: not live until the pool has a working one.
    return undefined;
  }
}
