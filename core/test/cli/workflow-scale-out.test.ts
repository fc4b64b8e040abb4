import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { DisabledAuditLog } from '../../src/audit/DisabledAuditLog.js';
import { WorkflowStore } from '../../src/workflows/WorkflowStore.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabases.js';
import { startServer, stopServer, waitFor, writeConfig } from './runCli.js';

const INSTANCES = 3;
const RUNS = 1_000;
const PLUGIN = '@fixtures/workflow-load';
/** Where seeded runs wait until every instance is up: far enough that none is due before. */
const PARKED = new Date('2100-01-01T00:00:00Z');

/** The fixture's log lines: `[pid, what, run id or idempotency key, epoch ms]`. */
function logOf(dir: string): string[][] {
  const file = path.join(dir, 'log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(' ')) : [];
}

/**
 * Inserts `count` runs of the fixture's `load` workflow, each for a customer of its own, as
 * `ctx.workflows.start()` does (WorkflowStore.insertRun), but parked: not due until released.
 * (The engine's own start() would also begin executing them in this process.)
 */
async function seedRuns(database: Database, count: number): Promise<string[]> {
  const now = new Date();
  const customers = Array.from({ length: count }, () => randomUUID());
  await SqlSession.transaction(database, async (sql) => {
    for (let i = 0; i < customers.length; i += 250) {
      const chunk = customers.slice(i, i + 250);
      await sql.run(
        `insert into customers (id, attributes, created_at, updated_at) values ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((id) => [id, '{}', sql.date(now), sql.date(now)]),
      );
    }
  });
  // Seeding, not a change anyone made: not audited.
  const store = new WorkflowStore(database, new DisabledAuditLog());
  const runIds = customers.map(() => randomUUID());
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      runIds.slice(i, i + 20).map((id, j) =>
        store.insertRun({ id, workflow: 'load', plugin: PLUGIN, customerId: customers[i + j]!, input: { customerId: customers[i + j]!, n: i + j }, triggerEventId: null, startedAt: now }),
      ),
    );
  }
  const sql = SqlSession.autocommit(database);
  await sql.run('update workflow_runs set wake_at = ?', [sql.date(PARKED)]);
  return runIds;
}

// PostgreSQL only: several processes on one database is what it is for (an embedded SQLite file
// belongs to one process).
describe('several rapport start processes on one PostgreSQL database', () => {
  let database: TestDatabase | undefined;
  let logDir: string | undefined;
  afterEach(async () => {
    await database?.destroy();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  it(`share ${RUNS} runs, and every step and every timer runs on exactly one of ${INSTANCES} instances`, { timeout: 120_000 }, async () => {
    database = createTestDatabase('postgresql');
    logDir = mkdtempSync(path.join(tmpdir(), 'rapport-wf-load-'));
    const seeding = await database.open();
    let runIds: string[];
    try {
      await new MigrationRunner(seeding).run(CORE_OWNER, CORE_MIGRATIONS);
      runIds = await seedRuns(seeding, RUNS);
    } finally {
      await seeding.close();
    }

    const dir = path.dirname(writeConfig({}));
    const file = writeConfig({
      server: { host: '127.0.0.1', port: 0 },
      plugins: [`./${path.relative(dir, path.join(FIXTURES, 'workflow-load-js'))}`],
      pluginSettings: { [PLUGIN]: { logDir, sleep: 'PT1S' } },
      // Short leases: an execution that outlived its lease would be claimed again by another
      // instance, which this test would catch as a step logged twice.
      workflows: { pollIntervalMs: 50, leaseMs: 5_000 },
    });
    const args = ['--config', file, '--database', database.url];
    const servers = await Promise.all(Array.from({ length: INSTANCES }, () => startServer(args)));
    let codes: (number | null)[];
    try {
      // Every instance is up: make all runs due at once.
      const releasing = await database.open();
      try {
        const sql = SqlSession.autocommit(releasing);
        await sql.run('update workflow_runs set wake_at = ?', [sql.date(new Date())]);
      } finally {
        await releasing.close();
      }
      await waitFor(`${RUNS} runs to reach step b`, () => (logOf(logDir!).filter((line) => line[1] === 'b').length >= RUNS ? true : undefined), 90_000);
    } finally {
      codes = await Promise.all(servers.map((server) => stopServer(server.child)));
    }
    expect(codes).toEqual(servers.map(() => 0));

    const log = logOf(logDir);
    const pids = new Set(servers.map((server) => String(server.child.pid)));
    expect(log.every((line) => pids.has(line[0]!))).toBe(true);
    // Exactly one execution of each step body, and one delivery, per run: nothing lost, nothing twice.
    const byKey = (what: string) => log.filter((line) => line[1] === what).map((line) => line[2]!);
    const expected = [...runIds].sort();
    for (const what of ['a', 'b']) expect(byKey(what).sort()).toEqual(expected);
    expect(byKey('send').sort()).toEqual(expected.map((id) => `${id}:hello`).sort());
    // The work was shared: more than one instance ran steps after the timer.
    const bPids = new Set(log.filter((line) => line[1] === 'b').map((line) => line[0]));
    expect(bPids.size).toBeGreaterThan(1);

    const checking = await database.open();
    try {
      const sql = SqlSession.autocommit(checking);
      const runs = await sql.all<{ status: string; n: unknown }>('select status, count(*) as n from workflow_runs group by status');
      expect(runs.map((row) => [row.status, Number(row.n)])).toEqual([['COMPLETED', RUNS]]);
      const steps = await sql.all<{ name: string; n: unknown }>(
        "select name, count(*) as n from workflow_steps where status = 'COMPLETED' and attempts = 1 group by name order by name",
      );
      expect(steps.map((row) => [row.name, Number(row.n)])).toEqual([
        ['a', RUNS],
        ['b', RUNS],
        ['hello', RUNS],
        ['nap', RUNS],
      ]);
    } finally {
      await checking.close();
    }
  });
});
