import { insideTrace, SpanKind, withSpan } from './spans.js';

/** How much of a statement a span keeps: enough to recognise it, not a whole generated `in (…)` list. */
export const MAX_STATEMENT_CHARS = 1_000;

/**
 * Runs one SQL statement in a client span (`db.system`, `db.statement` cut to
 * {@link MAX_STATEMENT_CHARS}, never the parameters' values: they are customers' data), when a
 * trace is active. Statements outside any trace (the outbox's and the schedulers' polls) get no
 * span: a trace of one `select` four times a second would bury the requests.
 */
export function withSqlSpan<T>(system: 'sqlite' | 'postgresql', sql: string, run: () => Promise<T>): Promise<T> {
  if (!insideTrace()) return run();
  const statement = sql.replace(/\s+/g, ' ').trim();
  const operation = /^\w+/.exec(statement)?.[0]?.toLowerCase() ?? 'sql';
  return withSpan(
    `${operation} ${system}`,
    {
      'db.system': system,
      'db.operation': operation,
      'db.statement': statement.length > MAX_STATEMENT_CHARS ? `${statement.slice(0, MAX_STATEMENT_CHARS)}…` : statement,
    },
    run,
    { kind: SpanKind.CLIENT },
  );
}
