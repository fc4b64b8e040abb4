import { withSqlSpan } from '../tracing/sqlSpans.js';
import type { DirectRunner } from './direct/DirectRunner.js';
import type { Dialect } from './SqlMigration.js';
import type { Database } from './openDatabase.js';
import { timestampTextMillis } from './timestampText.js';

/**
 * Plain SQL on the ORM's connection, for the hot paths (ingest, API reads) where MikroORM's unit
 * of work costs more than the statements themselves: an `em.findOne` takes about 0.3 ms, the same
 * query through `connection.execute` about 0.07 ms, and on SQLite a cached prepared statement on
 * the driver (DirectSqlite) a few µs. It also hides the two dialects' differences in how
 * dates and JSON travel: SQLite (as MikroORM stores them) holds dates as epoch milliseconds and
 * JSON as text; PostgreSQL takes Date objects and returns parsed jsonb.
 *
 * Only portable SQL goes through here: unquoted lower-case names, `?` placeholders.
 */
export class SqlSession {
  private constructor(
    private readonly database: Database,
    /** The held connection of a transaction (see DirectDriver); none for autocommit sessions. */
    private readonly direct?: DirectRunner,
    /** Reads go to the driver's reader (see {@link reads}). */
    private readonly readOnly = false,
  ) {}

  /** Runs `work` in one transaction, committed when it resolves and rolled back when it throws. */
  static transaction<T>(database: Database, work: (sql: SqlSession) => Promise<T>): Promise<T> {
    return database.direct.transaction((runner) => work(new SqlSession(database, runner)));
  }

  /**
   * A session without a transaction: each statement commits on its own. For work that is one
   * write statement (possibly a PostgreSQL CTE chain), where BEGIN and COMMIT would only add
   * round trips.
   */
  static autocommit(database: Database): SqlSession {
    return new SqlSession(database);
  }

  /**
   * A session for single reads on the hot path that must not queue behind the writers (a request's
   * credential): on a SQLite file they run on a read-only connection of their own, which sees
   * every committed write; elsewhere it is an {@link autocommit} session. Only reads go through it.
   */
  static reads(database: Database): SqlSession {
    return new SqlSession(database, undefined, true);
  }

  /** Whether statements run in a transaction (false for {@link autocommit} sessions). */
  get inTransaction(): boolean {
    return this.direct !== undefined;
  }

  get dialect(): Dialect {
    return this.database.dialect;
  }

  /** The rows a query returns. */
  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    // The one place plain SQL runs: its span (inside a trace only) is made here.
    return withSqlSpan(this.dialect, sql, () => this.allRows<T>(sql, params));
  }

  private async allRows<T>(sql: string, params: unknown[]): Promise<T[]> {
    if (this.direct) return (await this.direct.all(sql, params)) as T[];
    if (this.readOnly) return (await this.database.direct.read((runner) => runner.all(sql, params))) as T[];
    return (await this.database.direct.withConnection((runner) => runner.all(sql, params))) as T[];
  }

  /** The first row a query returns, if any. */
  async one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs a statement that returns no rows. */
  async run(sql: string, params: unknown[] = []): Promise<void> {
    if (this.readOnly) throw new Error('SqlSession.reads is for reads only.');
    return withSqlSpan(this.dialect, sql, () => (this.direct ? this.direct.run(sql, params) : this.database.direct.withConnection((runner) => runner.run(sql, params))));
  }

  /**
   * Runs several writes as one: on PostgreSQL a single statement, chaining all but the last as
   * data-modifying CTEs (one round trip; constraints are checked at the end of the statement); on
   * SQLite, in process, one after the other.
   */
  async runTogether(statements: readonly { sql: string; params: unknown[] }[]): Promise<void> {
    if (statements.length === 0) return;
    if (this.dialect !== 'postgresql' || statements.length === 1) {
      for (const statement of statements) await this.run(statement.sql, statement.params);
      return;
    }
    const chained = statements.slice(0, -1).map((statement, index) => `write_${index} as (${statement.sql} returning 1)`);
    const last = statements.at(-1)!;
    await this.run(`with ${chained.join(', ')} ${last.sql}`, [...statements.flatMap((statement) => statement.params)]);
  }

  /** A date as this dialect stores it. */
  date(value: Date): Date | number {
    return this.dialect === 'postgresql' ? value : value.getTime();
  }

  /** A JSON value as this dialect takes it. */
  json(value: unknown): string {
    return JSON.stringify(value);
  }

  /**
   * A stored date, read back; null stays null. SQLite gives epoch milliseconds; PostgreSQL gives
   * the timestamptz text (MikroORM turns off pg's own date parsing), read by timestampText.ts.
   */
  static readDate(value: unknown): Date | null {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value;
    if (typeof value === 'number') return new Date(value);
    const text = String(value);
    const millis = timestampTextMillis(text);
    if (millis !== undefined) return new Date(millis);
    return new Date(/^\d+$/.test(text) ? Number(text) : text);
  }

  /** `?, ?, ?`: one placeholder per value, for `in (…)` lists. */
  static placeholders(values: readonly unknown[]): string {
    return values.map(() => '?').join(', ');
  }

  /** A stored JSON value, read back. */
  static readJson<T>(value: unknown): T {
    return (typeof value === 'string' ? JSON.parse(value) : value) as T;
  }
}

/**
 * Whether a write failed for a reason that running it again resolves: a unique key another
 * request took first, or a deadlock or serialization failure the database broke.
 */
export function isRetryable(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: string };
  return isUniqueViolation(error) || code === '40P01' || code === '40001';
}

/** Whether a driver error is a unique-key violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: string; name?: string };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || name === 'UniqueConstraintViolationException';
}

/** Whether a driver error is a foreign-key violation, on either database. */
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: string; name?: string };
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || name === 'ForeignKeyConstraintViolationException';
}
