import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseOpenError } from './DatabaseOpenError.js';

/** The directory next to the config file that holds a deployment's SQLite file by default. */
export const DEFAULT_SQLITE_DIRECTORY = '.rapport';

/**
 * Makes sure the directory of a SQLite file exists. A missing directory is created only when it
 * is the default `.rapport/` next to the config file, or when `create` is asked for: a mistyped
 * path must not quietly grow a directory tree (from `/`, even) and start an empty CRM in it.
 */
export function ensureSqliteDirectory(file: string, baseDir: string, create: boolean): void {
  const dir = path.dirname(file);
  if (existsSync(dir)) return;
  if (create) {
    mkdirSync(dir, { recursive: true });
    return;
  }
  // Not recursive: the config file's own directory must be there already.
  if (dir === path.join(path.resolve(baseDir), DEFAULT_SQLITE_DIRECTORY) && existsSync(baseDir)) {
    mkdirSync(dir);
    return;
  }
  throw new DatabaseOpenError('missing-directory', `the directory ${dir} of the SQLite file does not exist`, dir);
}
