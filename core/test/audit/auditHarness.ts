import { pino } from 'pino';
import { FakeClock } from '@rapport/sdk/testing';
import type { AuditEventRow } from '../../src/audit/AuditLog.js';
import { createKernel, type Kernel, type KernelOptions } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../support/testDatabases.js';

/** A secret of the length the config asks for. */
export const TEST_AUDIT_SECRET = 'test-audit-secret-0123456789abcdefghij';

/** The whole core on a fresh database, with fixture plugins started, for the audit tests. */
export interface AuditHarness {
  kernel: Kernel;
  database: Database;
  testDatabase: TestDatabase;
  clock: FakeClock;
  /** Every audit event, sealed or pending, in the order written. */
  events(): Promise<AuditEventRow[]>;
  /** Plain SQL on the database, as someone with direct access would run it. */
  execute(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface AuditHarnessOptions {
  plugins?: string[];
  settings?: Record<string, unknown>;
  audit?: KernelOptions['audit'];
  /** Another harness's database: this one is a second kernel on it, and leaves destroying it to that one. */
  database?: TestDatabase;
}

export async function createAuditHarness(kind: TestDatabaseKind, options: AuditHarnessOptions = {}): Promise<AuditHarness> {
  const testDatabase = options.database ?? createTestDatabase(kind);
  const database = await testDatabase.open();
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database, clock, audit: options.audit ?? { secret: TEST_AUDIT_SECRET } });
  await kernel.host.load({
    entries: (options.plugins ?? []).map((dir) => `./${dir}`),
    baseDir: FIXTURES,
    configFile: 'rapport.config.json',
    settings: options.settings ?? {},
  });
  await migrateAll(database, kernel.host.loadedManifests());
  await kernel.host.start();
  const execute = (sql: string, params: unknown[] = []) => database.orm.em.getConnection().execute<Record<string, unknown>[]>(sql, params);
  return {
    kernel,
    database,
    testDatabase,
    clock,
    execute,
    async events() {
      return (await kernel.audit.list({}, 100_000)).reverse();
    },
    async close() {
      await kernel.audit.stop();
      await kernel.workflows.stop();
      await kernel.dispatcher.stop();
      await kernel.host.stop();
      await database.close();
      if (!options.database) await testDatabase.destroy();
    },
  };
}

/**
 * Makes the database refuse outbox events of `type` with an error, so a write fails inside its
 * transaction after its audit event was written: what the rollback tests need.
 */
export async function refuseOutboxEvents(harness: AuditHarness, kind: TestDatabaseKind, type: string): Promise<void> {
  if (kind === 'sqlite') {
    await harness.execute(
      `create trigger refuse_outbox before insert on event_outbox when new.type = '${type}' begin select raise(abort, 'refused by the test'); end`,
    );
    return;
  }
  await harness.execute(
    `create function refuse_outbox() returns trigger language plpgsql as $$ begin if new.type = '${type}' then raise exception 'refused by the test'; end if; return new; end $$`,
  );
  await harness.execute('create trigger refuse_outbox before insert on event_outbox for each row execute function refuse_outbox()');
}
