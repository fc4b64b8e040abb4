import os from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM, Options } from '@mikro-orm/core';
import { ConfigError, serviceToken } from '@rapport/sdk';
import type { Logger } from 'pino';
import { scrubSql } from '../logging/scrubSql.js';
import { PostgresChangeWatch, type ChangeWatch } from './ChangeWatch.js';
import { DatabaseOpenError } from './DatabaseOpenError.js';
import { DirectDriver } from './direct/DirectDriver.js';
import { SqliteCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from './direct/SqliteCheckpointer.js';
import { SQLITE_CACHE_KIB } from './direct/SqliteReader.js';
import { SqliteReader } from './direct/SqliteReader.js';
import { CORE_ENTITIES } from './entities.js';
import { ensurePostgresDatabase, type ConnectRetry } from './postgresDatabase.js';
import type { Dialect } from './SqlMigration.js';
import { SqliteChangeWatch, type VersionedConnection } from './SqliteChangeWatch.js';
import { ensureSqliteDirectory } from './sqliteDirectory.js';

/** An open database: the ORM, its dialect, and a way to get a fresh EntityManager. */
export interface Database {
  readonly orm: MikroORM;
  readonly dialect: Dialect;
  /** Plain SQL straight on the driver connections of the ORM's pool, for SqlSession. */
  readonly direct: DirectDriver;
  /** A fresh EntityManager (its own identity map), for one unit of work. */
  em(): EntityManager;
  /**
   * Watches a change channel: on PostgreSQL `LISTEN`, fed by triggers' `pg_notify`; on SQLite the
   * file's data version, which any other connection's commit moves (SqliteChangeWatch). One watch
   * per channel, opened on the first call, closed with the database.
   */
  watch(channel: string): ChangeWatch;
  /**
   * A change this process committed that the channel announces: the channel's watch, if one is
   * open, hears of it at once (see {@link ChangeWatch.changed}). Opens nothing.
   */
  noteChange(channel: string): void;
  /** Whether the database answers a trivial query now; `/readyz` reports it. */
  isConnected(): Promise<boolean>;
  close(): Promise<void>;
}

/** The container token of the open {@link Database}. */
export const Database = serviceToken<Database>('rapport.core.Database');

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Where a relative `sqlite:` file is resolved (the config file's directory). */
  baseDir: string;
  logger?: Logger;
  /** Called with every SQL statement the ORM runs; tests count queries with it. */
  onQuery?: (sql: string) => void;
  /**
   * Create what the URL names when it is missing: the PostgreSQL database, the SQLite file's
   * directory. By default a missing one is a {@link DatabaseOpenError} (the default `.rapport/`
   * next to the config file excepted), so a typo never starts an empty CRM.
   */
  create?: boolean;
  /** How long to retry a PostgreSQL server that does not answer, in ms; by default one attempt. */
  connectTimeoutMs?: number;
  /** Called before each retry of an unreachable server; by default retries are logged at warn. */
  onConnectRetry?: (retry: ConnectRetry) => void;
}

/**
 * Opens the database a URL names: `sqlite:<file>` (relative to `baseDir`), `sqlite::memory:`, or
 * `postgres://user@host:port/db`, optionally with `?schema=<name>` to keep Rapport's tables in a
 * schema of their own. Without a user, PostgreSQL URLs use `$PGUSER` or the OS user, as psql does.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const common: Partial<Options> = {
    entities: CORE_ENTITIES,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    allowGlobalContext: false,
    debug: options.onQuery ? ['query'] : false,
    logger: (message: string) => {
      if (options.onQuery) options.onQuery(stripLogDecoration(message));
      // The ORM inlines a statement's parameters into its log message: keep the statement, not the values.
      else options.logger?.debug({ component: 'orm' }, scrubSql(message));
    },
    // Dates are stored and returned in UTC, whatever the server's time zone.
    forceUtcTimezone: true,
  };
  if (url.startsWith('sqlite:')) {
    const { MikroORM } = await import('@mikro-orm/better-sqlite');
    const file = url.slice('sqlite:'.length);
    const dbName = file === ':memory:' ? ':memory:' : path.resolve(options.baseDir, file);
    if (dbName !== ':memory:') ensureSqliteDirectory(dbName, options.baseDir, options.create ?? false);
    // The pool's one connection is the writers'; the change watch reads its data version.
    let writer: VersionedConnection | undefined;
    const orm = await MikroORM.init({
      ...common,
      dbName,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (connection: VersionedConnection & SqlitePragmas, done: (error: Error | null, connection: unknown) => void) => {
          writer = connection;
          sqlitePragmas(connection, done, dbName !== ':memory:');
        },
      },
    } as Options);
    const onFile = dbName !== ':memory:';
    const reader = onFile ? new SqliteReader(dbName, options.onQuery) : undefined;
    const checkpointer = onFile ? new SqliteCheckpointer(dbName, { logger: options.logger }) : undefined;
    return wrap(orm, 'sqlite', options, { reader, checkpointer, openWatch: () => new SqliteChangeWatch(() => writer) });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { MikroORM } = await import('@mikro-orm/postgresql');
    const parsed = parsePostgresUrl(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    // Behind a pooler in transaction mode (PgBouncer before 1.21) a session's prepared statements
    // are not there on the next transaction: `?preparedStatements=false` turns them off.
    const prepared = parsed.searchParams.get('preparedStatements');
    parsed.searchParams.delete('preparedStatements');
    if (prepared !== null && prepared !== 'true' && prepared !== 'false') {
      throw new ConfigError([{ file: 'database', field: 'url', message: `preparedStatements must be true or false, got ${JSON.stringify(prepared)}` }]);
    }
    if (!parsed.username) parsed.username = process.env.PGUSER ?? os.userInfo().username;
    await ensurePostgresDatabase(parsed.toString(), {
      create: options.create ?? false,
      connectTimeoutMs: options.connectTimeoutMs ?? 0,
      onRetry: options.onConnectRetry,
      logger: options.logger,
    });
    const orm = await MikroORM.init({
      ...common,
      // Checked (and created only when asked) by ensurePostgresDatabase, never quietly by the ORM.
      ensureDatabase: false,
      clientUrl: parsed.toString(),
      schema,
      pool: { min: 0, max: 10 },
      driverOptions: schema ? { connection: { options: `-c search_path=${schema}` } } : undefined,
    } as Options);
    if (schema) await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
    // Named in pg_stat_activity, so an operator sees which connections listen, for which schema.
    const listenerConfig = (channel: string) => ({
      connectionString: parsed.toString(),
      application_name: `rapport:${channel}${schema ? `:${schema}` : ''}`.slice(0, 63),
      ...(schema && { options: `-c search_path=${schema}` }),
    });
    return wrap(orm, 'postgresql', options, {
      preparedStatements: prepared !== 'false',
      openWatch: (channel) => new PostgresChangeWatch(listenerConfig(channel), channel, options.logger),
    });
  }
  throw new ConfigError([
    { file: 'database', field: 'url', message: `must be sqlite:<file>, sqlite::memory: or postgres://…, got ${JSON.stringify(url)}` },
  ]);
}

/** What one dialect adds to the wrapped ORM. */
interface DialectParts {
  /** PostgreSQL: prepare statements per connection (see PostgresRunner); default true. */
  preparedStatements?: boolean;
  /** Opens a change watch. */
  openWatch: (channel: string) => ChangeWatch;
  /** A SQLite file's read-only connection. */
  reader?: SqliteReader;
  /** A SQLite file's background checkpoints. */
  checkpointer?: SqliteCheckpointer;
}

/** `new URL` with an error that says what is wrong with a PostgreSQL URL. */
function parsePostgresUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    const port = /^[a-z]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/?#]*):([^/?#]*)/i.exec(url)?.[1];
    const why = port !== undefined && !/^\d{1,5}$/.test(port) ? `its port ${JSON.stringify(port)} is not a number` : 'it cannot be parsed';
    throw new DatabaseOpenError('invalid-url', `is not a valid PostgreSQL URL: ${why}; write postgres://user@host:5432/database`);
  }
}

function wrap(orm: MikroORM, dialect: Dialect, options: OpenDatabaseOptions, parts: DialectParts): Database {
  const { preparedStatements = true, openWatch, reader, checkpointer } = parts;
  const direct = new DirectDriver(orm, dialect, options.onQuery, preparedStatements, reader);
  const watches = new Map<string, ChangeWatch>();
  return {
    orm,
    dialect,
    direct,
    em: () => orm.em.fork(),
    watch: (channel) => {
      let watch = watches.get(channel);
      if (!watch) watches.set(channel, (watch = openWatch(channel)));
      return watch;
    },
    noteChange: (channel) => watches.get(channel)?.changed(),
    isConnected: () => orm.isConnected(),
    close: async () => {
      await Promise.all([...watches.values()].map((watch) => watch.close()));
      watches.clear();
      direct.close();
      // Before the writer closes: its close checkpoints what is left and removes the log.
      await checkpointer?.close();
      await orm.close(true);
    },
  };
}

/**
 * SQLite settings for a server workload: enforce foreign keys (off by default in SQLite), write
 * through a write-ahead log so readers never block the writer, and wait for a lock instead of
 * failing at once. `secure_delete` overwrites deleted and replaced content with zeros, so that an
 * erased customer's data does not linger in free space of the database file (privacy/,
 * docs/security/privacy.md). It mostly zeroes space in pages SQLite writes anyway, plus the pages
 * a delete frees: on an ingest and outbox-prune micro-benchmark, runs with and without it were
 * within each other's noise.
 *
 * `synchronous = NORMAL` in WAL mode: a commit survives the process dying at once, but an OS crash
 * or power loss may lose the transactions committed since the last checkpoint (SQLite syncs the
 * log at checkpoints, not at each commit); FULL would fsync every commit, about 5 ms each on this
 * project's machines, the whole budget of an inbound email. `temp_store = MEMORY` keeps the
 * transient tables of a statement (an `IN (select … limit)`, the rows of `RETURNING`, a sort
 * without an index) in memory instead of a temporary file created and removed each time: the
 * outbox's claim (`update … returning`) went from about 0.8 ms of CPU to 0.02–0.1 ms
 * (bench/emailIngest.ts, docs/benchmarks.md). No data lives there between statements.
 *
 * On a file, the log is checkpointed by a thread of its own (SqliteCheckpointer), so the writers'
 * `wal_autocheckpoint` only bounds the log should that thread stop.
 *
 * `cache_size` keeps {@link SQLITE_CACHE_KIB} of pages per connection instead of SQLite's 2 MB: a
 * statement over a hundred thousand customers reads their pages, their scores' and their activity's,
 * and with 2 MB every other statement in between had evicted them (a defined segment's insert at
 * 100,000 customers: 25 ms, 19.6 ms with 32 MB, the same as with 64 MB; docs/benchmarks.md).
 */
interface SqlitePragmas {
  pragma(sql: string): unknown;
}

function sqlitePragmas(connection: SqlitePragmas, done: (error: Error | null, connection: unknown) => void, checkpointedElsewhere: boolean): void {
  try {
    connection.pragma('foreign_keys = ON');
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.pragma('busy_timeout = 5000');
    connection.pragma('secure_delete = ON');
    connection.pragma('temp_store = MEMORY');
    connection.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    if (checkpointedElsewhere) connection.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
    done(null, connection);
  } catch (error) {
    done(error as Error, connection);
  }
}

/** MikroORM's query log lines carry a prefix and a timing suffix; keep the SQL. */
function stripLogDecoration(message: string): string {
  return message.replace(/^\[query\]\s*/, '').replace(/\s*\[took \d+ ms.*$/, '');
}
