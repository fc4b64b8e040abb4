/**
 * The BG/NBD purchase model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2)): while alive, a customer buys at
 * rate λ (Poisson), λ ~ Gamma(r, α) across customers; after each repeat purchase they drop out
 * with probability p, p ~ Beta(a, b). Times are in whatever unit the data is in (days here).
 */
import { nelderMead } from '../math/nelderMead.js';
import { lnGamma, sumSeries } from '../math/special.js';

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
  return ({ r, alpha, a, b }) => {
    const common = lnGamma(a + b) - lnGamma(b) - lnGamma(r) + r * Math.log(alpha);
    const gammas = xs.distinct.map((x) => lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x));
    const dropOdds = xs.distinct.map((x) => (x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity));
    const lnAlphaT = Ts.distinct.map((T) => Math.log(alpha + T));
    const lnAlphaTx = txs.distinct.map((tx) => Math.log(alpha + tx));
    let total = 0;
    for (let i = 0; i < histories.length; i++) {
      const ix = xs.of[i]!;
      const power = r + xs.distinct[ix]!;
      // "Alive at T" and, after a repeat purchase, "dropped out at t_x", added in log space.
      const alive = -power * lnAlphaT[Ts.of[i]!]!;
      const dead = dropOdds[ix]! - power * lnAlphaTx[txs.of[i]!]!;
      const high = Math.max(alive, dead);
      total += weights[i]! * (common + gammas[ix]! + high + Math.log1p(Math.exp(Math.min(alive, dead) - high)));
    }
    return total;
  };
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
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)] · P(alive),  z = t/(α+T+t).
 *
 * Euler's transformation turns (1−z)^(r+x)·2F1(r+x, b+x; a+b+x−1; z) into
 * (1−z)^(a−1)·2F1(a+b−1−r, a−1; a+b+x−1; z), whose terms do not overflow for large x; and
 * writing 2F1(·, a−1; ·) = 1 + (a−1)·S takes the (a−1) out of the denominator, so a = 1 is not
 * a division by zero.
 */
export function expectedPurchases(parameters: BgNbdParameters, history: PurchaseHistory, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = parameters;
  const { x, T } = history;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  const lnRest = Math.log1p(-z); // ln(1 − z) = ln((α+T)/(α+T+t))
  const e = a - 1;
  // (1 − (1−z)^(a−1)) / (a−1), and its limit −ln(1−z) at a = 1.
  const g = Math.abs(e) < 1e-12 ? -lnRest : -Math.expm1(e * lnRest) / e;
  // S = Σ_{k≥1} (c−r−x)_k (a)_{k−1} / ((c)_k k!) z^k, so that 2F1(c−r−x, a−1; c; z) = 1 + (a−1)·S.
  const first = ((c - r - x) / c) * z;
  const s = sumSeries(first, (k) => (((c - r - x + k + 1) * (a + k)) / ((c + k + 1) * (k + 2))) * z, `the BG/NBD expectation series for x = ${x}`, {
    minTerms: Math.ceil(Math.max(Math.abs(c), Math.abs(a), Math.abs(c - r - x))) + 1,
    limitRatio: z,
  });
  return c * (g - Math.exp(e * lnRest) * s) * probabilityAlive(parameters, history);
}

/** What {@link fitBgNbd} found. */
export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
  evaluations: number;
  converged: boolean;
}

/** Log-parameters beyond this are treated as outside the model's domain: e^±15 is already degenerate. */
const LOG_BOUND = 15;

/**
 * The maximum-likelihood parameters for these histories, by Nelder–Mead on the logarithms of
 * (r, α, a, b). Time is first rescaled so the longest T is 10 (α scales with time, r, a and b do
 * not), which keeps the search well conditioned whatever the unit.
 *
 * @throws RangeError when no customer has been observed for any time (every T is 0).
 */
export function fitBgNbd(histories: readonly (PurchaseHistory & { weight?: number })[]): BgNbdFit {
  const longest = Math.max(0, ...histories.map((h) => h.T));
  if (!(longest > 0)) throw new RangeError('BG/NBD needs customers observed for some time (T > 0); every customer bought for the first time just now.');
  const scale = 10 / longest;
  const likelihood = purchaseLikelihood(histories.map((h) => ({ x: h.x, tx: h.tx * scale, T: h.T * scale, weight: h.weight ?? 1 })));
  const objective = (logs: number[]): number => {
    if (logs.some((v) => Math.abs(v) > LOG_BOUND)) return Infinity;
    const [r, alpha, a, b] = logs.map(Math.exp) as [number, number, number, number];
    return -likelihood({ r, alpha, a, b });
  };
  const found = nelderMead(objective, [0, 0, 0, 0]);
  const [r, alpha, a, b] = found.point.map(Math.exp) as [number, number, number, number];
  const parameters = { r, alpha: alpha / scale, a, b };
  return { parameters, logLikelihood: bgNbdLogLikelihood(parameters, histories), evaluations: found.evaluations, converged: found.converged };
}
