import type { MikroORM } from '@mikro-orm/core';
import type { Dialect } from '../SqlMigration.js';
import type { DirectRunner } from './DirectRunner.js';
import { PostgresRunner, type PostgresConnection } from './PostgresRunner.js';
import type { SqliteReader } from './SqliteReader.js';
import { SqliteRunner, type SqliteConnection } from './SqliteRunner.js';

/** The part of knex's client (MikroORM's connection pool) this module uses. */
interface PoolClient {
  acquireConnection(): Promise<object>;
  releaseConnection(connection: object): Promise<unknown>;
}

/**
 * Plain SQL straight on the driver connections of MikroORM's own pool (better-sqlite3, pg).
 *
 * MikroORM keeps the connections, the schema and the entity mapping; the hot paths (ingest, API
 * reads, through SqlSession) skip only its query layer. Through knex a SQLite statement costs about
 * 45 µs and a transaction about 145 µs, compiled afresh each time; on the driver with a cached
 * prepared statement, about 4 µs and 5 µs (measured on this project's CI machines). On PostgreSQL
 * the round trip dominates, but knex's share of the CPU is still tens of µs per statement.
 *
 * A connection is taken from the pool for each statement, or for a whole transaction, so a
 * statement never runs inside someone else's transaction. On SQLite the pool holds exactly one
 * connection, which makes it the writers' lock.
 */
export class DirectDriver {
  /** One runner per driver connection, for as long as the connection lives (SQLite's keeps its prepared statements). */
  private readonly runners = new WeakMap<object, DirectRunner>();

  constructor(
    private readonly orm: MikroORM,
    private readonly dialect: Dialect,
    private readonly onQuery?: (sql: string) => void,
    /** PostgreSQL: prepare statements per connection (see PostgresRunner). */
    private readonly preparedStatements = true,
    /** A SQLite file's read-only connection (none for PostgreSQL and in-memory databases). */
    private readonly reader?: SqliteReader,
  ) {}

  /**
   * Runs a read that need not see uncommitted work and must not wait for the writers: on a SQLite
   * file, on its read-only connection; elsewhere, on a pooled connection like any statement.
   */
  read<T>(work: (runner: DirectRunner) => Promise<T> | T): Promise<T> {
    if (this.reader) return Promise.resolve(work(this.reader.get()));
    return this.withConnection(work);
  }

  /** Closes what the driver opened itself (the pool is the ORM's). */
  close(): void {
    this.reader?.close();
  }

  /** Runs `work` with a connection held, outside any transaction. */
  async withConnection<T>(work: (runner: DirectRunner) => Promise<T> | T): Promise<T> {
    const pool = this.pool();
    const connection = await pool.acquireConnection();
    try {
      return await work(this.runnerFor(connection));
    } finally {
      await pool.releaseConnection(connection);
    }
  }

  /** Runs `work` in one transaction on a held connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (runner: DirectRunner) => Promise<T>): Promise<T> {
    return this.withConnection(async (runner) => {
      // SQLite: take the write lock at once. A deferred transaction that reads and then writes
      // fails with "database is locked" if another connection wrote in between.
      await runner.run(this.dialect === 'sqlite' ? 'begin immediate' : 'begin', []);
      try {
        const result = await work(runner);
        await runner.run('commit', []);
        return result;
      } catch (error) {
        // A failed commit may already have ended the transaction.
        if (runner.inTransaction) await runner.run('rollback', []);
        throw error;
      }
    });
  }

  private runnerFor(connection: object): DirectRunner {
    let runner = this.runners.get(connection);
    if (!runner) {
      runner =
        this.dialect === 'sqlite'
          ? new SqliteRunner(connection as SqliteConnection, this.onQuery)
          : new PostgresRunner(connection as PostgresConnection, this.onQuery, this.preparedStatements);
      this.runners.set(connection, runner);
    }
    return runner;
  }

  private pool(): PoolClient {
    return (this.orm.em.getConnection() as unknown as { getKnex(): { client: PoolClient } }).getKnex().client;
  }
}
