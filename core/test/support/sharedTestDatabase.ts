import { afterEach } from 'vitest';
import type { Database } from '../../src/persistence/openDatabase.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './testDatabases.js';

/**
 * For a `describe` block: each test gets a fresh test database of `kind` that it may open more
 * than once (each open is another connection, as another instance or process would hold);
 * every connection is closed and the database destroyed after the test.
 */
export function useSharedTestDatabase(kind: TestDatabaseKind): { open(): Promise<Database> } {
  let testDatabase: TestDatabase | undefined;
  const opened: Database[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    await testDatabase?.destroy();
    testDatabase = undefined;
  });
  return {
    async open() {
      testDatabase ??= createTestDatabase(kind);
      const database = await testDatabase.open();
      opened.push(database);
      return database;
    },
  };
}
