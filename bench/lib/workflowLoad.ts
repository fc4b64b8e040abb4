/**
 * Helpers of the workflow benchmark (bench/workflows.ts): seeding runs of the `load` workflow of
 * core/test/fixtures/plugins/workflow-load-js, running real `rapport start` instances on the
 * database, and reading back what they did.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';
import { DisabledAuditLog } from '../../core/src/audit/DisabledAuditLog.js';
import { WorkflowStore } from '../../core/src/workflows/WorkflowStore.js';
import { startRapportServer } from './serverProcess.js';

export const LOAD_PLUGIN = '@fixtures/workflow-load';
export const LOAD_PLUGIN_DIR = fileURLToPath(new URL('../../core/test/fixtures/plugins/workflow-load-js', import.meta.url));
/** Where seeded runs wait until every instance is up. */
const PARKED = new Date('2100-01-01T00:00:00Z');
/** How long an instance may take to report ready, and to exit after SIGTERM. */
const READY_TIMEOUT_MS = 60_000;
const EXIT_GRACE_MS = 30_000;

/** What seeded runs carry in their input besides the customer. */
export interface SeedOptions {
  /** Numbers the runs from here (`input.n`), so two batches of one measurement do not overlap. */
  firstN?: number;
  /** The i-th run's (0-based, in this batch) own timer: `input.sleepMs`, which the fixture prefers to its `sleep` setting. */
  sleepMs?: (i: number) => number;
}

/**
 * Inserts `count` runs of the `load` workflow, each for a customer of its own, exactly as
 * `ctx.workflows.start()` inserts them (WorkflowStore.insertRun), except that they are inserted
 * parked: started (and so due) in 2100, until {@link releaseRuns}. Instances may already be
 * running: a parked run is never due. The engine's own start() is not used: it would also execute
 * them here. Returns the run ids, in the order of `input.n`.
 */
export async function seedRuns(database: Database, count: number, options: SeedOptions = {}): Promise<string[]> {
  const now = new Date();
  const firstN = options.firstN ?? 0;
  const customers = Array.from({ length: count }, () => randomUUID());
  const runIds = customers.map(() => randomUUID());
  await SqlSession.transaction(database, async (sql) => {
    for (let i = 0; i < count; i += 250) {
      const chunk = customers.slice(i, i + 250);
      await sql.run(
        `insert into customers (id, attributes, created_at, updated_at) values ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((id) => [id, '{}', sql.date(now), sql.date(now)]),
      );
    }
  });
  // Seeding, not a change anyone made: not audited.
  const store = new WorkflowStore(database, new DisabledAuditLog());
  const concurrency = database.dialect === 'postgresql' ? 8 : 1;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const customerId = customers[i]!;
        const n = firstN + i;
        const input = { customerId, n, ...(options.sleepMs && { sleepMs: options.sleepMs(i) }) };
        await store.insertRun({ id: runIds[i]!, workflow: 'load', plugin: LOAD_PLUGIN, customerId, input, triggerEventId: null, startedAt: PARKED });
      }
    }),
  );
  return runIds;
}

/** Makes every parked run start, and be due, at `at`, in one statement. */
export async function releaseRuns(database: Database, at: Date): Promise<void> {
  const sql = SqlSession.autocommit(database);
  await sql.run("update workflow_runs set wake_at = ?, started_at = ?, updated_at = ? where status = 'RUNNING' and wake_at = ?", [
    sql.date(at),
    sql.date(at),
    sql.date(at),
    sql.date(PARKED),
  ]);
}

/** How many runs have finished, by status. */
export async function finishedRuns(database: Database): Promise<{ completed: number; failed: number }> {
  const rows = await SqlSession.autocommit(database).all<{ status: string; n: unknown }>(
    "select status, count(*) as n from workflow_runs where status in ('COMPLETED', 'FAILED', 'CANCELLED') group by status",
  );
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0);
  return { completed: count('COMPLETED'), failed: count('FAILED') + count('CANCELLED') };
}

/** What the database says about each run, for the figures. */
export interface RunTimes {
  id: string;
  /** When its timer was set (`nap.started_at`: when the execution reached the sleep). */
  sleptAt: number;
  /** When its timer was due (`nap.due_at`). */
  dueAt: number;
  /** When the step after the timer began (`hello.started_at`). */
  afterTimerAt: number;
  /** When its first step began. */
  firstStepAt: number;
  finishedAt: number;
}

export async function runTimes(database: Database): Promise<RunTimes[]> {
  const rows = await SqlSession.autocommit(database).all<Record<string, unknown>>(
    `select r.id, r.finished_at, a.started_at as a_started, nap.started_at as nap_started, nap.due_at as nap_due, hello.started_at as hello_started
       from workflow_runs r
       join workflow_steps a on a.run_id = r.id and a.name = 'a'
       join workflow_steps nap on nap.run_id = r.id and nap.name = 'nap'
       join workflow_steps hello on hello.run_id = r.id and hello.name = 'hello'
      where r.status = 'COMPLETED'`,
  );
  const ms = (value: unknown) => SqlSession.readDate(value)!.getTime();
  return rows.map((row) => ({
    id: String(row.id),
    sleptAt: ms(row.nap_started),
    dueAt: ms(row.nap_due),
    afterTimerAt: ms(row.hello_started),
    firstStepAt: ms(row.a_started),
    finishedAt: ms(row.finished_at),
  }));
}

/** Steps stored as completed on their first attempt, and in all. */
export async function stepCounts(database: Database): Promise<{ steps: number; firstAttempt: number }> {
  const row = await SqlSession.autocommit(database).one<{ steps: unknown; first: unknown }>(
    "select count(*) as steps, sum(case when status = 'COMPLETED' and attempts = 1 then 1 else 0 end) as first from workflow_steps",
  );
  return { steps: Number(row?.steps ?? 0), firstAttempt: Number(row?.first ?? 0) };
}

/** Writes the instances' config file into `dir` and returns its path. */
export function writeLoadConfig(dir: string, logDir: string, sleep: string, workflows: Record<string, number>): string {
  const file = path.join(dir, 'rapport.config.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        server: { host: '127.0.0.1', port: 0 },
        plugins: [LOAD_PLUGIN_DIR],
        pluginSettings: { [LOAD_PLUGIN]: { logDir, sleep } },
        ...(Object.keys(workflows).length > 0 && { workflows }),
      },
      null,
      2,
    ),
  );
  return file;
}

/** A `rapport start` process. */
export interface Instance {
  child: ChildProcess;
  /** Log lines at warn level or above that it printed, and whatever it wrote to stderr. */
  problems: string[];
  stop(): Promise<number | null>;
}

/**
 * Starts a real `rapport start` (NODE_ENV=production, as deployed) and resolves once it reports
 * ready. `nodeArgs` go before the bin (e.g. `--cpu-prof`).
 */
export async function startInstance(configFile: string, databaseUrl: string, nodeArgs: string[] = []): Promise<Instance> {
  const problems: string[] = [];
  const server = await startRapportServer({
    args: ['--config', configFile, '--database', databaseUrl],
    nodeArgs,
    env: { ...process.env, NODE_ENV: 'production' },
    readyTimeoutMs: READY_TIMEOUT_MS,
    exitGraceMs: EXIT_GRACE_MS,
    onLine(line) {
      let entry: { level?: number } | null;
      try {
        entry = JSON.parse(line) as { level?: number } | null;
      } catch {
        return;
      }
      if ((entry?.level ?? 0) >= 40) problems.push(line);
    },
    onStderr: (text) => problems.push(text.trim()),
  });
  return { child: server.child, problems, stop: server.stop };
}

/** What the fixture's log says: per kind, how many lines and distinct keys; per pid, the lines. */
export interface LogSummary {
  lines: Record<'a' | 'send' | 'b', { lines: number; distinct: number }>;
  linesByPid: Record<string, number>;
}

export function readLoadLog(logDir: string): LogSummary {
  const file = path.join(logDir, 'log');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const keys = { a: new Set<string>(), send: new Set<string>(), b: new Set<string>() };
  const lines = { a: 0, send: 0, b: 0 };
  const linesByPid: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [pid, what, key] = line.split(' ') as [string, 'a' | 'send' | 'b', string];
    lines[what]++;
    keys[what].add(key);
    linesByPid[pid] = (linesByPid[pid] ?? 0) + 1;
  }
  const of = (what: 'a' | 'send' | 'b') => ({ lines: lines[what], distinct: keys[what].size });
  return { lines: { a: of('a'), send: of('send'), b: of('b') }, linesByPid };
}

/** The value at quantile `q` (0–1) of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
