import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from 'pino';
import { DatabaseOpenError } from './DatabaseOpenError.js';

/** One failed attempt to reach the database server, reported before the next one. */
export interface ConnectRetry {
  attempt: number;
  /** How long until the next attempt. */
  delayMs: number;
  cause: string;
}

/** Options of {@link ensurePostgresDatabase}. */
export interface EnsurePostgresOptions {
  /** Create the database when the server answers that it does not exist. */
  create: boolean;
  /** How long to keep retrying a server that does not answer; 0 tries once. */
  connectTimeoutMs: number;
  /** Called before each retry; without it, retries are logged at warn. */
  onRetry?: (retry: ConnectRetry) => void;
  logger?: Logger;
}

const FIRST_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 5_000;
/** PostgreSQL's `invalid_catalog_name`: the database named in the connection does not exist. */
const DATABASE_MISSING = '3D000';
/** Answers that mean "not now" rather than "no": starting up, too many connections. */
const TRANSIENT_SQLSTATES = new Set(['57P03', '53300']);

/**
 * Makes sure the database a PostgreSQL URL names exists before the ORM opens its pool. MikroORM
 * would create a missing database on its own (`ensureDatabase`), and a typo in the name would
 * then start a new, empty CRM; here it is an error unless `create` is asked for. A server that
 * does not answer (still starting, a container not up yet) is retried with backoff for
 * `connectTimeoutMs`.
 *
 * @throws DatabaseOpenError `missing-database`, `unreachable` or `refused`.
 */
export async function ensurePostgresDatabase(connectionString: string, options: EnsurePostgresOptions): Promise<void> {
  const url = new URL(connectionString);
  const where = `${url.hostname}:${url.port || '5432'}`;
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username);
  const started = Date.now();
  let delayMs = FIRST_RETRY_DELAY_MS;
  for (let attempt = 1; ; attempt += 1) {
    const remaining = options.connectTimeoutMs - (Date.now() - started);
    const error = await tryConnect(connectionString, Math.max(1_000, Math.min(10_000, remaining)));
    if (error === undefined) return;
    if ((error as { code?: string }).code === DATABASE_MISSING) {
      if (!options.create) throw new DatabaseOpenError('missing-database', `the database "${name}" does not exist on ${where}`, name);
      await createDatabase(url, name, options.logger);
      return;
    }
    const cause = causeOf(error);
    if (!isTransient(error)) throw new DatabaseOpenError('refused', `PostgreSQL at ${where} refused the connection: ${cause}`, name, { cause: error });
    const elapsed = Date.now() - started;
    if (elapsed + delayMs > options.connectTimeoutMs) {
      const over = attempt > 1 ? ` (${attempt} attempts over ${Math.round(elapsed / 100) / 10} s)` : '';
      throw new DatabaseOpenError('unreachable', `cannot reach PostgreSQL at ${where}: ${cause}${over}`, name, { cause: error });
    }
    const retry = { attempt, delayMs, cause };
    if (options.onRetry) options.onRetry(retry);
    else options.logger?.warn({ component: 'database', ...retry }, `database not reachable (attempt ${attempt}), retrying in ${delayMs} ms: ${cause}`);
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
  }
}

/** Connects once and disconnects; the error, if any. */
async function tryConnect(connectionString: string, connectionTimeoutMillis: number): Promise<Error | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis });
  // A connection that fails after connecting must not crash the process with an unhandled 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database from the server's `postgres` database, as `createdb` does. */
async function createDatabase(url: URL, name: string, logger: Logger | undefined): Promise<void> {
  const management = new URL(url);
  management.pathname = '/postgres';
  const client = new pg.Client({ connectionString: management.toString() });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    logger?.info({ component: 'database', database: name }, `created the database "${name}"`);
  } catch (error) {
    // Another instance created it meanwhile: what was asked for is there.
    if ((error as { code?: string }).code !== '42P04') {
      throw new DatabaseOpenError('refused', `cannot create the database "${name}": ${causeOf(error)}`, name, { cause: error });
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isTransient(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  if (code !== undefined) return TRANSIENT_SQLSTATES.has(code) || /^E[A-Z_]+$/.test(code);
  // pg's own connect timeout and a connection dropped during the handshake carry no code.
  return /timeout|terminated/i.test((error as Error).message ?? '');
}

/** The cause in one line: Node's connect errors to several addresses are an AggregateError. */
function causeOf(error: unknown): string {
  const inner = error instanceof AggregateError && error.errors.length > 0 ? (error.errors[0] as Error) : (error as Error);
  const message = (inner?.message || (error as Error)?.message || String(error)).split('\n')[0]!;
  const code = (error as { code?: string }).code;
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
