import type { DirectRunner } from './DirectRunner.js';

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

/** How many distinct SQL texts keep a prepared statement; the rest are prepared again. */
const STATEMENT_CACHE_SIZE = 500;

/** Statements on one better-sqlite3 connection, each SQL text prepared once. */
export class SqliteRunner implements DirectRunner {
  private readonly statements = new Map<string, SqliteStatement>();

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
      // Texts with `in (?, ?, …)` lists vary with their length; bound the cache, oldest out.
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Values as SQLite takes them, as knex would bind them: dates as epoch ms, booleans as 0/1. */
function bindings(params: readonly unknown[]): unknown[] {
  return params.map((value) => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value));
}
