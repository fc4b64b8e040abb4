/**
 * Nelder–Mead minimisation (Nelder & Mead 1965, with the coefficients of Lagarias et al. 1998):
 * derivative-free, which suits likelihoods whose gradients would need digamma functions, and
 * robust enough for the three or four log-parameters of the models here.
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** The size of the first simplex along each axis (default 0.5: in log-parameters, a factor of about 1.6). */
  step?: number;
  /** Stop when the simplex's values differ by less than this, relative to the best (default 1e-12). */
  valueTolerance?: number;
  /** …and its vertices lie within this distance of the best on every axis (default 1e-8). */
  pointTolerance?: number;
  /** Give up after this many evaluations of the function (default 20 000). */
  maxEvaluations?: number;
  /** Start again from the best point with a fresh simplex up to this many times (default 3): a collapsed simplex can stop short. */
  restarts?: number;
}

/** What {@link nelderMead} found. */
export interface Minimum {
  point: number[];
  value: number;
  evaluations: number;
  /** False when it stopped at `maxEvaluations` rather than at the tolerances. */
  converged: boolean;
}

/**
 * The minimum of `f` from `start`. `f` may return `Infinity` (or NaN) outside its domain: such
 * points are never accepted.
 *
 * @example
 * ```ts
 * nelderMead(([x, y]) => (x! - 1) ** 2 + (y! + 2) ** 2, [0, 0]).point; // ≈ [1, -2]
 * ```
 */
export function nelderMead(f: (point: number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): Minimum {
  const steps = nelderMeadSteps(f, start, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link nelderMead} that lets other work run while it searches: every `sliceMs` milliseconds
 * (default 10) of searching it waits for one turn of the event loop (`setImmediate`), so a fit
 * over a large population delays a server's requests by a slice at most, not by the whole fit.
 */
export async function nelderMeadAsync(
  f: (point: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions & { sliceMs?: number } = {},
): Promise<Minimum> {
  const sliceMs = options.sliceMs ?? 10;
  const steps = nelderMeadSteps(f, start, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** The search, one simplex move per step, so that a driver can pause between moves. */
function* nelderMeadSteps(f: (point: number[]) => number, start: readonly number[], options: NelderMeadOptions): Generator<void, Minimum, void> {
  const restarts = options.restarts ?? 3;
  const budget = options.maxEvaluations ?? 20_000;
  const valueTolerance = options.valueTolerance ?? 1e-12;
  let best = yield* simplexSearch(f, [...start], options, budget);
  let evaluations = best.evaluations;
  for (let round = 0; round < restarts && best.converged; round++) {
    const again = yield* simplexSearch(f, best.point, options, budget - evaluations);
    evaluations += again.evaluations;
    const improved = best.value - again.value > valueTolerance * (Math.abs(best.value) + valueTolerance);
    if (again.value <= best.value) best = again;
    if (!improved) break;
  }
  return { ...best, evaluations };
}

function* simplexSearch(f: (point: number[]) => number, start: number[], options: NelderMeadOptions, budget: number): Generator<void, Minimum, void> {
  const step = options.step ?? 0.5;
  const valueTolerance = options.valueTolerance ?? 1e-12;
  const pointTolerance = options.pointTolerance ?? 1e-8;
  const n = start.length;
  let evaluations = 0;
  const value = (point: number[]): number => {
    evaluations++;
    const result = f(point);
    return Number.isNaN(result) ? Infinity : result;
  };
  const vertices: { point: number[]; value: number }[] = [{ point: start, value: value(start) }];
  for (let i = 0; i < n; i++) {
    yield;
    const point = [...start];
    point[i] = point[i]! + step;
    vertices.push({ point, value: value(point) });
  }
  const along = (from: number[], to: number[], t: number) => from.map((x, i) => x + t * (to[i]! - x));

  while (evaluations < budget) {
    yield;
    vertices.sort((p, q) => p.value - q.value);
    const bestVertex = vertices[0]!;
    const worst = vertices[n]!;
    const spread = worst.value - bestVertex.value;
    const size = Math.max(...vertices.slice(1).map((v) => Math.max(...v.point.map((x, i) => Math.abs(x - bestVertex.point[i]!)))));
    if (Number.isFinite(spread) && spread <= valueTolerance * (Math.abs(bestVertex.value) + valueTolerance) && size <= pointTolerance) {
      return { point: bestVertex.point, value: bestVertex.value, evaluations, converged: true };
    }
    const centroid = new Array<number>(n).fill(0);
    for (const vertex of vertices.slice(0, n)) for (let i = 0; i < n; i++) centroid[i] = centroid[i]! + vertex.point[i]! / n;

    const reflected = along(centroid, worst.point, -1);
    const reflectedValue = value(reflected);
    if (reflectedValue < bestVertex.value) {
      const expanded = along(centroid, worst.point, -2);
      const expandedValue = value(expanded);
      vertices[n] = expandedValue < reflectedValue ? { point: expanded, value: expandedValue } : { point: reflected, value: reflectedValue };
      continue;
    }
    if (reflectedValue < vertices[n - 1]!.value) {
      vertices[n] = { point: reflected, value: reflectedValue };
      continue;
    }
    // Contract towards the better of the reflected and the worst point; shrink if that fails too.
    const outside = reflectedValue < worst.value;
    const contracted = outside ? along(centroid, reflected, 0.5) : along(centroid, worst.point, 0.5);
    const contractedValue = value(contracted);
    if (contractedValue < (outside ? reflectedValue : worst.value)) {
      vertices[n] = { point: contracted, value: contractedValue };
      continue;
    }
    for (let i = 1; i <= n; i++) {
      const point = along(bestVertex.point, vertices[i]!.point, 0.5);
      vertices[i] = { point, value: value(point) };
    }
  }
  vertices.sort((p, q) => p.value - q.value);
  return { point: vertices[0]!.point, value: vertices[0]!.value, evaluations, converged: false };
}
