import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernel, type Kernel, type KernelOptions } from '../../src/kernel/createKernel.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../support/testDatabases.js';

/** A kernel over a migrated test database, with a fake clock and every log line kept. */
export interface CredentialHarness {
  kernel: Kernel;
  database: Database;
  testDatabase: TestDatabase;
  clock: FakeClock;
  /** Every log line, as written. */
  logs: string[];
  /** Another kernel (another instance) on the same database, closed with the harness. */
  secondInstance(): Promise<Kernel>;
  /** Every row of the credential and audit tables, as one string, to look for secrets in. */
  storedText(): Promise<string>;
  /** SQLite: the bytes of the database file and its WAL, as latin1 text; empty on PostgreSQL. */
  fileText(): string;
  close(): Promise<void>;
}

export async function createCredentialHarness(kind: TestDatabaseKind, options: { auth?: KernelOptions['auth'] } = {}): Promise<CredentialHarness> {
  const testDatabase = createTestDatabase(kind);
  const database = await testDatabase.open();
  await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  const logs: string[] = [];
  const compose = (db: Database) =>
    createKernel({ logger: pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) }), database: db, clock, auth: options.auth });
  const kernel = compose(database);
  const others: Database[] = [];
  return {
    kernel,
    database,
    testDatabase,
    clock,
    logs,
    async secondInstance() {
      const other = await testDatabase.open();
      others.push(other);
      return compose(other);
    },
    async storedText() {
      const rows = [];
      for (const table of ['api_keys', 'users', 'sessions', 'audit_events']) {
        rows.push(...(await database.orm.em.getConnection().execute(`select * from ${table}`)));
      }
      return JSON.stringify(rows);
    },
    fileText() {
      if (kind !== 'sqlite') return '';
      const dir = path.dirname(testDatabase.url.slice('sqlite:'.length));
      return readdirSync(dir)
        .map((file) => readFileSync(path.join(dir, file)).toString('latin1'))
        .join('\n');
    },
    async close() {
      for (const other of others) await other.close();
      await database.close();
      await testDatabase.destroy();
    },
  };
}

/** Polls `probe` until it gives a value (not undefined); for writes made off the request's path. */
export async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    if (attempt > 400) throw new Error('the value never came');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
