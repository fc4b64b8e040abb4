import type { DirectRunner } from './DirectDriver.js';

/** The part of a node-postgres client this module uses. */
export interface PostgresConnection {
  query(query: { text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Statements on one node-postgres client (MikroORM's, so its type parsers apply: timestamptz
 * stays text, as everywhere else in the core).
 */
export class PostgresRunner implements DirectRunner {
  private open = false;

  constructor(
    private readonly connection: PostgresConnection,
    private readonly onQuery?: (sql: string) => void,
  ) {}

  get inTransaction(): boolean {
    return this.open;
  }

  async all(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    this.onQuery?.(sql);
    const keyword = sql.trimStart().slice(0, 8).toLowerCase();
    try {
      const { rows } = await this.connection.query({ text: positional(sql), values: [...params] });
      if (keyword.startsWith('begin')) this.open = true;
      else if (keyword.startsWith('commit') || keyword.startsWith('rollback')) this.open = false;
      return rows;
    } catch (error) {
      // A failed COMMIT ends the transaction too (PostgreSQL rolls it back).
      if (keyword.startsWith('commit')) this.open = false;
      throw error;
    }
  }

  async run(sql: string, params: readonly unknown[]): Promise<void> {
    await this.all(sql, params);
  }
}

/**
 * `?` placeholders (the portable form the core writes) as PostgreSQL's `$1, $2, …`. A `?` inside
 * a quoted string or identifier is left alone.
 */
export function positional(sql: string): string {
  let result = '';
  let index = 0;
  let quote: string | undefined;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = undefined;
      result += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      result += char;
    } else if (char === '?') {
      result += `$${++index}`;
    } else {
      result += char;
    }
  }
  return result;
}
