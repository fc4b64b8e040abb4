import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ValidationError } from '@rapport/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/persistence/databaseUnavailable.js';
import { openDatabase, type Database } from '../../src/persistence/openDatabase.js';
import { redactServerPaths } from '../../src/util/redactServerPaths.js';
import { TEST_POSTGRES_URL } from '../support/testDatabases.js';

/** What `work` rejects with; fails the test if it succeeds. */
async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
}

/** A TCP port on which nothing listens: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function postgresUrl(changes: { port: number }): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.port = String(changes.port);
  return url.toString();
}

type BetterSqlite = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => {
  exec(sql: string): void;
  pragma(sql: string): unknown;
  close(): void;
};
const Sqlite = createRequire(import.meta.url)('better-sqlite3') as BetterSqlite;

describe('isDatabaseUnavailable on PostgreSQL, with the errors the drivers raise', () => {
  const opened: Database[] = [];
  afterAll(async () => {
    for (const database of opened) await database.close();
  });
  const open = async (url: string) => {
    const database = await openDatabase(url, { baseDir: process.cwd() });
    opened.push(database);
    return database;
  };

  it('is true for a server nobody listens on (ECONNREFUSED)', async () => {
    const port = await closedPort();
    const error = await failureOf(async () => (await open(postgresUrl({ port }))).orm.em.getConnection().execute('select 1'));
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('is true for a session the server ended (57P01, then a lost connection)', async () => {
    const database = await open(TEST_POSTGRES_URL);
    const connection = database.orm.em.getConnection();
    const [{ pid }] = await connection.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
    const admin = await open(TEST_POSTGRES_URL);
    const killer = admin.orm.em.getConnection();
    // The victim waits in a query while its backend is terminated.
    const victim = failureOf(() => connection.execute('select pg_sleep(30)'));
    for (let seen = false, attempt = 0; !seen && attempt < 500; attempt++) {
      const rows = await killer.execute<{ n: string | number }[]>(`select count(*) as n from pg_stat_activity where pid = ${pid} and query like 'select pg_sleep%'`);
      seen = Number(rows[0]!.n) === 1;
    }
    await killer.execute(`select pg_terminate_backend(${pid})`);
    expect(isDatabaseUnavailable(await victim)).toBe(true);
  });

  it('is false for bad SQL and broken constraints, which retrying does not cure', async () => {
    const database = await open(TEST_POSTGRES_URL);
    const connection = database.orm.em.getConnection();
    expect(isDatabaseUnavailable(await failureOf(() => connection.execute('selec 1')))).toBe(false);
    expect(isDatabaseUnavailable(await failureOf(() => connection.execute('select 1 / 0')))).toBe(false);
    const unique = await failureOf(() => connection.execute('create temporary table t (id int primary key); insert into t values (1), (1)'));
    expect(unique).toMatchObject({ code: '23505' });
    expect(isDatabaseUnavailable(unique)).toBe(false);
  });
});

describe('isDatabaseUnavailable on SQLite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-classify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is true for a write lock held past the busy timeout (SQLITE_BUSY) and a file that cannot be opened', () => {
    const file = path.join(dir, 'busy.db');
    const holder = new Sqlite(file);
    const waiter = new Sqlite(file);
    try {
      holder.exec('create table t (id integer primary key); begin exclusive');
      waiter.pragma('busy_timeout = 0');
      let busy: unknown;
      try {
        waiter.exec('insert into t values (1)');
      } catch (error) {
        busy = error;
      }
      expect(busy).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(isDatabaseUnavailable(busy)).toBe(true);
    } finally {
      holder.close();
      waiter.close();
    }
    let cannotOpen: unknown;
    try {
      // A directory where the database file should be.
      new Sqlite(dir);
    } catch (error) {
      cannotOpen = error;
    }
    expect(cannotOpen).toMatchObject({ code: 'SQLITE_CANTOPEN' });
    expect(isDatabaseUnavailable(cannotOpen)).toBe(true);
  });

  it('is false for a broken constraint', () => {
    const connection = new Sqlite(path.join(dir, 'constraint.db'));
    try {
      connection.exec('create table t (id integer primary key)');
      let error: unknown;
      try {
        connection.exec('insert into t values (1), (1)');
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
      expect(isDatabaseUnavailable(error)).toBe(false);
    } finally {
      connection.close();
    }
  });
});

describe('isDatabaseUnavailable, the shapes without a live server to cause them', () => {
  // As pg, knex (tarn) and PostgreSQL raise them; a live pool timeout or "too many connections"
  // would need the shared server exhausted.
  const shaped = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields);

  it.each([
    ['a pool that hands out no connection in time', shaped('Knex: Timeout acquiring a connection. The pool is probably full.', { name: 'KnexTimeoutError' })],
    ['a database closed to connections (FATAL 55000)', shaped('database "crm" is not currently accepting connections', { code: '55000', severity: 'FATAL' })],
    ['too many connections (53300)', shaped('sorry, too many clients already', { code: '53300', severity: 'FATAL' })],
    ['a server starting up (57P03)', shaped('the database system is starting up', { code: '57P03' })],
    ['a connection failure (08006)', shaped('connection failure', { code: '08006' })],
    ['a reset connection', shaped('read ECONNRESET', { code: 'ECONNRESET' })],
    ['a full disk (SQLITE_FULL)', shaped('database or disk is full', { code: 'SQLITE_FULL' })],
    ['a disk I/O error (SQLITE_IOERR_WRITE)', shaped('disk I/O error', { code: 'SQLITE_IOERR_WRITE' })],
    ['an outage as the cause of another error', new Error('could not load the customer', { cause: shaped('Connection terminated unexpectedly') })],
    ['an outage among an AggregateError', new AggregateError([shaped('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' })], 'all addresses failed')],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a plain error', new Error('Cannot read properties of undefined')],
    ['bad input', new ValidationError('first must be between 0 and 100.', 'first')],
    ['a deadlock, one transaction\'s bad luck (40P01)', shaped('deadlock detected', { code: '40P01' })],
    ['a message that only mentions a connection', shaped('Plugin said: Connection terminated by the provider')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('stops at a cycle of causes', () => {
    const error = new Error('loops') as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('redactServerPaths', () => {
  const here = path.dirname(new URL(import.meta.url).pathname);

  it('replaces paths of this machine by their base names', () => {
    expect(redactServerPaths(`Add it to plugins in ${path.join(here, 'rapport.config.json')}.`)).toBe('Add it to plugins in rapport.config.json.');
    expect(redactServerPaths(`Cannot find module '${here}/missing.js' imported from ${here}/index.js`)).toBe("Cannot find module 'missing.js' imported from index.js");
    expect(redactServerPaths(`Cannot import file://${here}/index.js: boom`)).toBe('Cannot import index.js: boom');
    expect(redactServerPaths(`${tmpdir()}/rapport-x/rapport.config.json: plugins[0]: not found`)).toBe('rapport.config.json: plugins[0]: not found');
  });

  it('keeps routes, URLs and words that are not paths of this machine', () => {
    for (const message of [
      'Use POST to deliver messages to /channels/sms/inbound (GET for a provider\'s handshake).',
      'The provider at https://api.example.com/2010-04-01/Accounts answered 500.',
      'postgres://127.0.0.1:5432/test is unreachable',
      'No route for GET /graphql/extra.',
      'first must be between 0 and 100.',
    ]) {
      expect(redactServerPaths(message)).toBe(message);
    }
  });
});
