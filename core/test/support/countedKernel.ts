import { afterEach } from 'vitest';
import { pino } from 'pino';
import { createKernel, type Kernel, type KernelOptions } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './testDatabases.js';

/** A migrated test database whose statements are listed as they run, and a kernel on it. */
export interface CountedDatabase {
  database: Database;
  /** Every statement so far; empty it (`length = 0`) to count from a point. */
  statements: string[];
  /** A kernel with no plugins on the database, its host loaded; a second call is a second instance on the same database. */
  kernel(events: KernelOptions['events']): Promise<Kernel>;
}

/** Fresh counted databases of `kind` for the tests of a suite, closed (kernel first) after each test. */
export function useCountedDatabases(kind: TestDatabaseKind): () => Promise<CountedDatabase> {
  let opened: { testDatabase: TestDatabase; database?: Database; kernels: Kernel[] } | undefined;
  afterEach(async () => {
    for (const kernel of opened?.kernels ?? []) await kernel.dispatcher.stop();
    await opened?.database?.close();
    await opened?.testDatabase.destroy();
    opened = undefined;
  });
  return async () => {
    const statements: string[] = [];
    const current: NonNullable<typeof opened> = (opened = { testDatabase: createTestDatabase(kind), kernels: [] });
    const database = (current.database = await current.testDatabase.open({ onQuery: (sql) => statements.push(sql) }));
    await migrateAll(database, []);
    return {
      database,
      statements,
      async kernel(events) {
        const kernel = createKernel({ logger: pino({ level: 'silent' }), database, events });
        current.kernels.push(kernel);
        await kernel.host.load({ entries: [], baseDir: process.cwd(), configFile: 'test', settings: {} });
        return kernel;
      },
    };
  };
}
