/**
 * Workflow benchmark: BENCH_WORKFLOW_RUNS runs (default 10,000) of a workflow that runs a step,
 * sleeps, sends through a channel and runs a step (the `load` workflow of
 * core/test/fixtures/plugins/workflow-load-js), executed by real `rapport start` processes:
 * one on SQLite, one on PostgreSQL, and three sharing one PostgreSQL database. Run with
 * `npm run -s bench:workflows`; progress goes to stderr, one JSON document to stdout.
 *
 * How a measurement goes: the runs are inserted (as ctx.workflows.start() inserts them) into a
 * fresh database while no instance runs, and parked; the instances start; once every one is
 * ready, one statement makes all runs due at the same instant T0. Each run then executes
 * "a" → timer "nap" (BENCH_WORKFLOW_SLEEP, default PT1S) → send "hello" → "b".
 *
 * Figures, all read back from the database after the last run finished:
 *   - timer lateness, per run: when the step after the timer began (`hello.started_at`) minus
 *     when the timer was due (`nap.due_at`); p50, p99, max. Goal: p99 within 1 s.
 *   - steps per second: the 4 primitives each run executes (a, nap, hello, b) × completed runs,
 *     divided by the wall time from T0 to the last run's `finished_at`.
 *   - scale-out: steps/s of 3 PostgreSQL instances ÷ steps/s of 1. Goal: at least 2.
 * The fixture's log proves that every step body and every send ran exactly once.
 *
 * Environment: BENCH_WORKFLOW_RUNS (default 10000), BENCH_WORKFLOW_SLEEP (each run's timer, an
 * ISO-8601 duration or ms, default PT1S), BENCH_WORKFLOW_ONLY (a comma-separated subset of
 * sqlite,pg1,pg3), BENCH_WORKFLOW_POLL_MS and BENCH_WORKFLOW_BATCH_SIZE (engine options; the
 * engine's defaults otherwise), BENCH_WORKFLOW_TIMEOUT_MS (per measurement, default 900000),
 * BENCH_WORKFLOW_CPU_PROF (a directory: the instances run with --cpu-prof and write there).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDuration } from '@rapport/sdk';
import { DEFAULT_WORKFLOW_ENGINE_OPTIONS } from '../core/src/workflows/WorkflowEngine.js';
import { freshDatabase, type BenchDatabaseKind } from './lib/benchDatabases.js';
import {
  finishedRuns,
  quantile,
  readLoadLog,
  releaseRuns,
  runTimes,
  seedRuns,
  startInstance,
  stepCounts,
  writeLoadConfig,
  type Instance,
} from './lib/workflowLoad.js';

const RUNS = Number(process.env.BENCH_WORKFLOW_RUNS ?? 10_000);
const SLEEP = process.env.BENCH_WORKFLOW_SLEEP ?? 'PT1S';
const TIMEOUT_MS = Number(process.env.BENCH_WORKFLOW_TIMEOUT_MS ?? 15 * 60_000);
const CPU_PROF_DIR = process.env.BENCH_WORKFLOW_CPU_PROF;
const STEPS_PER_RUN = 4;
const TIMER_P99_GOAL_MS = 1_000;
const SCALE_OUT_GOAL = 2;

const ENGINE_OVERRIDES: Record<string, number> = {
  ...(process.env.BENCH_WORKFLOW_POLL_MS && { pollIntervalMs: Number(process.env.BENCH_WORKFLOW_POLL_MS) }),
  ...(process.env.BENCH_WORKFLOW_BATCH_SIZE && { batchSize: Number(process.env.BENCH_WORKFLOW_BATCH_SIZE) }),
};
const ENGINE = { ...DEFAULT_WORKFLOW_ENGINE_OPTIONS, ...ENGINE_OVERRIDES };

interface Scenario {
  name: 'sqlite' | 'pg1' | 'pg3';
  database: BenchDatabaseKind;
  instances: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'sqlite', database: 'sqlite', instances: 1 },
  { name: 'pg1', database: 'postgresql', instances: 1 },
  { name: 'pg3', database: 'postgresql', instances: 3 },
];
const ONLY = process.env.BENCH_WORKFLOW_ONLY?.split(',').map((name) => name.trim());

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const round = (value: number | null, digits = 0) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

async function measure(scenario: Scenario) {
  const label = `${scenario.name} (${scenario.instances} instance${scenario.instances > 1 ? 's' : ''} on ${scenario.database})`;
  const fresh = await freshDatabase(scenario.database);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-wf-'));
  const logDir = path.join(dir, 'log');
  mkdirSync(logDir);
  const instances: Instance[] = [];
  try {
    log(`${label}: seeding ${RUNS} runs…`);
    const seedStarted = performance.now();
    await seedRuns(fresh.database, RUNS);
    log(`${label}: seeded in ${Math.round(performance.now() - seedStarted)} ms; starting instances…`);

    const config = writeLoadConfig(dir, logDir, SLEEP, ENGINE_OVERRIDES);
    const nodeArgs = (index: number) => (CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`, `--cpu-prof-name=${scenario.name}-${index}-${Date.now()}.cpuprofile`] : []);
    instances.push(...(await Promise.all(Array.from({ length: scenario.instances }, (_, index) => startInstance(config, fresh.url, nodeArgs(index))))));

    const t0 = new Date();
    await releaseRuns(fresh.database, t0);
    log(`${label}: ${RUNS} runs due now`);
    let finished = { completed: 0, failed: 0 };
    let lastReport = Date.now();
    for (;;) {
      finished = await finishedRuns(fresh.database);
      if (finished.completed + finished.failed >= RUNS) break;
      if (Date.now() - t0.getTime() > TIMEOUT_MS) {
        log(`${label}: timed out after ${TIMEOUT_MS} ms`);
        break;
      }
      if (Date.now() - lastReport >= 5_000) {
        lastReport = Date.now();
        log(`${label}: ${finished.completed} completed, ${finished.failed} failed after ${Math.round((Date.now() - t0.getTime()) / 1000)} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    log(`${label}: ${finished.completed} completed, ${finished.failed} failed; stopping instances…`);
    const exitCodes = await Promise.all(instances.map((instance) => instance.stop()));

    const times = await runTimes(fresh.database);
    const lateness = times.map((run) => run.afterTimerAt - run.dueAt).sort((a, b) => a - b);
    const lastFinished = Math.max(...times.map((run) => run.finishedAt));
    const firstStep = Math.min(...times.map((run) => run.firstStepAt));
    const wallMs = lastFinished - t0.getTime();
    const stepsPerSecond = times.length > 0 ? (STEPS_PER_RUN * times.length) / (wallMs / 1000) : 0;
    const steps = await stepCounts(fresh.database);
    const logged = readLoadLog(logDir);
    const once = (kind: 'a' | 'send' | 'b') => logged.lines[kind].lines === RUNS && logged.lines[kind].distinct === RUNS;
    const timerP99Ms = quantile(lateness, 0.99);
    return {
      scenario: scenario.name,
      database: scenario.database,
      instances: scenario.instances,
      runs: RUNS,
      completed: finished.completed,
      failed: finished.failed,
      sleep: SLEEP,
      timerLatenessMs: {
        p50: round(quantile(lateness, 0.5)),
        p99: round(timerP99Ms),
        max: round(quantile(lateness, 1)),
        mean: round(lateness.length > 0 ? lateness.reduce((sum, value) => sum + value, 0) / lateness.length : null),
      },
      timerP99GoalMs: TIMER_P99_GOAL_MS,
      timerGoalMet: timerP99Ms !== null && timerP99Ms <= TIMER_P99_GOAL_MS && finished.completed === RUNS,
      stepsPerRun: STEPS_PER_RUN,
      stepsPerSecond: round(stepsPerSecond, 1),
      runsPerSecond: round(stepsPerSecond / STEPS_PER_RUN, 1),
      wallMsFromDueToLastCompletion: wallMs,
      firstStepAfterDueMs: firstStep - t0.getTime(),
      stepRowsCompletedFirstAttempt: steps.firstAttempt,
      stepRows: steps.steps,
      log: logged.lines,
      everyStepAndSendOnce: once('a') && once('send') && once('b'),
      linesByInstance: Object.values(logged.linesByPid),
      instanceExitCodes: exitCodes,
      instanceWarnings: instances.reduce((sum, instance) => sum + instance.problems.length, 0),
      firstInstanceWarning: instances.flatMap((instance) => instance.problems)[0]?.slice(0, 500),
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await fresh.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

parseDuration(SLEEP, 'BENCH_WORKFLOW_SLEEP');
const results: Awaited<ReturnType<typeof measure>>[] = [];
for (const scenario of SCENARIOS) {
  if (ONLY && !ONLY.includes(scenario.name)) continue;
  const result = await measure(scenario);
  log(
    `${scenario.name}: timer lateness p50 ${result.timerLatenessMs.p50} ms, p99 ${result.timerLatenessMs.p99} ms; ` +
      `${result.stepsPerSecond} steps/s; exactly once: ${result.everyStepAndSendOnce}`,
  );
  results.push(result);
}
const perSecond = (name: string) => results.find((result) => result.scenario === name)?.stepsPerSecond ?? null;
const pg1 = perSecond('pg1');
const pg3 = perSecond('pg3');
const scaleOutRatio = pg1 && pg3 ? round(pg3 / pg1, 2) : null;
const timersMet = results.every((result) => result.timerGoalMet);
const scaleOutMet = scaleOutRatio !== null && scaleOutRatio >= SCALE_OUT_GOAL;
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'workflows',
      node: process.version,
      cpus: os.cpus().length,
      engine: { pollIntervalMs: ENGINE.pollIntervalMs, batchSize: ENGINE.batchSize, leaseMs: ENGINE.leaseMs },
      results,
      goals: {
        timerP99WithinMs: TIMER_P99_GOAL_MS,
        timerMet: timersMet,
        scaleOutRatio,
        scaleOutGoal: SCALE_OUT_GOAL,
        scaleOutMet,
        met: timersMet && scaleOutMet && results.every((result) => result.everyStepAndSendOnce),
      },
    },
    null,
    2,
  )}\n`,
);
