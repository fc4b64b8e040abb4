/** Runs statements on one connection held from the pool (SqliteRunner, PostgresRunner). */
export interface DirectRunner {
  /** Whether a transaction is open on the connection. */
  readonly inTransaction: boolean;
  /** The rows a statement returns (`[]` for one that returns none). */
  all(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  run(sql: string, params: readonly unknown[]): Promise<void>;
}
