import type { Logger } from 'pino';
import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { errorMessage } from '../util/errorMessage.js';

/**
 * After an erasure commits, makes the old row versions unreadable in the database's files too
 * (docs/security/privacy.md, "In the database files").
 *
 * - SQLite runs with `secure_delete` on (openDatabase.ts), so the pages the erasure wrote hold
 *   zeros where the personal data was, in the table, its indexes and the freed pages alike. The
 *   write-ahead log still holds the pages as they were before: a TRUNCATE checkpoint copies the
 *   new pages into the database file and empties the log.
 * - PostgreSQL keeps the old versions of changed rows (dead tuples) in the tables and indexes
 *   until a VACUUM removes them: the erasure's tables are vacuumed now, indexes included, rather
 *   than whenever autovacuum gets to them. VACUUM marks the space free but does not overwrite it,
 *   and the write-ahead log segments and base backups keep what they hold until they are
 *   recycled; the documentation says so.
 *
 * Never throws: the erasure is committed, and what this cleans up also goes in time on its own
 * (the next checkpoint, autovacuum). A failure is logged.
 */
export async function scrubDatabaseFiles(database: Database, tables: readonly string[], logger: Logger): Promise<void> {
  const sql = SqlSession.autocommit(database);
  try {
    if (sql.dialect === 'sqlite') {
      const [result] = await sql.all<{ busy: number; log: number; checkpointed: number }>('pragma wal_checkpoint(TRUNCATE)');
      if (result && Number(result.busy) !== 0) {
        logger.warn({ component: 'privacy' }, 'after an erasure, the SQLite write-ahead log could not be emptied (a reader held it); the next checkpoint will');
      }
    } else {
      // One statement for all tables; VACUUM cannot run in a transaction, and this session has none.
      await sql.run(`vacuum (index_cleanup on) ${[...new Set(tables)].join(', ')}`);
    }
  } catch (error) {
    logger.warn({ component: 'privacy', err: { message: errorMessage(error) } }, `after an erasure, cleaning up old row versions failed: ${errorMessage(error)}`);
  }
}
