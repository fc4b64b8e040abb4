import { RapportError } from '@rapport/sdk';

/**
 * Why a database could not be opened. The CLI turns each kind into one line naming the config
 * file and the field the URL came from, so the persistence layer only says what it found.
 *
 * - `invalid-url`: the URL cannot be parsed (a port that is not a number, say).
 * - `missing-database`: the PostgreSQL server answers, but the database does not exist.
 * - `missing-directory`: the SQLite file's directory does not exist.
 * - `unreachable`: the server did not answer within the connect timeout.
 * - `refused`: the server answered and refused us (authentication, permissions).
 */
export type DatabaseOpenFailure = 'invalid-url' | 'missing-database' | 'missing-directory' | 'unreachable' | 'refused';

/** The configured database could not be opened; `message` says what was found and what to do. */
export class DatabaseOpenError extends RapportError {
  constructor(
    readonly failure: DatabaseOpenFailure,
    message: string,
    /** The database or directory concerned, when there is one. */
    readonly subject?: string,
    options?: { cause?: unknown },
  ) {
    super('CONFIG_INVALID', message, options);
  }
}
