import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createKernel } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';
import { FIXTURES } from './fixtures.js';

const source = { entries: ['./good-js'], baseDir: FIXTURES, configFile: 'rapport.config.json', settings: {} };

describe.each(TEST_DATABASES)('operator choices survive a restart on %s', (kind) => {
  let testDatabase: TestDatabase;
  afterEach(() => testDatabase.destroy());

  /** One process's life: open the database, load and start the plugins, act, stop. */
  async function runProcess(act: (host: ReturnType<typeof createKernel>['host']) => Promise<void>): Promise<void> {
    const database = await testDatabase.open();
    try {
      const kernel = createKernel({ logger: pino({ level: 'silent' }), database });
      await kernel.host.load(source);
      await migrateAll(database, kernel.host.loadedManifests());
      await kernel.host.start();
      await act(kernel.host);
      await kernel.host.stop();
    } finally {
      await database.close();
    }
  }

  it('keeps a plugin disabled by an operator disabled when the host starts again on the same database', async () => {
    testDatabase = createTestDatabase(kind);
    await runProcess(async (host) => {
      expect(host.status('@fixtures/good').state).toBe('ACTIVE');
      await host.setEnabled('@fixtures/good', false);
    });
    await runProcess(async (host) => {
      expect(host.status('@fixtures/good').state).toBe('DISABLED');
      await host.setEnabled('@fixtures/good', true);
    });
    await runProcess(async (host) => {
      expect(host.status('@fixtures/good').state).toBe('ACTIVE');
    });
  });
});
