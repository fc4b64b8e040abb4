/**
 * Startup benchmark: how long a real `rapport start` takes to report ready with 1, 50 and 200
 * plugins, all lazy or all `onStartup`. Run with `npm run bench:startup`.
 *
 * Environment: BENCH_RUNS (measured runs per configuration, default 5), BENCH_WARMUP (unmeasured
 * runs first, default 1), BENCH_TIMEOUT_MS (how long a child may take to be ready, default 60000).
 *
 * Progress goes to stderr; stdout receives one JSON document, so `npm run -s bench:startup > x.json`
 * gives a file that tools can read.
 *
 * The parts: bench/lib/generatePlugins.ts writes the plugin sets, bench/lib/startupMeasure.ts
 * measures one start (through bench/lib/serverProcess.ts), bench/lib/startupReport.ts computes
 * the figures and goals; this file schedules the runs and prints the report.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generatePluginSets, type PluginSet } from './lib/generatePlugins.js';
import { killLiveChildren } from './lib/serverProcess.js';
import { measureStart } from './lib/startupMeasure.js';
import { goals, toResults, type Measurements } from './lib/startupReport.js';

interface Settings {
  runs: number;
  warmupRuns: number;
  timeoutMs: number;
}

// Settings -------------------------------------------------------------------------------------

function readSettings(env: NodeJS.ProcessEnv): Settings {
  return {
    runs: readInteger(env, 'BENCH_RUNS', 5, 1),
    warmupRuns: readInteger(env, 'BENCH_WARMUP', 1, 0),
    timeoutMs: readInteger(env, 'BENCH_TIMEOUT_MS', 60_000, 1),
  };
}

function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, got ${JSON.stringify(raw)}.`);
  return value;
}

// Scheduling ----------------------------------------------------------------------------------

/**
 * Warm-up runs first (they fill the OS file cache and tsx's compile cache, which a developer's
 * second start would also find warm), then measured rounds that each start every configuration
 * once. Interleaving spreads slow drift of the machine (other load, CPU frequency) over all
 * configurations instead of penalising whichever happened to run last.
 */
async function measureAll(sets: PluginSet[], settings: Settings): Promise<Measurements[]> {
  const all = sets.map((set): Measurements => ({ set, samples: [], failures: [] }));
  for (let round = 1; round <= settings.warmupRuns; round++) {
    for (const m of all) await runOnce(m, `warm-up ${round}/${settings.warmupRuns}`, settings, undefined);
  }
  for (let round = 1; round <= settings.runs; round++) {
    for (const m of all) await runOnce(m, `run ${round}/${settings.runs}`, settings, round);
  }
  return all;
}

/** Runs one start of `m`'s set; records it under `round` unless it is a warm-up (no round). */
async function runOnce(m: Measurements, label: string, settings: Settings, round: number | undefined): Promise<void> {
  const outcome = await measureStart(m.set, settings.timeoutMs);
  const name = `${m.set.mode} × ${m.set.count}`;
  if (!outcome.ok) {
    process.stderr.write(`  ${name} ${label}: FAILED: ${outcome.error}\n`);
    // A failed warm-up is reported too: it usually means every measured run will fail the same way.
    m.failures.push(`${label}: ${outcome.error}`);
    return;
  }
  process.stderr.write(`  ${name} ${label}: ${outcome.wallMs.toFixed(1)} ms (child uptime ${outcome.childUptimeMs} ms)\n`);
  if (round !== undefined) m.samples.push({ round, wallMs: outcome.wallMs, childUptimeMs: outcome.childUptimeMs, pluginHostMs: outcome.pluginHostMs });
}

// Main -------------------------------------------------------------------------------------------

/**
 * Cleans up when the benchmark ends early: main() cleans up in its `finally`, but Ctrl-C, SIGTERM
 * or a crash (such as EPIPE when stderr is piped into `head`) skip it. 'exit' listeners still run,
 * synchronously, so they kill a child that would otherwise keep serving, and remove the plugins.
 */
function cleanUpOnEarlyExit(dir: string): () => void {
  const onExit = () => {
    killLiveChildren();
    rmSync(dir, { recursive: true, force: true });
  };
  // process.exit() emits 'exit', which a death by the default signal action would not.
  const onSignal = (signal: NodeJS.Signals) => process.exit(128 + os.constants.signals[signal]);
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  const root = await mkdtemp(path.join(os.tmpdir(), 'rapport-bench-startup-'));
  const forgetEarlyExit = cleanUpOnEarlyExit(root);
  try {
    process.stderr.write(`Generating plugins in ${root}\n`);
    const sets = await generatePluginSets(root);
    process.stderr.write(`Measuring ${settings.warmupRuns} warm-up and ${settings.runs} measured runs of ${sets.length} configurations\n`);
    const results = toResults(await measureAll(sets, settings));
    const report = {
      benchmark: 'startup',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: os.cpus().length,
      runs: settings.runs,
      warmupRuns: settings.warmupRuns,
      timeoutMs: settings.timeoutMs,
      results,
      goals: goals(results),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return results.some((r) => r.failures.length > 0) ? 1 : 0;
  } finally {
    forgetEarlyExit();
    await rm(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
