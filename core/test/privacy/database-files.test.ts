import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { createPrivacyHarness, type PrivacyHarness } from './privacyHarness.js';
import { PERSONAL, seedCustomer } from './seedCustomer.js';

const PLUGINS = ['workflow-survey-js', 'privacy-notes-js', 'customer-data-js'];

/** Which of the personal strings occur in the raw bytes of the database, its WAL and its shared memory. */
function foundIn(databaseFile: string): string[] {
  const found: string[] = [];
  for (const file of [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const [what, value] of Object.entries(PERSONAL)) if (bytes.includes(Buffer.from(value, 'utf8'))) found.push(`${what} in ${file.slice(databaseFile.length) || 'the database'}`);
  }
  return found;
}

describe('erasure in the database files', () => {
  let h: PrivacyHarness;
  afterEach(() => h.close());

  it('on SQLite, leaves none of the erased name, addresses, message text, subject, attribute or metadata in the database file, its WAL or its shared memory', async () => {
    h = await createPrivacyHarness('sqlite', PLUGINS);
    const seeded = await seedCustomer(h);
    const file = h.harness.testDatabase.url.slice('sqlite:'.length);
    // Written, and still there: every string is in the files before (the WAL holds the newest pages).
    expect(foundIn(file).map((place) => place.split(' in ')[0]).sort()).toEqual(expect.arrayContaining(Object.keys(PERSONAL).sort()));

    const erased = await h.gql('mutation ($id: ID!) { eraseCustomer(id: $id) }', { id: seeded.id });
    expect(erased).toEqual({ data: { eraseCustomer: true } });

    expect(foundIn(file)).toEqual([]);
  });

  it('on PostgreSQL, leaves none of it in any row of any table', async () => {
    h = await createPrivacyHarness('postgresql', PLUGINS);
    const seeded = await seedCustomer(h);
    const sql = SqlSession.autocommit(h.kernel.database);
    /** Which of the personal strings some row of some table holds, as `<what> in <table>`. */
    const foundInRows = async () => {
      const tables = await sql.all<{ name: string }>('select table_name as name from information_schema.tables where table_schema = current_schema()');
      const found: string[] = [];
      for (const { name } of tables) {
        const rows = (await sql.all<{ row: string }>(`select t::text as row from "${name}" t`)).map((row) => row.row).join('\n');
        for (const [what, value] of Object.entries(PERSONAL)) if (rows.includes(value)) found.push(`${what} in ${name}`);
      }
      return found;
    };
    expect(await foundInRows()).toContain('text in interactions');

    const erased = await h.gql('mutation ($id: ID!) { eraseCustomer(id: $id) }', { id: seeded.id });
    expect(erased).toEqual({ data: { eraseCustomer: true } });

    expect(await foundInRows()).toEqual([]);
  });
});
