import os from 'node:os';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/persistence/openDatabase.js';
import { postgresMaintenanceWarning } from '../../src/persistence/postgresMaintenance.js';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/testDatabases.js';

/** The server's own settings, read on a connection of the test's, not through the code under test. */
async function serverSettings(): Promise<Record<string, string>> {
  const url = new URL(TEST_POSTGRES_URL);
  url.username ||= process.env.PGUSER ?? os.userInfo().username;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>("select name, setting from pg_settings where name in ('autovacuum', 'track_counts')");
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  } finally {
    await client.end();
  }
}

describe('the startup warning about a PostgreSQL that does not maintain its tables', () => {
  let testDatabase: TestDatabase | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await testDatabase?.destroy();
  });

  it('names each maintenance setting that is off, and says nothing when both are on', async () => {
    testDatabase = createTestDatabase('postgresql');
    database = await testDatabase.open();
    const settings = await serverSettings();
    const warning = await postgresMaintenanceWarning(database);
    const off = Object.entries(settings).filter(([, value]) => value === 'off');
    if (off.length === 0) {
      expect(warning).toBeUndefined();
    } else {
      for (const [name] of off) expect(warning).toContain(`${name} = off`);
      expect(warning).toContain('VACUUM (ANALYZE)');
      expect(warning).toContain('docs/configuration.md#database');
    }
  });

  it('has nothing to say about SQLite', async () => {
    testDatabase = createTestDatabase('sqlite');
    database = await testDatabase.open();
    expect(await postgresMaintenanceWarning(database)).toBeUndefined();
  });
});
