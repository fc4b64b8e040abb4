import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/persistence/openDatabase.js';
import { TEST_DATABASES, TEST_POSTGRES_URL, type TestDatabaseKind } from '../support/testDatabases.js';
import { ADMIN_HEADERS, runCli, runCliInProcess, startServer, stopServer, writeConfig } from './runCli.js';

const CLI_TIMEOUT = 60_000;

/** A PostgreSQL statement on the test server's `test` database. */
async function onTestDatabase(sql: string): Promise<unknown[]> {
  const admin = await openDatabase(TEST_POSTGRES_URL, { baseDir: process.cwd() });
  try {
    return await admin.orm.em.getConnection().execute(sql);
  } finally {
    await admin.close();
  }
}

/**
 * A deployment whose database is not there: on PostgreSQL a database the server does not have,
 * on SQLite a file in a directory that does not exist. `what` is the part the error must name.
 */
function missingDatabase(kind: TestDatabaseKind): { url: string; what: string; exists(config: string): Promise<boolean>; remove(): Promise<void> } {
  if (kind === 'postgresql') {
    const name = `rapport_missing_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      what: `the database "${name}" does not exist`,
      exists: async () => (await onTestDatabase(`select 1 from pg_database where datname = '${name}'`)).length === 1,
      // The server has stopped, so nothing holds a connection to it.
      remove: async () => void (await onTestDatabase(`drop database if exists "${name}"`)),
    };
  }
  return {
    url: 'sqlite:./typo/rapport.db',
    what: 'the directory ',
    exists: async (config) => existsSync(path.join(path.dirname(config), 'typo', 'rapport.db')),
    remove: async () => undefined,
  };
}

describe.each(TEST_DATABASES)('a database that does not exist, on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('is refused by start and migrate with exit 2 and one line naming database.url and the database', { timeout: CLI_TIMEOUT }, async () => {
    const missing = missingDatabase(kind);
    cleanups.push(missing.remove);
    const config = writeConfig({ server: { host: '127.0.0.1', port: 0 }, database: { url: missing.url } });
    for (const command of ['start', 'migrate']) {
      const { code, stdout, stderr } = await (command === 'start' ? runCli : runCliInProcess)([command, '--config', config]);
      expect(code, `${command}: ${stderr}`).toBe(2);
      expect(stderr.endsWith('\n')).toBe(true);
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^rapport: ${escape(config)}: database\\.url: `));
      expect(lines[0]).toContain(missing.what);
      expect(lines[0]).toContain('--create-database');
      expect(stdout).not.toContain('Rapport ready');
      expect(await missing.exists(config)).toBe(false);
    }
  });

  it('is created and served with --create-database', { timeout: CLI_TIMEOUT }, async () => {
    const missing = missingDatabase(kind);
    const config = writeConfig({ server: { host: '127.0.0.1', port: 0 }, database: { url: missing.url } });
    cleanups.push(missing.remove);
    const server = await startServer(['--config', config, '--create-database']);
    try {
      expect(await missing.exists(config)).toBe(true);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ADMIN_HEADERS },
        body: JSON.stringify({ query: '{ customers { totalCount } }' }),
      });
      expect(await response.json()).toEqual({ data: { customers: { totalCount: 0 } } });
    } finally {
      expect(await stopServer(server.child)).toBe(0);
    }
    // Once it exists, it is served without the flag.
    const again = await runCliInProcess(['migrate', '--config', config]);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe('@rapport/core: up to date\n');
  });
});

describe('the default SQLite directory', () => {
  it('creates .rapport/ next to the config file, and nothing else', { timeout: CLI_TIMEOUT }, async () => {
    const config = writeConfig({ server: { host: '127.0.0.1', port: 0 } });
    const { code, stderr } = await runCliInProcess(['migrate', '--config', config]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(existsSync(path.join(path.dirname(config), '.rapport', 'rapport.db'))).toBe(true);
  });

  it('names the directory that is missing, also for an absolute path, and creates none of it', { timeout: CLI_TIMEOUT }, async () => {
    const root = `/rapport-nonexistent-${randomUUID().slice(0, 8)}`;
    const config = writeConfig({ database: { url: `sqlite:${root}/a/b.db` } });
    const { code, stderr } = await runCliInProcess(['migrate', '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `rapport: ${config}: database.url: the directory ${root}/a of the SQLite file does not exist; ` +
        `check the path (a relative one is relative to the config file's directory), create the directory, or run with --create-database\n`,
    );
    expect(existsSync(root)).toBe(false);
  });
});

describe('settings of a plugin that is not listed', () => {
  it('stop start with exit 2, naming the field and the listed plugins', { timeout: CLI_TIMEOUT }, async () => {
    const config = writeConfig({ server: { host: '127.0.0.1', port: 0 }, pluginSettings: { '@x/not-loaded': { a: 1 } } });
    const { code, stderr } = await runCli(['start', '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `rapport: Invalid configuration:\n${config}: pluginSettings.@x/not-loaded: are settings for a plugin that is not in "plugins" (no plugins are listed); ` +
        'add the plugin to "plugins" or remove its settings\n',
    );
    expect(existsSync(path.join(path.dirname(config), '.rapport'))).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
