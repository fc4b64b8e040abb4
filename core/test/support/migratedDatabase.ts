import { afterEach } from 'vitest';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import type { SqlSession } from '../../src/persistence/SqlSession.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './testDatabases.js';

/**
 * For a `describe` block: a function that opens a fresh test database with the core's migrations
 * (no plugins), which is closed and destroyed after each test. `options` go to the database's
 * opening (e.g. `onQuery`, to see the statements run).
 */
export function useMigratedDatabase(kind: TestDatabaseKind): (options?: Parameters<TestDatabase['open']>[0]) => Promise<Database> {
  let testDatabase: TestDatabase | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await testDatabase?.destroy();
    database = testDatabase = undefined;
  });
  return async (options) => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open(options);
    await migrateAll(database, []);
    return database;
  };
}

/** Customers with nothing but an id, created at `at`: for rows that must name an existing customer. */
export async function insertCustomers(sql: SqlSession, ids: readonly string[], at: Date): Promise<void> {
  for (const id of ids) await sql.run('insert into customers (id, attributes, created_at, updated_at) values (?, ?, ?, ?)', [id, sql.json({}), sql.date(at), sql.date(at)]);
}
