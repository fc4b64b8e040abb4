import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginLoadError, type PluginManifest } from '@rapport/sdk';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createKernel } from '../../src/kernel/createKernel.js';
import { openDatabase } from '../../src/persistence/openDatabase.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { readPluginMigrations, splitStatements } from '../../src/persistence/readPluginMigrations.js';
import { FIXTURES, manifestOf } from '../plugin-host/fixtures.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

const CORE_MIGRATION_NAMES = CORE_MIGRATIONS.map((migration) => migration.name);

/** The plugins as `rapport migrate` sees them: loaded and checked by a real plugin host. */
async function loadFixtures(dirs: string[]) {
  const database = await openDatabase('sqlite::memory:', { baseDir: FIXTURES });
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database });
  await kernel.host.load({ entries: dirs.map((dir) => `./${dir}`), baseDir: FIXTURES, configFile: 'rapport.config.json', settings: {} });
  await database.close();
  return kernel.host.loadedManifests();
}

describe.each(TEST_DATABASES)('plugin migrations on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  afterEach(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  it('applies the core, then each plugin in dependency order, tracked per owner, once', async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    // migrations-pair depends on migrations-plain and references its table, so it must run after.
    const plugins = await loadFixtures(['migrations-pair-js', 'good-js', 'invalid-manifest-js', 'migrations-plain-js']);
    expect(plugins.map((p) => p.name)).toEqual(['@fixtures/migrations-plain', '@fixtures/migrations-pair', '@fixtures/good']);

    expect(await migrateAll(database, plugins)).toEqual([
      { owner: CORE_OWNER, applied: CORE_MIGRATION_NAMES },
      { owner: '@fixtures/migrations-plain', applied: ['0001_create_tiers', '0002_add_points'] },
      { owner: '@fixtures/migrations-pair', applied: ['0001_create_visits'] },
    ]);
    const runner = new MigrationRunner(database);
    expect(await runner.applied('@fixtures/migrations-plain')).toEqual(['0001_create_tiers', '0002_add_points']);
    expect(await runner.applied('@fixtures/migrations-pair')).toEqual(['0001_create_visits']);
    expect(await runner.applied('@fixtures/good')).toEqual([]);

    const connection = database.orm.em.getConnection();
    await connection.execute("insert into fixture_visits (customer_id, visited_at) values ('c1', ?)", [kind === 'sqlite' ? Date.now() : new Date()]);
    expect(await connection.execute('select customer_id, tier, points from fixture_tiers')).toEqual([{ customer_id: 'c1', tier: 'gold', points: 0 }]);

    // The second run applies nothing and leaves the data alone.
    expect(await migrateAll(database, plugins)).toEqual([
      { owner: CORE_OWNER, applied: [] },
      { owner: '@fixtures/migrations-plain', applied: [] },
      { owner: '@fixtures/migrations-pair', applied: [] },
    ]);
    expect(await connection.execute('select count(*) as n from fixture_tiers')).toEqual([{ n: kind === 'sqlite' ? 1 : '1' }]);
    expect(await connection.execute('select count(*) as n from fixture_visits')).toEqual([{ n: kind === 'sqlite' ? 1 : '1' }]);
  });

  it('runs the file of its own dialect from a pair', async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    await migrateAll(database, await loadFixtures(['migrations-plain-js', 'migrations-pair-js']));
    const connection = database.orm.em.getConnection();
    if (kind === 'sqlite') {
      const columns: { name: string; type: string }[] = await connection.execute('pragma table_info(fixture_visits)');
      expect(columns.find((c) => c.name === 'visited_at')?.type).toBe('datetime');
    } else {
      const columns = await connection.execute(
        "select data_type from information_schema.columns where table_schema = current_schema() and table_name = 'fixture_visits' and column_name = 'visited_at'",
      );
      expect(columns).toEqual([{ data_type: 'timestamp with time zone' }]);
    }
  });

  it('records a plugin\'s failure and carries on with the other plugins', async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    const plugins = await loadFixtures(['migrations-broken-js', 'migrations-missing-dir-js', 'migrations-plain-js']);
    const report = await migrateAll(database, plugins);
    expect(report).toEqual([
      { owner: CORE_OWNER, applied: CORE_MIGRATION_NAMES },
      {
        owner: '@fixtures/migrations-broken',
        applied: ['0001_create_notes'],
        error: expect.stringMatching(new RegExp(`^Migration 0002_typo of @fixtures/migrations-broken failed on ${kind} and was rolled back: `)),
      },
      {
        owner: '@fixtures/migrations-missing-dir',
        applied: [],
        error:
          `${manifestOf('migrations-missing-dir-js')}: rapport.migrations: names "db/migrations" ` +
          `(${path.join(FIXTURES, 'migrations-missing-dir-js', 'db/migrations')}), which does not exist. ` +
          'Create the directory, or remove the field if the plugin has no migrations.',
      },
      { owner: '@fixtures/migrations-plain', applied: ['0001_create_tiers', '0002_add_points'] },
    ]);
    const runner = new MigrationRunner(database);
    expect(await runner.applied('@fixtures/migrations-broken')).toEqual(['0001_create_notes']);
    // The failing migration was rolled back whole, its first statement included.
    const halfDone = await database.orm.em.getConnection().execute(
      kind === 'sqlite'
        ? "select name from sqlite_master where name = 'fixture_half_done'"
        : "select tablename from pg_tables where tablename = 'fixture_half_done' and schemaname = current_schema()",
    );
    expect(halfDone).toEqual([]);
    // A later run retries only what is still pending, and fails the same way.
    expect((await migrateAll(database, plugins)).map(({ owner, applied, error }) => [owner, applied, error !== undefined])).toEqual([
      [CORE_OWNER, [], false],
      ['@fixtures/migrations-broken', [], true],
      ['@fixtures/migrations-missing-dir', [], true],
      ['@fixtures/migrations-plain', [], false],
    ]);
  });

  it('throws when a core migration fails', async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    // A table in the core's way makes 0001_core_schema fail.
    await database.orm.em.getConnection().execute('create table customers (id integer)');
    await expect(migrateAll(database, await loadFixtures(['migrations-plain-js']))).rejects.toThrow(
      new RegExp(`^Migration 0001_core_schema of @rapport/core failed on ${kind} and was rolled back: `),
    );
  });
});

describe('readPluginMigrations', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A plugin package in a temporary directory whose `migrations/` holds `files`. */
  function pluginWith(files: Record<string, string>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'rapport-migrations-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'migrations'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'migrations', name), text);
    const manifest = { name: '@acme/loyalty', version: '1.0.0', engines: { rapport: '^1.0.0' }, rapport: { activationEvents: [], migrations: 'migrations' } } as PluginManifest;
    const read = () => readPluginMigrations(dir, manifest, path.join(dir, 'package.json'));
    return { file: (name: string) => path.join(dir, 'migrations', name), read };
  }

  it('reads plain files and pairs, in name order, ignoring other files', async () => {
    const plugin = pluginWith({
      '0002_index.sqlite.sql': 'create index a on t (x);',
      '0010_later.sql': 'select 1;',
      '0001_create.sql': '-- the table\ncreate table t (\n  x integer\n);\n\n',
      '0002_index.postgresql.sql': 'create index concurrently a on t (x);',
      'README.md': 'not a migration',
    });
    expect(await plugin.read()).toEqual([
      { name: '0001_create', sqlite: ['create table t (\n  x integer\n)'], postgresql: ['create table t (\n  x integer\n)'] },
      { name: '0002_index', sqlite: ['create index a on t (x)'], postgresql: ['create index concurrently a on t (x)'] },
      { name: '0010_later', sqlite: ['select 1'], postgresql: ['select 1'] },
    ]);
  });

  it('has no migrations without the field', async () => {
    const manifest = { name: '@acme/none', version: '1.0.0', engines: { rapport: '^1.0.0' }, rapport: { activationEvents: [] } } as PluginManifest;
    expect(await readPluginMigrations('/nowhere', manifest, '/nowhere/package.json')).toEqual([]);
  });

  it('names the file and the fix of a dialect file without its twin', async () => {
    const plugin = pluginWith({ '0001_create.postgresql.sql': 'create table t (x integer);' });
    const error = await plugin.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginLoadError);
    expect(error).toMatchObject({
      plugin: '@acme/loyalty',
      message:
        `${plugin.file('0001_create.postgresql.sql')} has no twin 0001_create.sqlite.sql. Add it, ` +
        'or rename the file to 0001_create.sql if the same SQL runs on SQLite and PostgreSQL.',
    });
  });

  it('names both files of a migration that is plain and dialect-specific at once', async () => {
    const plugin = pluginWith({ '0001_create.sql': 'select 1;', '0001_create.sqlite.sql': 'select 1;', '0001_create.postgresql.sql': 'select 1;' });
    await expect(plugin.read()).rejects.toThrow(
      `${plugin.file('0001_create.sql')} and ${plugin.file('0001_create.sqlite.sql')} both define migration 0001_create. ` +
        'Keep either 0001_create.sql for every database, or the pair 0001_create.sqlite.sql + 0001_create.postgresql.sql.',
    );
  });

  it('names an empty file', async () => {
    const plugin = pluginWith({ '0001_create.sql': 'select 1;', '0002_nothing.sql': '-- to do\n\n;\n' });
    await expect(plugin.read()).rejects.toThrow(
      `${plugin.file('0002_nothing.sql')} has no SQL statements. Write the migration's SQL in it, or delete the file.`,
    );
  });

  it('says when the directory is a file', async () => {
    const plugin = pluginWith({});
    rmSync(path.dirname(plugin.file('x')), { recursive: true });
    writeFileSync(path.dirname(plugin.file('x')), '');
    await expect(plugin.read()).rejects.toThrow(/: rapport\.migrations: names "migrations" \(.*\), which is not a directory\. Create the directory/);
  });
});

describe('splitStatements', () => {
  it('splits at a semicolon that ends a line, and drops comment lines and blank statements', () => {
    const sql = [
      '-- header comment',
      'create table t (',
      "  note text default 'a;b',  ",
      '  -- a comment inside',
      '  x integer',
      ');   ',
      ';',
      '',
      "insert into t (note) values ('one; two');",
      'select 1',
    ].join('\r\n');
    expect(splitStatements(sql)).toEqual(["create table t (\r\n  note text default 'a;b',  \r\n  x integer\r\n)".replaceAll('\r\n', '\n'), "insert into t (note) values ('one; two')", 'select 1']);
  });
});
