/**
 * The BG/NBD purchase model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2)): while alive, a customer buys at
 * rate λ (Poisson), λ ~ Gamma(r, α) across customers; after each repeat purchase they drop out
 * with probability p, p ~ Beta(a, b). Times are in whatever unit the data is in (days here).
 */
import { nelderMead, nelderMeadAsync, type Minimum } from '../math/nelderMead.js';
import { lnGamma } from '../math/special.js';
import { expectedPurchasesWhileAlive } from './bgnbdExpectation.js';

/** The four BG/NBD parameters. */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A customer's purchase history as the model sees it. */
export interface PurchaseHistory {
  /** Repeat purchases: purchases after the first. */
  x: number;
  /** When the last purchase was, counted from the first (0 when x = 0). */
  tx: number;
  /** How long the customer has been observed, counted from the first purchase. */
  T: number;
}

/** Σ over customers of the log-likelihood (FHL 2005, eq. 6), for `weight` customers per history. */
export function bgNbdLogLikelihood(parameters: BgNbdParameters, histories: readonly (PurchaseHistory & { weight?: number })[]): number {
  return purchaseLikelihood(histories)(parameters);
}

/**
 * The log-likelihood of `histories` as a function of the parameters. The fit calls it hundreds of
 * times, so each evaluation computes the logarithms once per distinct x, t_x and T (a few hundred
 * days at most) rather than once per customer.
 */
function purchaseLikelihood(histories: readonly (PurchaseHistory & { weight?: number })[]): (parameters: BgNbdParameters) => number {
  const index = (values: number[]) => {
    const distinct = [...new Set(values)];
    const position = new Map(distinct.map((value, i) => [value, i]));
    return { distinct, of: values.map((value) => position.get(value)!) };
  };
  const xs = index(histories.map((h) => h.x));
  const txs = index(histories.map((h) => h.tx));
  const Ts = index(histories.map((h) => h.T));
  const weights = histories.map((h) => h.weight ?? 1);
  const integerXs = xs.distinct.every((x) => Number.isInteger(x) && x >= 0);
  const maxX = Math.max(0, ...xs.distinct);
  return ({ r, alpha, a, b }) => {
    const gammas = integerXs ? countTerms(r, a, b, maxX, xs.distinct) : xs.distinct.map((x) => lnGamma(r + x) - lnGamma(r) + lnGamma(a + b) - lnGamma(b) + lnGamma(b + x) - lnGamma(a + b + x));
    const dropOdds = xs.distinct.map((x) => (x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity));
    // r·ln α − (r+x)·ln(α+T) as −r·ln(1 + T/α) − x·ln(α+T): for large r and α the two sides of
    // the first form are large and nearly equal, and their difference would be rounding noise.
    const at = (values: number[]) => values.map((v) => ({ shrink: -r * Math.log1p(v / alpha), log: Math.log(alpha + v) }));
    const atT = at(Ts.distinct);
    const atTx = at(txs.distinct);
    let total = 0;
    for (let i = 0; i < histories.length; i++) {
      const ix = xs.of[i]!;
      const x = xs.distinct[ix]!;
      const T = atT[Ts.of[i]!]!;
      const tx = atTx[txs.of[i]!]!;
      // "Alive at T" and, after a repeat purchase, "dropped out at t_x", added in log space.
      const alive = T.shrink - x * T.log;
      const dead = dropOdds[ix]! + tx.shrink - x * tx.log;
      const high = Math.max(alive, dead);
      total += weights[i]! * (gammas[ix]! + high + Math.log1p(Math.exp(Math.min(alive, dead) - high)));
    }
    return total;
  };
}

/**
 * ln[Γ(r+x)/Γ(r) · B(a, b+x)/B(a, b)] for each integer x, as the sums Σ_{j<x} ln(r+j) and
 * −Σ_{j<x} ln(1 + a/(b+j)): exact where the differences of ln Γ would cancel to noise for a and b
 * in the millions (the fixed-dropout ridge), and the noise would keep the search from converging.
 */
function countTerms(r: number, a: number, b: number, maxX: number, xs: number[]): number[] {
  const cumulative = new Float64Array(maxX + 1);
  for (let j = 0; j < maxX; j++) cumulative[j + 1] = cumulative[j]! + Math.log(r + j) - Math.log1p(a / (b + j));
  return xs.map((x) => cumulative[x]!);
}

/**
 * The probability that a customer with this history is still alive at T (Fader, Hardie & Lee,
 * "Computing P(alive) Using the BG/NBD Model", 2008):
 * 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). It is 1 for a customer with no repeat
 * purchase, since in this model a customer can only drop out right after a repeat purchase.
 */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: PurchaseHistory): number {
  if (x === 0) return 1;
  const lnOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(lnOdds));
}

/**
 * E[X(t) | x, t_x, T]: the purchases expected in the next `t` from a customer with this history
 * (FHL 2005, eq. 10):
 *
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)] · P(alive),  z = t/(α+T+t),
 *
 * that is P(alive) times E[(1 − (1 + p·t/(α+T))^−(r+x)) / p] over p ~ Beta(a, b+x). It is
 * computed by whichever of three ways is stable for the parameters (see `bgnbdExpectation.ts`):
 * Euler's transformation of the series for a ≤ 2, the printed series on a log scale for a > 2,
 * and, when Beta(a, b+x) is narrow (a and b large, or a/(a+b) near 0), a three-point rule around
 * its mean, whose limits are the fixed-dropout and the no-dropout (NBD, (r+x)·t/(α+T)) models.
 *
 * @throws RangeError when the parameters are not finite and positive, or the expectation cannot
 *   be computed for them: a scoring rule shows the historic value instead.
 */
export function expectedPurchases(parameters: BgNbdParameters, history: PurchaseHistory, t: number): number {
  if (t <= 0) return 0;
  const bad = KEYS.map((key) => [key, parameters[key]] as const).filter(([, value]) => !(value > 0) || !Number.isFinite(value));
  if (bad.length > 0) throw new RangeError(`BG/NBD parameters must be finite and positive; got ${bad.map(([key, value]) => `${key} = ${value}`).join(', ')}.`);
  return expectedPurchasesWhileAlive(parameters, history, t).value * probabilityAlive(parameters, history);
}

/** What {@link fitBgNbd} found. */
export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
  evaluations: number;
  converged: boolean;
  /** The limits of the model the fit ended in, if any (see {@link BGNBD_BOX}). */
  limits: BgNbdLimit[];
}

/**
 * A limit of BG/NBD the data pushed the fit to:
 * - `fixed-dropout`: a and b at the box's top: dropout probabilities do not differ between
 *   customers; everyone drops out after a purchase with the same p = a/(a+b).
 * - `no-dropout`: a/(a+b) below 1e-4: nobody seems to drop out; BG/NBD becomes the NBD.
 * - `fixed-rate`: r and α at the box's top: purchase rates do not differ between customers
 *   (all near r/α).
 */
export type BgNbdLimit = 'fixed-dropout' | 'no-dropout' | 'fixed-rate';

/**
 * The box the fit searches, on (r, α, a, b) with time rescaled so that the longest T is 10. On a
 * flat ridge of the likelihood (a, b → ∞ at a fixed ratio; r, α → ∞ at a fixed ratio) the search
 * would otherwise walk on until its budget runs out, to parameters no series can use. At 10^6 a
 * Beta mixing distribution is a point for every purpose of a prediction (sd(p) ≤ 10^−3·√p̄), and
 * a Gamma with shape 10^3 has a coefficient of variation of 3%: the limits themselves. The lower
 * end of α keeps it at least a thousandth of the longest T, so z = t/(α+T+t) stays far enough
 * from 1 for the series to end; {@link MAX_MEAN_RATE} bounds r/α as well.
 */
export const BGNBD_BOX: Record<keyof BgNbdParameters, readonly [number, number]> = {
  r: [1e-4, 1e3],
  alpha: [1e-2, 1e6],
  a: [1e-4, 1e6],
  b: [1e-4, 1e6],
};

/** With the box, the mean rate r/α is kept at most this many times the fastest customer's x/T. */
export const MAX_MEAN_RATE = 10;

const KEYS = ['r', 'alpha', 'a', 'b'] as const;
const LOG_BOX = KEYS.map((key) => BGNBD_BOX[key].map(Math.log) as [number, number]);

/** A parameter is at an edge of the box when it is within this factor of it. */
const AT_EDGE = 1.01;

/**
 * The maximum-likelihood parameters for these histories, by Nelder–Mead on the logarithms of
 * (r, α, a, b) inside {@link BGNBD_BOX}. Time is first rescaled so the longest T is 10 (α scales
 * with time, r, a and b do not), which keeps the search well conditioned whatever the unit.
 *
 * @throws RangeError when no customer has been observed for any time (every T is 0).
 */
export function fitBgNbd(histories: readonly (PurchaseHistory & { weight?: number })[]): BgNbdFit {
  const problem = bgNbdProblem(histories);
  return problem.result(nelderMead(problem.objective, START));
}

/** {@link fitBgNbd}, giving the event loop a turn every few milliseconds (see `nelderMeadAsync`). */
export async function fitBgNbdAsync(histories: readonly (PurchaseHistory & { weight?: number })[], options: { sliceMs?: number } = {}): Promise<BgNbdFit> {
  const problem = bgNbdProblem(histories);
  return problem.result(await nelderMeadAsync(problem.objective, START, options));
}

const START = [0, 0, 0, 0];

function bgNbdProblem(histories: readonly (PurchaseHistory & { weight?: number })[]) {
  let longest = 0;
  for (const h of histories) longest = Math.max(longest, h.T);
  if (!(longest > 0)) throw new RangeError('BG/NBD needs customers observed for some time (T > 0); every customer bought for the first time just now.');
  const scale = 10 / longest;
  const likelihood = purchaseLikelihood(histories.map((h) => ({ x: h.x, tx: h.tx * scale, T: h.T * scale, weight: h.weight ?? 1 })));
  // The population's mean rate r/α may not exceed ten times the fastest customer's x/T: beyond
  // that, the rates are a corner of the box no data asks for, where the series do not converge.
  const fastest = Math.max(1 / 10, ...histories.map((h) => (h.T > 0 ? h.x / (h.T * scale) : 0)));
  const lnMaxMeanRate = Math.log(MAX_MEAN_RATE * fastest);
  const objective = (logs: number[]): number => {
    if (logs.some((v, i) => !(v >= LOG_BOX[i]![0] && v <= LOG_BOX[i]![1]))) return Infinity;
    if (logs[0]! - logs[1]! > lnMaxMeanRate) return Infinity;
    const [r, alpha, a, b] = logs.map(Math.exp) as [number, number, number, number];
    return -likelihood({ r, alpha, a, b });
  };
  // Rescaling time by c multiplies each customer's likelihood by c^−x (α scales along), so the
  // likelihood in the data's own unit is the rescaled one less Σ weight·x·ln c: no second pass.
  const unitShift = Math.log(scale) * histories.reduce((sum, h) => sum + (h.weight ?? 1) * h.x, 0);
  const result = (found: Minimum): BgNbdFit => {
    const [r, alpha, a, b] = found.point.map(Math.exp) as [number, number, number, number];
    const top = (key: keyof BgNbdParameters, value: number) => value * AT_EDGE >= BGNBD_BOX[key][1];
    const limits: BgNbdLimit[] = [];
    if (a / (a + b) < 1e-4) limits.push('no-dropout');
    else if (top('a', a) || top('b', b)) limits.push('fixed-dropout');
    if (top('r', r) || top('alpha', alpha)) limits.push('fixed-rate');
    const parameters = { r, alpha: alpha / scale, a, b };
    return { parameters, logLikelihood: -found.value + unitShift, evaluations: found.evaluations, converged: found.converged, limits };
  };
  return { objective, result };
}
