/**
 * E[X(t) | x, t_x, T, alive at T] of the BG/NBD model, computed so that it stays finite and
 * accurate for every parameter set the fit can return: a and b in the millions (dropout without
 * heterogeneity), a/(a+b) near 0 (no dropout), x in the hundreds, T near 0.
 *
 * Given that the customer is alive at T, their rate is Gamma(r+x, α+T) and their dropout
 * probability Beta(a, b+x), independently; over the next t they make, in expectation,
 *
 *   g(p) = (1 − (1 + p·s)^−(r+x)) / p,   s = t/(α+T)
 *
 * purchases for a dropout probability p (each purchase is the last with probability p), and
 * E[X(t) | …, alive] = E[g(p)] over p ~ Beta(a, b+x). g is smooth, decreasing and bounded by
 * g(0) = (r+x)·s, the no-dropout limit. That expectation is FHL 2005's equation (10) divided by
 * P(alive); it is computed in one of three ways, whichever is stable for the parameters.
 */
import { lnSumPositiveSeries, sumSeries } from '../math/special.js';
import type { BgNbdParameters, PurchaseHistory } from './bgnbd.js';

/**
 * Below this value of sd(p)·s·(r+x+1), the Beta(a, b+x) is so narrow, on the scale where g
 * bends, that the three-point rule's error (the third and fourth moments' terms, of order this
 * value cubed) is below about 1e-6 of the result.
 */
const NARROW = 0.01;

/**
 * The series' budget. Their terms fall like z^k, slowly when z = t/(α+T+t) is near 1: a customer
 * who bought for the first time today (T = 0) and a small α. The fit keeps α above a thousandth
 * of the longest T (`BGNBD_BOX`), so with 30 days of history and a 10-year horizon 1 − z is at
 * least 8·10^−6, about 5 million terms (some 50 ms); a tolerance of 10^−12 is ample for money.
 */
const SERIES = { maxTerms: 10_000_000, tolerance: 1e-12 };

/** How the expectation was computed, for tests and logs. */
export type ExpectationMethod = 'narrow-beta' | 'euler-series' | 'direct-series';

/**
 * E[g(p)] for p ~ Beta(a, b+x), and the method used.
 *
 * @throws RangeError when no method can compute it (a series that does not converge within its
 *   budget, a result that is not finite): the caller shows the historic value instead.
 */
export function expectedPurchasesWhileAlive(
  { r, alpha, a, b }: BgNbdParameters,
  { x, T }: Pick<PurchaseHistory, 'x' | 'T'>,
  t: number,
): { value: number; method: ExpectationMethod } {
  const n = r + x;
  const kappa = a + b + x;
  const mean = a / kappa;
  const sd = Math.sqrt((mean * (1 - mean)) / (kappa + 1));
  const s = t / (alpha + T);
  if (sd * s * (n + 1) <= NARROW) return checked(narrowBeta(n, s, mean, sd), 'narrow-beta', x, T);
  const z = t / (alpha + T + t);
  const euler = () => checked(eulerSeries(n, a, a + b + x - 1, z, x), 'euler-series', x, T);
  const direct = () => checked(directSeries(n, a, b + x, z, x), 'direct-series', x, T);
  // Euler's form is the one for a ≤ 2 and the printed one for a > 2; each fails where the other
  // does not (Euler's terms alternate and grow when r+x is far above a+b+x, the printed ones
  // divide by a − 1), so the second is tried when the first cannot give a number.
  const [first, second] = a <= 2 ? [euler, direct] : [direct, euler];
  try {
    return first();
  } catch (error) {
    if (!(error instanceof RangeError) || Math.abs(a - 1) < 1e-3) throw error;
    try {
      return second();
    } catch {
      throw error;
    }
  }
}

function checked(value: number, method: ExpectationMethod, x: number, T: number): { value: number; method: ExpectationMethod } {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`the BG/NBD expectation for x = ${x}, T = ${T} came out as ${value} (${method}).`);
  return { value, method };
}

/** g(p) = (1 − (1+p·s)^−n)/p, accurate for |p·s| small and at p = 0 (its limit n·s). */
function g(p: number, n: number, s: number): number {
  if (p === 0) return n * s;
  return -Math.expm1(-n * Math.log1p(p * s)) / p;
}

/**
 * E[g(p)] ≈ (4·g(μ) + g(μ + √3·σ) + g(μ − √3·σ)) / 6 for p with mean μ and sd σ: g(μ) + ½g''(μ)σ²
 * up to O(σ³). This is where the fit's large a and b end up (a Beta that is nearly a point: every
 * customer drops out with the same p = a/(a+b)), and where a/(a+b) → 0 gives the NBD limit,
 * E = (r+x)·t/(α+T). μ − √3σ may be slightly negative; g is analytic there, since |p·s| < 0.02.
 */
function narrowBeta(n: number, s: number, mean: number, sd: number): number {
  const h = Math.sqrt(3) * sd;
  return (4 * g(mean, n, s) + g(mean + h, n, s) + g(mean - h, n, s)) / 6;
}

/**
 * For a ≤ 2: Euler's transformation of FHL's equation (10), c·(G − (1−z)^(a−1)·S) with
 * c = a+b+x−1, G = (1 − (1−z)^(a−1))/(a−1) (its limit −ln(1−z) at a = 1) and
 * S = Σ_{k≥1} (c−n)_k (a)_{k−1} / ((c)_k k!) z^k, so that 2F1(c−n, a−1; c; z) = 1 + (a−1)·S.
 * With a ≤ 2 the terms never climb, and there is no division by a − 1.
 */
function eulerSeries(n: number, a: number, c: number, z: number, x: number): number {
  const lnRest = Math.log1p(-z);
  const e = a - 1;
  const G = Math.abs(e) < 1e-12 ? -lnRest : -Math.expm1(e * lnRest) / e;
  const first = ((c - n) / c) * z;
  // |ratio(j)| = z·|c−n+j+1|/(c+j+1)·(a+j)/(j+2): the last factor is at most 1 for a ≤ 2, and the
  // middle one at most 1 once c−n+j+1 ≥ 0, decreasing before that; so this bounds every later ratio.
  const bound = (k: number) => z * Math.max(1, Math.abs(c - n + k + 2) / (c + k + 2));
  const S = sumSeries(first, (k) => (((c - n + k + 1) * (a + k)) / ((c + k + 1) * (k + 2))) * z, `the BG/NBD expectation series for x = ${x}`, {
    futureRatioBound: bound,
    ...SERIES,
  });
  return c * (G - Math.exp(e * lnRest) * S);
}

/**
 * For a > 2: equation (10) as printed, c/(a−1)·[1 − (1−z)^n · 2F1(n, b+x; c; z)], with the 2F1
 * summed on a log scale (its terms reach (1−z)^−n, past 10^308 for large x) and the bracket
 * taken as −expm1 of a logarithm, since (1−z)^n·2F1 is a probability-generating value below 1.
 * Here b+x < c, so the ratio z·(n+k)/(k+1)·(b+x+k)/(c+k) is bounded by z·max(1, (n+k+1)/(k+2)).
 */
function directSeries(n: number, a: number, bx: number, z: number, x: number): number {
  const c = a + bx - 1;
  const lnF = lnSumPositiveSeries(
    0,
    (k) => (((n + k) * (bx + k)) / ((c + k) * (k + 1))) * z,
    (k) => z * Math.max(1, (n + k + 1) / (k + 2)),
    `the BG/NBD expectation series for x = ${x}`,
    SERIES,
  );
  const bracket = -Math.expm1(n * Math.log1p(-z) + lnF);
  return (c / (a - 1)) * Math.max(0, bracket);
}
