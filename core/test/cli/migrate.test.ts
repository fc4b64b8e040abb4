import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { openDatabase } from '../../src/persistence/openDatabase.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { TEST_POSTGRES_URL } from '../support/testDatabases.js';
import { runCliInProcess, writeConfig } from './runCli.js';

const CORE_APPLIED = CORE_MIGRATIONS.map((migration) => migration.name).join(', ');

/** A config in a new temporary directory with a SQLite file next to it and the given fixtures. */
function migrateConfig(dirs: string[]): string {
  const dir = path.dirname(writeConfig({}));
  const plugins = dirs.map((fixture) => `./${path.relative(dir, path.join(FIXTURES, fixture))}`);
  return writeConfig({ database: { url: 'sqlite:./.rapport/rapport.db' }, plugins });
}

describe('rapport migrate', () => {
  const schemas: string[] = [];
  afterEach(async () => {
    if (schemas.length === 0) return;
    const admin = await openDatabase(TEST_POSTGRES_URL, { baseDir: process.cwd() });
    try {
      for (const schema of schemas.splice(0)) await admin.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
    } finally {
      await admin.close();
    }
  });

  it('applies the core and plugin migrations to the configured SQLite file, then finds them up to date', async () => {
    const config = migrateConfig(['migrations-plain-js', 'good-js']);
    const first = await runCliInProcess(['migrate', '--config', config]);
    expect(first).toEqual({
      code: 0,
      stdout: `@rapport/core: applied ${CORE_APPLIED}\n@fixtures/migrations-plain: applied 0001_create_tiers, 0002_add_points\n`,
      stderr: '',
    });
    expect(existsSync(path.join(path.dirname(config), '.rapport', 'rapport.db'))).toBe(true);
    const second = await runCliInProcess(['migrate', '--config', config]);
    expect(second).toEqual({ code: 0, stdout: '@rapport/core: up to date\n@fixtures/migrations-plain: up to date\n', stderr: '' });
  });

  it('migrates the database given with --database, here a PostgreSQL schema', async () => {
    const schema = `rapport_cli_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    schemas.push(schema);
    const url = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`;
    const config = migrateConfig(['migrations-plain-js']);
    const first = await runCliInProcess(['migrate', '--config', config, '--database', url]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(`@rapport/core: applied ${CORE_APPLIED}\n@fixtures/migrations-plain: applied 0001_create_tiers, 0002_add_points\n`);
    expect(first.code).toBe(0);
    // The SQLite file of the config was not touched.
    expect(existsSync(path.join(path.dirname(config), '.rapport'))).toBe(false);
    const second = await runCliInProcess(['migrate', '--config', config, '--database', url]);
    expect(second.stdout).toBe('@rapport/core: up to date\n@fixtures/migrations-plain: up to date\n');
  });

  it('prints every owner and exits with 2 when a plugin\'s migrations fail', async () => {
    const config = migrateConfig(['migrations-broken-js', 'migrations-plain-js']);
    const { code, stdout, stderr } = await runCliInProcess(['migrate', '--config', config]);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`@rapport/core: applied ${CORE_APPLIED}`);
    expect(lines[1]).toMatch(/^@fixtures\/migrations-broken: FAILED: Migration 0002_typo of @fixtures\/migrations-broken failed on sqlite and was rolled back: /);
    expect(lines[2]).toBe('@fixtures/migrations-plain: applied 0001_create_tiers, 0002_add_points');
    expect(code).toBe(2);
  });
});
