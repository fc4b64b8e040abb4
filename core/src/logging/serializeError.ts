import { types } from 'node:util';
import { pino } from 'pino';
import { cutString } from './logLimits.js';
import { scrubSql, statementSummary } from './scrubSql.js';

/**
 * Fields of an error that hold a statement's parameter values: the ORM and the drivers attach
 * them (`params`, knex's `bindings`), and so may any code that wraps a database error. Never logged.
 */
const PARAMETER_FIELDS = new Set(['params', 'parameters', 'bindings', 'values', 'args', 'variables']);

/**
 * What a database error keeps: what tells an operator which statement failed and why, without any
 * value. PostgreSQL's `detail` ("Key (email)=(ada@example.com) already exists", "Failing row
 * contains (…)"), `where` and `internalQuery` quote rows and are dropped with everything else.
 */
const DATABASE_ERROR_FIELDS = new Set(['type', 'message', 'stack', 'code', 'errno', 'sqlState', 'severity', 'schema', 'table', 'column', 'constraint', 'dataType', 'routine']);

/** Driver and ORM error classes, by name: the logger does not load the database packages (and a second copy of one would fail `instanceof`). */
const DATABASE_ERROR_CLASSES = new Set(['DriverException', 'DatabaseError', 'SqliteError']);

type SerializedError = Record<string, unknown>;

/**
 * The logger's `err` serializer: pino's standard one (type, message and stack with their causes,
 * the error's own fields), then
 * - every message and stack without the values of the SQL they quote, and cut to length;
 * - no parameter field (`params`, `bindings`, …) at any depth;
 * - for a database error (MikroORM's DriverException and its subclasses, pg's DatabaseError,
 *   better-sqlite3's SqliteError): only its code, SQLSTATE and the names of what it concerns, plus
 *   `sql` (the statement with its values replaced by `?`) and `statement` (`insert into "x"`).
 * Anything that is not an Error is returned as it is: the logger's formatter (capLogObject) has
 * already turned the errors of a line into plain objects by the time pino calls this for `err`,
 * and checked plain objects such as `{ message }` field by field.
 */
export function serializeError(error: unknown): unknown {
  return isError(error) ? serialize(error, 0) : error;
}

/** An Error, also of another realm (a vm context, a worker's structured clone). */
export function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** True for a MikroORM, pg or better-sqlite3 error, or any error that carries its SQL. */
export function isDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  for (let proto = Object.getPrototypeOf(error) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    if (DATABASE_ERROR_CLASSES.has((proto.constructor as { name?: string } | undefined)?.name ?? '')) return true;
  }
  const { sql, sqlState } = error as { sql?: unknown; sqlState?: unknown };
  return typeof sql === 'string' || typeof sqlState === 'string';
}

function serialize(error: { message: string }, depth: number): SerializedError {
  const standard = pino.stdSerializers.err(error as Error) as unknown as SerializedError;
  const database = isDatabaseError(error);
  const serialized: SerializedError = {};
  for (const [key, value] of Object.entries(standard)) {
    if (PARAMETER_FIELDS.has(key) || (database && !DATABASE_ERROR_FIELDS.has(key))) continue;
    serialized[key] = nested(value, depth);
  }
  if (typeof standard.message === 'string') serialized.message = cutString(scrubSql(standard.message));
  if (typeof standard.stack === 'string') serialized.stack = cutString(scrubSql(standard.stack));
  const sql = sqlOf(error);
  if (sql !== undefined) {
    serialized.sql = cutString(scrubSql(sql));
    const statement = statementSummary(sql.slice(0, 4_096));
    if (statement) serialized.statement = statement;
  } else if (typeof serialized.query === 'string') {
    serialized.query = cutString(scrubSql(serialized.query));
  }
  return serialized;
}

/** Errors the standard serializer nested (any field but `cause`, whose text joins the message) go through the same rules. */
function nested(value: unknown, depth: number): unknown {
  if (depth >= 3) return isErrorLike(value) ? '[Error]' : value;
  const raw = (value as { raw?: unknown } | null)?.raw;
  if (isErrorLike(raw)) return serialize(raw, depth + 1);
  if (Array.isArray(value)) return value.map((item) => nested(item, depth));
  return value;
}

/** The statement a database error reports: its own field, or the start of the ORM's message. */
function sqlOf(error: object): string | undefined {
  const { sql, query } = error as { sql?: unknown; query?: unknown };
  if (typeof sql === 'string') return sql;
  if (typeof query === 'string') return query;
  if (!isDatabaseError(error)) return undefined;
  const message = (error as { message: string }).message;
  const end = message.lastIndexOf(' - ');
  return statementSummary(message.slice(0, 4_096)) ? message.slice(0, end === -1 ? undefined : end) : undefined;
}

function isErrorLike(value: unknown): value is { message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
