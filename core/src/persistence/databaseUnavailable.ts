/**
 * How long a client is told to wait before retrying when the database is unavailable (HTTP
 * `Retry-After`, in seconds). Short on purpose: PostgreSQL restarts and fail-overs take seconds,
 * and a lock held past SQLite's busy timeout is usually gone by then too.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** What a client is told, by the GraphQL API and the channel webhooks alike. */
export const DATABASE_UNAVAILABLE_MESSAGE = `The database is unavailable right now. Retry after ${DATABASE_RETRY_AFTER_SECONDS} seconds.`;

/**
 * Socket errors of a connection that could not be made or was lost (Node's `code`, as pg and
 * knex pass them on).
 */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that cannot serve now: class 08 (connection exception), class
 * 53 (insufficient resources: too many connections, disk full, out of memory), class 58 (system
 * error: I/O), and 57P01–57P05 (administrator shutdown, crash shutdown, cannot connect now,
 * database dropped, idle session timeout). Not 40001/40P01: a serialization failure or a deadlock
 * is one transaction's bad luck, not an outage.
 */
const POSTGRES_UNAVAILABLE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|58[0-9A-Z]{3}|57P0[1-5])$/;

/**
 * SQLite result codes (primary, with any extended suffix such as `SQLITE_BUSY_SNAPSHOT`) of a
 * database that cannot serve now. SQLITE_BUSY arrives only after the connection's busy_timeout
 * (5 s, see openDatabase) ran out while another connection held the write lock: to the caller
 * that is an outage it should retry, not a bug. SQLITE_FULL and SQLITE_IOERR are the disk;
 * SQLITE_CANTOPEN a file that went away or a directory without permission.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN)(_|$)/;

/**
 * Messages of the drivers' connection failures that carry no code: pg's lost connections and
 * connect timeouts, knex's pool (tarn) that could not hand out a connection in time, and a
 * better-sqlite3 connection closed under a request while the server stops.
 */
const UNAVAILABLE_MESSAGES: readonly RegExp[] = [
  /^Connection terminated/,
  /^Connection ended unexpectedly/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Knex: Timeout acquiring a connection/,
  /^Cannot use a pool after calling end on the pool/,
  /^The database connection is not open/,
];

/** Error class names that say "connection" whatever their message: MikroORM's and knex's. */
const UNAVAILABLE_NAMES: ReadonlySet<string> = new Set(['ConnectionException', 'KnexTimeoutError']);

/** How deep a chain of causes is followed; real chains are two or three long. */
const MAX_DEPTH = 8;

/**
 * Whether an error means the database cannot be reached or cannot serve right now, as opposed to
 * a bug or bad data: the error itself, or anything in its `cause` chain or among an
 * AggregateError's `errors`. MikroORM's DriverException wrappers copy the driver error's fields
 * (`code`, `severity`), so they are recognized directly.
 *
 * A PostgreSQL error of severity FATAL or PANIC ended the session, whatever its SQLSTATE: that is
 * how "database … is not currently accepting connections" (55000) and a failed login arrive.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someInChain(error, signalsUnavailable);
}

function signalsUnavailable(error: object): boolean {
  const { code, severity, name, message } = error as { code?: unknown; severity?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code) || SQLITE_UNAVAILABLE.test(code))) return true;
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

function someInChain(error: unknown, test: (error: object) => boolean, depth = 0, seen = new Set<object>()): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH || seen.has(error)) return false;
  seen.add(error);
  if (test(error)) return true;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  if (someInChain(cause, test, depth + 1, seen)) return true;
  return Array.isArray(errors) && errors.some((inner) => someInChain(inner, test, depth + 1, seen));
}
