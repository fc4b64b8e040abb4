import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/persistence/openDatabase.js';

/** The PostgreSQL server the tests use (trust auth, database `test`); override with RAPPORT_TEST_POSTGRES_URL. */
export const TEST_POSTGRES_URL = process.env.RAPPORT_TEST_POSTGRES_URL ?? 'postgres://127.0.0.1:5432/test';

/**
 * The databases every data-layer test runs against: a real SQLite file and the real PostgreSQL.
 * PostgreSQL is never skipped: a test that cannot reach it fails, under CI and locally alike.
 */
export const TEST_DATABASES = ['sqlite', 'postgresql'] as const;
export type TestDatabaseKind = (typeof TEST_DATABASES)[number];

/** A fresh, empty database of the given kind: a new SQLite file, or a new PostgreSQL schema. */
export interface TestDatabase {
  url: string;
  open(options?: { onQuery?: (sql: string) => void }): Promise<Database>;
  /** Removes the file or drops the schema. */
  destroy(): Promise<void>;
}

export function createTestDatabase(kind: TestDatabaseKind): TestDatabase {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'rapport-db-'));
    const url = `sqlite:${path.join(dir, 'rapport.db')}`;
    return {
      url,
      open: (options) => openDatabase(url, { baseDir: dir, ...options }),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `rapport_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const url = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  return {
    url,
    open: (options) => openDatabase(url, { baseDir: process.cwd(), ...options }),
    destroy: async () => {
      const admin = await openDatabase(TEST_POSTGRES_URL, { baseDir: process.cwd() });
      try {
        await admin.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
      } finally {
        await admin.close();
      }
    },
  };
}
