/**
 * Startup benchmark: how long a real `rapport start` takes to report ready with 1, 50 and 200
 * plugins, all lazy or all `onStartup`. Run with `npm run bench:startup`.
 *
 * Environment: BENCH_RUNS (measured runs per configuration, default 5), BENCH_WARMUP (unmeasured
 * runs first, default 1), BENCH_TIMEOUT_MS (how long a child may take to be ready, default 60000).
 *
 * Progress goes to stderr; stdout receives one JSON document, so `npm run -s bench:startup > x.json`
 * gives a file that tools can read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generatePluginSet, type ActivationMode, type PluginSet } from './lib/generatePlugins.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const RAPPORT_BIN = path.join(REPO_ROOT, 'core', 'bin', 'rapport.js');
const MODES: readonly ActivationMode[] = ['lazy', 'startup'];
const PLUGIN_COUNTS = [1, 50, 200] as const;
const READY_PREFIX = 'Rapport ready at';
const LAZY_200_OVERHEAD_GOAL_MS = 150;
/** How long a child gets to exit after SIGTERM before it is killed outright. */
const EXIT_GRACE_MS = 10_000;
/** How much of a failed child's output to quote in the report. */
const TAIL_CHARS = 2_000;
/** Children not yet exited, killed if the benchmark itself is stopped early. */
const liveChildren = new Set<ChildProcess>();

interface Settings {
  runs: number;
  warmupRuns: number;
  timeoutMs: number;
}

/** One measured start: wall time seen by this process, and the child's own `uptimeMs`. */
type RunOutcome = { ok: true; wallMs: number; childUptimeMs: number; pluginHostMs: number } | { ok: false; error: string };

/** A successful measured run, with its round so configurations can be compared round by round. */
interface Sample {
  round: number;
  wallMs: number;
  childUptimeMs: number;
  /** The plugin host's load + activation time inside the child (its ready line's `pluginHostMs`). */
  pluginHostMs: number;
}

interface Measurements {
  set: PluginSet;
  samples: Sample[];
  failures: string[];
}

interface Spread {
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
}

interface Result {
  mode: ActivationMode;
  plugins: number;
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  /** The median minus the 1-plugin median of the same mode, measured in this invocation. */
  overheadMs: number | null;
  /** The median over rounds of (this run − the same round's 1-plugin run); see {@link pairedOverhead}. */
  overheadPairedMs: number | null;
  childUptimeMedianMs: number | null;
  childUptimeMinMs: number | null;
  childUptimeMaxMs: number | null;
  pluginHostMedianMs: number | null;
  samplesMs: number[];
  failures: string[];
}

interface Linearity {
  slope1to50MsPerPlugin: number | null;
  slope50to200MsPerPlugin: number | null;
  ratio: number | null;
  verdict: 'linear' | 'superlinear' | 'unknown';
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

// One run ----------------------------------------------------------------------------------------

/**
 * The child's environment. LOG_LEVEL is dropped because it overrides the config's `info`, and a
 * stricter level would hide the ready line; PORT and RAPPORT_CONFIG are overridden by the
 * command line anyway.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.LOG_LEVEL;
  return env;
}

/** Starts `rapport start` on a plugin set, waits for the ready line, then stops the child. */
async function measureStart(set: PluginSet, timeoutMs: number): Promise<RunOutcome> {
  // Taken just before spawn(), so the figure includes Node's own boot and tsx's compilation,
  // which a user running `rapport start` also waits for.
  const started = performance.now();
  const child = spawn(process.execPath, [RAPPORT_BIN, 'start', '--config', set.configFile, '--port', '0'], {
    cwd: REPO_ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  const exited = exitOf(child).finally(() => liveChildren.delete(child));
  const stderrTail = tailOf(child.stderr!);
  try {
    const ready = await waitForReady(child, exited, started, timeoutMs, stderrTail);
    checkPluginStates(ready.plugins, set);
    return { ok: true, wallMs: ready.wallMs, childUptimeMs: ready.uptimeMs, pluginHostMs: ready.pluginHostMs };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    await stopChild(child, exited);
  }
}

interface ReadyLine {
  wallMs: number;
  uptimeMs: number;
  pluginHostMs: number;
  plugins: Record<string, number>;
}

/**
 * Resolves at the first stdout line whose `msg` starts with "Rapport ready at"; rejects if the
 * child exits first or is not ready within `timeoutMs`.
 */
function waitForReady(
  child: ChildProcess,
  exited: Promise<string>,
  started: number,
  timeoutMs: number,
  stderrTail: () => string,
): Promise<ReadyLine> {
  return new Promise<ReadyLine>((resolve, reject) => {
    // readline keeps draining stdout after this settles, so a chatty child never blocks on a
    // full pipe before it is stopped; later lines are simply ignored.
    const lines = createInterface({ input: child.stdout! });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`not ready within ${timeoutMs} ms.${quote(stderrTail())}`))), timeoutMs);
    lines.on('line', (line) => {
      if (settled) return;
      try {
        const ready = parseReadyLine(line, started);
        if (ready) settle(() => resolve(ready));
      } catch (error) {
        settle(() => reject(error as Error));
      }
    });
    void exited.then((how) => settle(() => reject(new Error(`exited (${how}) before it was ready.${quote(stderrTail())}`))));
    child.once('error', (error) => settle(() => reject(error)));
  });
}

/** The ready line's figures, or undefined for any other line (including non-JSON output). */
function parseReadyLine(line: string, started: number): ReadyLine | undefined {
  // Timed before parsing, so the JSON parse of the line is not counted.
  const wallMs = performance.now() - started;
  let entry: { msg?: unknown; uptimeMs?: unknown; plugins?: unknown; pluginHostMs?: { load?: unknown; activation?: unknown } };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return undefined;
  }
  if (typeof entry.msg !== 'string' || !entry.msg.startsWith(READY_PREFIX)) return undefined;
  if (typeof entry.uptimeMs !== 'number') throw new Error(`the ready line has no numeric uptimeMs: ${line}`);
  const { load, activation } = entry.pluginHostMs ?? {};
  if (typeof load !== 'number' || typeof activation !== 'number') throw new Error(`the ready line has no pluginHostMs: ${line}`);
  return { wallMs, uptimeMs: entry.uptimeMs, pluginHostMs: load + activation, plugins: (entry.plugins ?? {}) as Record<string, number> };
}

/**
 * A run only counts if every generated plugin ended in the intended state: a manifest mistake
 * that made them FAILED would otherwise be measured as a (fast) successful startup.
 */
function checkPluginStates(states: Record<string, number>, set: PluginSet): void {
  const expected = set.mode === 'lazy' ? 'INSTALLED' : 'ACTIVE';
  if (states[expected] === set.count && Object.keys(states).length === 1) return;
  throw new Error(`expected ${set.count} plugins ${expected}, the ready line reports ${JSON.stringify(states)}.`);
}

/** Resolves with "code N" or "signal S" once the child has exited. */
function exitOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
  });
}

/** SIGTERM, as an operator would stop it; SIGKILL if it does not exit within the grace period. */
async function stopChild(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), EXIT_GRACE_MS);
  });
  const outcome = await Promise.race([exited, graceOver]);
  clearTimeout(timer);
  if (outcome !== 'timeout') return;
  process.stderr.write(`  child ${child.pid} ignored SIGTERM for ${EXIT_GRACE_MS} ms; killing it.\n`);
  child.kill('SIGKILL');
  await exited;
}

/** Keeps the last TAIL_CHARS characters of a stream, for error messages. */
function tailOf(stream: NodeJS.ReadableStream): () => string {
  let tail = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-TAIL_CHARS);
  });
  return () => tail.trim();
}

function quote(text: string): string {
  return text ? ` stderr: ${text}` : '';
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

// Statistics ------------------------------------------------------------------------------------

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { medianMs: null, minMs: null, maxMs: null };
  return { medianMs: roundTo(median(values)), minMs: roundTo(Math.min(...values)), maxMs: roundTo(Math.max(...values)) };
}

function roundTo(value: number | null, digits = 1): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}

/**
 * The median over rounds of the per-round difference from the baseline. Each round starts every
 * configuration once, back to back, so a slow patch of the machine (on a small shared VM a start
 * can take 1.5× its usual time for a while) inflates both runs of a round and cancels out of
 * their difference, where it would shift one of two independent medians.
 */
function pairedOverhead(m: Measurements, baseline: Measurements | undefined): number | null {
  if (!baseline) return null;
  const baselineByRound = new Map(baseline.samples.map((s) => [s.round, s.wallMs]));
  const differences = m.samples.flatMap((s) => {
    const base = baselineByRound.get(s.round);
    return base === undefined ? [] : [s.wallMs - base];
  });
  return median(differences);
}

function toResults(all: Measurements[]): Result[] {
  return all.map((m) => {
    const wallMs = m.samples.map((s) => s.wallMs);
    const wall = spread(wallMs);
    const uptime = spread(m.samples.map((s) => s.childUptimeMs));
    const baseline = all.find((other) => other.set.mode === m.set.mode && other.set.count === 1);
    return {
      mode: m.set.mode,
      plugins: m.set.count,
      ...wall,
      overheadMs: roundTo(difference(wall.medianMs, baseline ? median(baseline.samples.map((s) => s.wallMs)) : null)),
      overheadPairedMs: roundTo(pairedOverhead(m, baseline)),
      childUptimeMedianMs: uptime.medianMs,
      childUptimeMinMs: uptime.minMs,
      childUptimeMaxMs: uptime.maxMs,
      pluginHostMedianMs: roundTo(median(m.samples.map((s) => s.pluginHostMs))),
      samplesMs: wallMs.map((v) => roundTo(v)!),
      failures: m.failures,
    };
  });
}

// Goals ------------------------------------------------------------------------------------------

function medianOf(
  results: Result[],
  mode: ActivationMode,
  plugins: number,
  field: 'medianMs' | 'childUptimeMedianMs' | 'pluginHostMedianMs' = 'medianMs',
): number | null {
  return results.find((r) => r.mode === mode && r.plugins === plugins)?.[field] ?? null;
}

/**
 * Whether startup cost grows linearly with the plugin count. The per-plugin slope from 50 to 200
 * plugins is compared with the one from 1 to 50: linear growth gives a ratio near 1, while a cost
 * quadratic in the count (e.g. a scan of all plugins per plugin) gives about 4.9
 * ((200² − 50²)/150 ÷ (50² − 1)/49 = 250 ÷ 51). The verdict is "linear" when the later slope is
 * at most twice the earlier one, half-way between those, plus 0.1 ms per plugin: with lazy
 * plugins both slopes are fractions of a millisecond, where run-to-run noise alone can double
 * one of them. A negative early slope (noise) is counted as 0.
 */
function linearity(results: Result[], mode: ActivationMode): Linearity {
  // The plugin host's own time, measured inside the child: process boot adds hundreds of ms of
  // noise that is the same for every plugin count and would drown the per-plugin slopes.
  const [t1, t50, t200] = PLUGIN_COUNTS.map((count) => medianOf(results, mode, count, 'pluginHostMedianMs'));
  if (t1 == null || t50 == null || t200 == null) return { slope1to50MsPerPlugin: null, slope50to200MsPerPlugin: null, ratio: null, verdict: 'unknown' };
  const early = (t50 - t1) / 49;
  const late = (t200 - t50) / 150;
  return {
    slope1to50MsPerPlugin: roundTo(early, 3),
    slope50to200MsPerPlugin: roundTo(late, 3),
    // A ratio against a slope that is zero or negative says nothing.
    ratio: early > 0 ? roundTo(late / early, 2) : null,
    verdict: late <= 2 * Math.max(early, 0) + 0.1 ? 'linear' : 'superlinear',
  };
}

function goals(results: Result[]) {
  const overhead = difference(medianOf(results, 'lazy', 200), medianOf(results, 'lazy', 1));
  const uptimeOverhead = difference(medianOf(results, 'lazy', 200, 'childUptimeMedianMs'), medianOf(results, 'lazy', 1, 'childUptimeMedianMs'));
  return {
    lazy200OverheadMs: roundTo(overhead),
    lazy200OverheadGoalMs: LAZY_200_OVERHEAD_GOAL_MS,
    lazy200OverheadMet: overhead !== null && overhead < LAZY_200_OVERHEAD_GOAL_MS,
    // The same difference by the child's own clock, which excludes spawn and pipe latency.
    lazy200ChildUptimeOverheadMs: roundTo(uptimeOverhead),
    // The same difference taken round by round (see pairedOverhead): when it is far below
    // lazy200OverheadMs, the gap is the machine's noise, not the plugins.
    lazy200OverheadPairedMs: results.find((r) => r.mode === 'lazy' && r.plugins === 200)?.overheadPairedMs ?? null,
    // The plugin host's own load + activation time with 200 lazy plugins over 1, measured inside
    // the child: the least noisy view of what the plugins themselves add.
    lazy200PluginHostOverheadMs: roundTo(
      difference(medianOf(results, 'lazy', 200, 'pluginHostMedianMs'), medianOf(results, 'lazy', 1, 'pluginHostMedianMs')),
    ),
    linearity: Object.fromEntries(MODES.map((mode) => [mode, linearity(results, mode)])),
  };
}

// Main -------------------------------------------------------------------------------------------

/**
 * Cleans up when the benchmark ends early: main() cleans up in its `finally`, but Ctrl-C, SIGTERM
 * or a crash (such as EPIPE when stderr is piped into `head`) skip it. 'exit' listeners still run,
 * synchronously, so they kill a child that would otherwise keep serving, and remove the plugins.
 */
function cleanUpOnEarlyExit(dir: string): () => void {
  const onExit = () => {
    for (const child of liveChildren) child.kill('SIGKILL');
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

async function generateSets(root: string): Promise<PluginSet[]> {
  const sets: PluginSet[] = [];
  for (const mode of MODES) for (const count of PLUGIN_COUNTS) sets.push(await generatePluginSet(root, mode, count));
  return sets;
}

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  const root = await mkdtemp(path.join(os.tmpdir(), 'rapport-bench-startup-'));
  const forgetEarlyExit = cleanUpOnEarlyExit(root);
  try {
    process.stderr.write(`Generating plugins in ${root}\n`);
    const sets = await generateSets(root);
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
