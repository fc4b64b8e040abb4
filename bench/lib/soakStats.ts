/**
 * The arithmetic of the soak benchmark (bench/soak.ts): least-squares slopes of memory samples
 * after a warm-up, and rounding for the JSON.
 */

/** One reading of the server's memory, `atMs` from the start of the load. */
export interface MemorySample {
  atMs: number;
  /** Resident set size from /proc/<pid>/status (VmRSS), in bytes. */
  rssBytes: number;
  /** V8's used heap as the server reported it (process.memoryUsage().heapUsed), in bytes; null if no report came yet. */
  heapUsedBytes: number | null;
  /** Used heap just after the server's latest major collection (its live heap), in bytes; null before the first. */
  heapAfterGcBytes: number | null;
}

const MB = 1024 * 1024;
const MINUTE_MS = 60_000;

/**
 * Where the warm-up ends: the first 20% of the run or its first 5 minutes, whichever is shorter.
 * A server's memory climbs while its JIT, caches and pools fill; only what it does after that
 * says whether it leaks.
 */
export function warmupEndMs(durationMs: number): number {
  return Math.min(0.2 * durationMs, 5 * MINUTE_MS);
}

/** The least-squares slope of y over x, or null with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const p of points) {
    numerator += (p.x - meanX) * (p.y - meanY);
    denominator += (p.x - meanX) ** 2;
  }
  return denominator === 0 ? null : numerator / denominator;
}

/** Slopes of RSS, live heap and used heap, in MB per minute, over the samples taken after `fromMs`. */
export function memorySlopes(samples: readonly MemorySample[], fromMs: number) {
  const after = samples.filter((sample) => sample.atMs >= fromMs);
  const slope = (pick: (sample: MemorySample) => number | null) => {
    const points = after.flatMap((sample) => {
      const y = pick(sample);
      return y === null ? [] : [{ x: sample.atMs / MINUTE_MS, y: y / MB }];
    });
    return round(leastSquaresSlope(points), 3);
  };
  return {
    rssMBPerMin: slope((s) => s.rssBytes),
    heapAfterGcMBPerMin: slope((s) => s.heapAfterGcBytes),
    heapUsedMBPerMin: slope((s) => s.heapUsedBytes),
    samples: after.length,
  };
}

/** Minimum, maximum and last of a series, in MB. */
export function memoryRange(samples: readonly MemorySample[], pick: (sample: MemorySample) => number | null) {
  const values = samples.map(pick).filter((value): value is number => value !== null);
  if (values.length === 0) return null;
  return { minMB: round(Math.min(...values) / MB, 1), maxMB: round(Math.max(...values) / MB, 1), lastMB: round(values.at(-1)! / MB, 1) };
}

export function round(value: number | null, digits = 0): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
