import { createHash } from 'node:crypto';
import type { DirectRunner } from './DirectRunner.js';
import { BoundedTextCache, type BoundedTextCacheLimits } from '../../util/BoundedTextCache.js';

/** The part of a node-postgres client this module uses. */
export interface PostgresConnection {
  query(query: { text: string; values: unknown[]; name?: string }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Statements prepared per connection, at most this many: PostgreSQL plans a statement on every
 * execution unless it is prepared, and the hot paths' statements (the ingest CTE chain above
 * all) cost more to plan than to run. The core's statements come from a bounded set of shapes;
 * the cap keeps a connection's prepared statements bounded all the same.
 */
const MAX_PREPARED_PER_CONNECTION = 500;
const preparedBy = new WeakMap<PostgresConnection, Set<string>>();
/**
 * Each statement's PostgreSQL text and prepared-statement name, computed once per text while the
 * cache keeps it. A text too long to keep (a bulk insert of many rows) is not prepared either: its
 * plan would take a connection's slot and the server's memory for a shape that rarely repeats.
 */
export const POSTGRES_TRANSLATION_CACHE: BoundedTextCacheLimits = { maxEntries: 2_000, maxChars: 2 * 1024 * 1024, maxEntryChars: 8 * 1024 };
const translated = new BoundedTextCache<{ text: string; name: string }>(POSTGRES_TRANSLATION_CACHE);

/** What the process keeps of translated statements (for tests of its bounds). */
export function translatedStatements(): { count: number; chars: number } {
  return { count: translated.size, chars: translated.totalChars };
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
    private readonly prepare = true,
  ) {}

  get inTransaction(): boolean {
    return this.open;
  }

  async all(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    this.onQuery?.(sql);
    const keyword = sql.trimStart().slice(0, 8).toLowerCase();
    try {
      const { rows } = await this.connection.query({ ...this.prepared(sql), values: [...params] });
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

  /** The statement as node-postgres takes it: named (so prepared once) while the connection has room. */
  private prepared(sql: string): { text: string; name?: string } {
    if (!translated.admits(sql)) return { text: positional(sql) };
    let statement = translated.get(sql);
    if (!statement) {
      statement = { text: positional(sql), name: `rapport_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}` };
      translated.set(sql, statement);
    }
    // Only queries and data changes are prepared: transaction control, DDL and the like run as they are.
    if (!this.prepare || !/^\s*(select|insert|update|delete|with)\b/i.test(sql)) return { text: statement.text };
    let names = preparedBy.get(this.connection);
    if (!names) preparedBy.set(this.connection, (names = new Set()));
    if (!names.has(statement.name) && names.size >= MAX_PREPARED_PER_CONNECTION) return { text: statement.text };
    names.add(statement.name);
    return statement;
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
