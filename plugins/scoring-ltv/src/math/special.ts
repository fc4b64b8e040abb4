/**
 * Special functions the purchase and spend models need: the log-gamma function and the Gaussian
 * hypergeometric function 2F1, written here because the plugin depends on the SDK only.
 */

/** Lanczos coefficients for g = 7, n = 9 (Numerical Recipes' set): about 15 significant digits. */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * ln Γ(x) for x > 0, by the Lanczos approximation (reflected below ½, where it loses accuracy).
 *
 * @throws RangeError for x ≤ 0 or not finite: the models only need positive arguments, so
 *   anything else is a bug upstream rather than a value to return.
 */
export function lnGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`lnGamma needs a finite positive argument, got ${x}.`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const shifted = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (shifted + i);
  const t = shifted + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ln Γ(x+d) − ln Γ(x) for x > 0 and x + d > 0, accurate when x is large: there the two ln Γ are
 * huge and nearly equal (ln Γ(10^6) ≈ 1.3·10^7), and their difference would keep only a few
 * digits. Past 20, it is Stirling's series written as a difference,
 * (x−½)·ln(1 + d/x) + d·ln(x+d) − d + C(x+d) − C(x), C(y) = 1/(12y) − 1/(360y³) + 1/(1260y⁵) − 1/(1680y⁷),
 * whose truncation error is below 2·10^−15 there.
 */
export function lnGammaRatio(x: number, d: number): number {
  if (!(x > 0) || !(x + d > 0) || !Number.isFinite(x + d)) throw new RangeError(`lnGammaRatio needs x > 0 and x + d > 0, finite; got x = ${x}, d = ${d}.`);
  if (Math.min(x, x + d) < 20) return lnGamma(x + d) - lnGamma(x);
  return (x - 0.5) * Math.log1p(d / x) + d * Math.log(x + d) - d + stirlingCorrection(x + d) - stirlingCorrection(x);
}

function stirlingCorrection(y: number): number {
  const y2 = y * y;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * y2)) / y2) / y2) / y;
}

/** Options of {@link sumSeries}. */
export interface SeriesOptions {
  /** Stop when the estimated rest of the sum is below this fraction of the sum (default 1e-15). */
  tolerance?: number;
  /** Give up after this many terms (default 1 000 000). */
  maxTerms?: number;
  /**
   * Do not stop before this many terms: the ratios of early terms may still grow (a series with
   * large parameters climbs before it falls), so a small early ratio says nothing of the rest.
   */
  minTerms?: number;
  /** The limit of |ratio(k)| as k grows (|z| for 2F1): the tail is bounded with the larger of it and the current ratio. */
  limitRatio?: number;
  /**
   * An upper bound of |ratio(j)| for every j > k, when the caller knows one. It replaces
   * `minTerms` and `limitRatio`: a series whose parameters are in the millions would otherwise
   * have to wait that many terms before its tail could be bounded.
   */
  futureRatioBound?: (k: number) => number;
}

/**
 * Σ term_k for k = 0, 1, …, where term_0 = `first` and term_{k+1} = term_k · ratio(k), summed
 * until, past `minTerms`, the rest of the sum, bounded by a geometric tail with the larger of the
 * current ratio and its limit, is negligible. A term of exactly 0 ends a terminating series.
 *
 * @throws RangeError when the series has not converged within `maxTerms` terms, naming what was summed.
 */
export function sumSeries(first: number, ratio: (k: number) => number, what: string, options: SeriesOptions = {}): number {
  const tolerance = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 1_000_000;
  const minTerms = options.minTerms ?? 0;
  const limit = Math.abs(options.limitRatio ?? 0);
  let term = first;
  let sum = first;
  for (let k = 0; k < maxTerms; k++) {
    if (term === 0) return sum;
    const rho = ratio(k);
    term *= rho;
    sum += term;
    const shrink = options.futureRatioBound ? options.futureRatioBound(k) : Math.max(Math.abs(rho), limit);
    // Once each term is smaller than the last by `shrink`, the rest is at most term·shrink/(1 − shrink).
    if ((options.futureRatioBound !== undefined || k + 1 >= minTerms) && shrink < 1 && (Math.abs(term) * shrink) / (1 - shrink) <= tolerance * Math.abs(sum)) return sum;
    if (!Number.isFinite(sum)) break;
  }
  throw new RangeError(`${what} did not converge within ${maxTerms} terms (sum so far ${sum}).`);
}

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for |z| < 1, by its power series
 * Σ (a)_k (b)_k / (c)_k · z^k / k!, with the convergence check of {@link sumSeries}.
 *
 * @throws RangeError for |z| ≥ 1 (the series diverges or converges too slowly to be of use) or a
 *   c that is 0 or a negative integer (the function is not defined there).
 *
 * @example
 * ```ts
 * hyp2f1(1, 1, 2, 0.5); // 2·ln 2 = 1.3862943611198906
 * ```
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options?: SeriesOptions): number {
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1 needs |z| < 1, got z = ${z}.`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1 is not defined for c = ${c} (0 or a negative integer).`);
  // Past max(|a|, |b|, |c|) terms the ratio tends monotonically to z, so the tail bound holds.
  const minTerms = Math.ceil(Math.max(Math.abs(a), Math.abs(b), Math.abs(c))) + 1;
  return sumSeries(1, (k) => (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z, `2F1(${a}, ${b}; ${c}; ${z})`, { minTerms, limitRatio: z, ...options });
}

/**
 * ln Σ term_k for a series of positive terms, term_0 = exp(`lnFirst`) and term_{k+1} = term_k ·
 * ratio(k), summed on a moving scale so that neither the terms nor the sum overflow or underflow
 * (a 2F1 whose terms climb to 10^400 before they fall). `futureRatioBound(k)` bounds ratio(j) for
 * every j > k; the sum stops once the geometric tail it implies is negligible.
 *
 * @throws RangeError when a ratio is not positive and finite, or the series has not converged
 *   within `maxTerms` terms, naming what was summed.
 */
export function lnSumPositiveSeries(
  lnFirst: number,
  ratio: (k: number) => number,
  futureRatioBound: (k: number) => number,
  what: string,
  options: Pick<SeriesOptions, 'tolerance' | 'maxTerms'> = {},
): number {
  const tolerance = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 1_000_000;
  // Terms and sum relative to exp(lnScale); the sum is at least every term, so rescaling by it keeps both finite.
  let lnScale = lnFirst;
  let term = 1;
  let sum = 1;
  for (let k = 0; k < maxTerms; k++) {
    const rho = ratio(k);
    if (!(rho > 0) || !Number.isFinite(rho)) throw new RangeError(`${what}: term ${k + 1} has ratio ${rho}; the series needs positive terms.`);
    term *= rho;
    sum += term;
    if (sum > 1e200) {
      lnScale += Math.log(sum);
      term /= sum;
      sum = 1;
    }
    const bound = futureRatioBound(k);
    if (bound < 1 && (term * bound) / (1 - bound) <= tolerance * sum) return lnScale + Math.log(sum);
  }
  throw new RangeError(`${what} did not converge within ${maxTerms} terms.`);
}
