import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@rapport/sdk';
import type { Logger } from 'pino';
import { ConfigFieldError } from '../config/ConfigFieldError.js';
import type { RapportConfig } from '../config/RapportConfig.js';
import { DatabaseOpenError } from '../persistence/DatabaseOpenError.js';
import { openDatabase, type Database } from '../persistence/openDatabase.js';
import type { ConnectRetry } from '../persistence/postgresDatabase.js';

/** Options of {@link openConfiguredDatabase}. */
export interface OpenConfiguredDatabaseOptions {
  /**
   * For commands that only look: a SQLite file or PostgreSQL database that does not exist yet is
   * not created, an empty in-memory database stands in for it.
   */
  inspect?: boolean;
  /** Create a missing PostgreSQL database or SQLite directory (`--create-database`, `--demo`). */
  createDatabase?: boolean;
}

/**
 * Opens the configured database. Whatever stops it (a missing database or directory, a server
 * that does not answer within `database.connectTimeout`, a URL that does not parse) becomes one
 * line naming where the URL was set (the config file's `database.url`, `RAPPORT_DATABASE_URL` or
 * `--database`) and the cause.
 */
export async function openConfiguredDatabase(config: RapportConfig, logger: Logger, options: OpenConfiguredDatabaseOptions = {}): Promise<Database> {
  let url = config.database.url;
  if (options.inspect && url.startsWith('sqlite:') && url !== 'sqlite::memory:') {
    if (!existsSync(path.resolve(config.baseDir, url.slice('sqlite:'.length)))) url = 'sqlite::memory:';
  }
  try {
    return await openDatabase(url, {
      baseDir: config.baseDir,
      logger,
      create: options.createDatabase === true,
      connectTimeoutMs: config.database.connectTimeoutMs,
      onConnectRetry: (retry) => reportRetry(retry, config, logger),
    });
  } catch (error) {
    if (options.inspect && error instanceof DatabaseOpenError && error.failure === 'missing-database') {
      return openDatabase('sqlite::memory:', { baseDir: config.baseDir, logger });
    }
    const { file, field } = config.database.urlFrom;
    throw new ConfigFieldError({ file, field, message: explain(error, config) }, { cause: error });
  }
}

/** What was found, and what to do about it. */
function explain(error: unknown, config: RapportConfig): string {
  // A query parameter of the URL the driver cannot take (`preparedStatements=sometimes`).
  if (error instanceof ConfigError) return error.problems.map((problem) => problem.message).join('; ');
  if (!(error instanceof DatabaseOpenError)) {
    return `cannot open the database: ${((error as Error).message ?? String(error)).split('\n').join(' ')}`;
  }
  switch (error.failure) {
    case 'missing-database':
      return `${error.message}; check the name in the URL, or create it with "rapport start --create-database" (or "rapport migrate --create-database")`;
    case 'missing-directory':
      return `${error.message}; check the path (a relative one is relative to the config file's directory), create the directory, or run with --create-database`;
    case 'unreachable':
      return `${error.message}; gave up after database.connectTimeout (${config.database.connectTimeoutMs} ms): check that the server runs and the host and port are right`;
    default:
      return error.message;
  }
}

/** A retry is a warning with its attempt number; a command that logs nothing says it on stderr. */
function reportRetry(retry: ConnectRetry, config: RapportConfig, logger: Logger): void {
  const message = `database not reachable (attempt ${retry.attempt}), retrying in ${retry.delayMs} ms for up to database.connectTimeout (${config.database.connectTimeoutMs} ms): ${retry.cause}`;
  if (logger.isLevelEnabled('warn')) logger.warn({ component: 'database', ...retry }, message);
  else process.stderr.write(`rapport: warning: ${message}\n`);
}
