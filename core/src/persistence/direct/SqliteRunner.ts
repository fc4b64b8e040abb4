import type { DirectRunner } from './DirectRunner.js';
import { BoundedTextCache, type BoundedTextCacheLimits } from '../../util/BoundedTextCache.js';

/** The part of a better-sqlite3 connection this module uses. */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  readonly inTransaction: boolean;
}

interface SqliteStatement {
  readonly reader: boolean;
  all(params: unknown[]): Record<string, unknown>[];
  run(params: unknown[]): unknown;
}

/**
 * The prepared statements a connection keeps: the hot paths' few dozen short texts with room to
 * spare; a long text (a bulk write's many rows) is prepared for its one use (see BoundedTextCache).
 */
export const SQLITE_STATEMENT_CACHE: BoundedTextCacheLimits = { maxEntries: 500, maxChars: 512 * 1024, maxEntryChars: 8 * 1024 };

/** Statements on one better-sqlite3 connection, each SQL text prepared once while the cache keeps it. */
export class SqliteRunner implements DirectRunner {
  private readonly statements = new BoundedTextCache<SqliteStatement>(SQLITE_STATEMENT_CACHE);

  constructor(
    private readonly connection: SqliteConnection,
    private readonly onQuery?: (sql: string) => void,
  ) {}

  get inTransaction(): boolean {
    return this.connection.inTransaction;
  }

  async all(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    const statement = this.prepare(sql);
    if (statement.reader) return statement.all(bindings(params));
    statement.run(bindings(params));
    return [];
  }

  async run(sql: string, params: readonly unknown[]): Promise<void> {
    await this.all(sql, params);
  }

  private prepare(sql: string): SqliteStatement {
    this.onQuery?.(sql);
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** What the runner keeps prepared (for tests of its bounds). */
  get cachedStatements(): { count: number; chars: number } {
    return { count: this.statements.size, chars: this.statements.totalChars };
  }
}

/** Values as SQLite takes them, as knex would bind them: dates as epoch ms, booleans as 0/1. */
function bindings(params: readonly unknown[]): unknown[] {
  return params.map((value) => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value));
}
