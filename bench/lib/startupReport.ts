/**
 * The figures of bench/startup.ts: per configuration, the spread of its measured starts and its
 * overhead over the mode's 1-plugin baseline; then the goals.
 */
import { MODES, PLUGIN_COUNTS, type ActivationMode, type PluginSet } from './generatePlugins.js';

const LAZY_200_OVERHEAD_GOAL_MS = 150;

/** A successful measured run, with its round so configurations can be compared round by round. */
export interface Sample {
  round: number;
  wallMs: number;
  childUptimeMs: number;
  /** The plugin host's load + activation time inside the child (its ready line's `pluginHostMs`). */
  pluginHostMs: number;
}

/** Everything measured of one configuration. */
export interface Measurements {
  set: PluginSet;
  samples: Sample[];
  failures: string[];
}

interface Spread {
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
}

export interface Result {
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

export function toResults(all: Measurements[]): Result[] {
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

export function goals(results: Result[]) {
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
