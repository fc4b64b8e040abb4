/**
 * The Gamma-Gamma spend model (Colombo & Jiang 1999; Fader & Hardie 2013, "The Gamma-Gamma Model
 * of Monetary Value"): each of a customer's purchases is Gamma(p, ν) in value, and ν ~ Gamma(q, γ)
 * across customers, so customers differ in their average spend but each one's purchases vary
 * around it. Fitted on customers with at least one repeat purchase, by their number x and mean
 * value m_x; it assumes spend does not depend on how often one buys.
 */
import { nelderMead, nelderMeadAsync, type Minimum } from '../math/nelderMead.js';
import { lnGamma, lnGammaRatio } from '../math/special.js';

/** The three Gamma-Gamma parameters. */
export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

/** A customer's spend as the model sees it: x purchases with mean value m_x. */
export interface SpendHistory {
  x: number;
  mx: number;
}

/**
 * Σ over customers of ln f(m_x | p, q, γ, x), the marginal density of the mean spend (Fader &
 * Hardie 2013):
 * Γ(px+q) / (Γ(px) Γ(q)) · γ^q · m_x^(px−1) · x^(px) / (γ + m_x·x)^(px+q).
 */
export function gammaGammaLogLikelihood(parameters: GammaGammaParameters, spends: readonly SpendHistory[]): number {
  return spendLikelihood(spends)(parameters);
}

/**
 * The log-likelihood of `spends` as a function of the parameters, with what does not depend on
 * them computed once: the fit calls it hundreds of times over every repeat buyer.
 */
function spendLikelihood(spends: readonly SpendHistory[]): (parameters: GammaGammaParameters) => number {
  const xs = spends.map((s) => s.x);
  const values = spends.map((s) => s.mx * s.x);
  const lnMx = spends.map((s) => Math.log(s.mx));
  const distinctX = [...new Set(xs)];
  return ({ p, q, gamma }) => {
    // ln Γ(px+q) − ln Γ(px) − ln Γ(q), from the larger argument: px or q in the millions (the
    // box's edges) would leave the plain difference of ln Γ with rounding noise only.
    const gammas = new Map(
      distinctX.map((x) => {
        const px = p * x;
        return [x, px >= q ? lnGammaRatio(px, q) - lnGamma(q) : lnGammaRatio(q, px) - lnGamma(px)];
      }),
    );
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      const px = p * xs[i]!;
      const v = values[i]!;
      // q·ln γ + px·ln(m_x·x) − (px+q)·ln(γ + m_x·x), without its large opposite terms.
      total += gammas.get(xs[i]!)! - q * Math.log1p(v / gamma) - px * Math.log1p(gamma / v) - lnMx[i]!;
    }
    return total;
  };
}

/**
 * E[M | x, m_x]: the expected value of a customer's future purchases,
 * (γ + m_x·x)·p / (p·x + q − 1): a weighted mean of the population's mean pγ/(q−1) and the
 * customer's own m_x, whose weight grows with x. For x = 0 it is the population's mean.
 *
 * @throws RangeError when the parameters or the result are not finite (q ≤ 1 has no finite mean).
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParameters, { x, mx }: SpendHistory): number {
  if (!(p > 0 && q > 1 && gamma > 0) || ![p, q, gamma].every(Number.isFinite)) {
    throw new RangeError(`Gamma-Gamma parameters must be finite with p > 0, q > 1 and γ > 0; got p = ${p}, q = ${q}, γ = ${gamma}.`);
  }
  const value = ((gamma + mx * x) * p) / (p * x + q - 1);
  if (!Number.isFinite(value)) throw new RangeError(`the Gamma-Gamma expected spend for x = ${x}, m_x = ${mx} came out as ${value}.`);
  return value;
}

/** What {@link fitGammaGamma} found. */
export interface GammaGammaFit {
  parameters: GammaGammaParameters;
  logLikelihood: number;
  evaluations: number;
  converged: boolean;
  /** The limits of the model the fit ended in, if any (see {@link GAMMA_GAMMA_BOX}). */
  limits: GammaGammaLimit[];
}

/**
 * A limit of Gamma-Gamma the data pushed the fit to:
 * - `constant-spend`: p at the box's top: a customer's purchases do not vary around their own
 *   mean, so E[M | x, m_x] → m_x for a repeat buyer (their own mean, no shrinkage), and the
 *   population's mean pγ/(q−1) for the others.
 * - `same-spend`: q and γ at the box's top: customers' mean spends do not differ, so
 *   E[M | x, m_x] → pγ/(q−1), the population's mean, for everyone (full shrinkage).
 */
export type GammaGammaLimit = 'constant-spend' | 'same-spend';

/**
 * The box the fit searches, on (p, q − 1, γ) with amounts divided by their mean. As for BG/NBD
 * (see `BGNBD_BOX`), a shape of 10^6 is its limit for every practical purpose, and the box ends
 * the walk along the likelihood's flat ridges there. γ's range is wide because it follows
 * (q − 1)/p, the population's mean (about 1 here) being pγ/(q−1).
 */
export const GAMMA_GAMMA_BOX = { p: [1e-4, 1e6], qMinusOne: [1e-3, 1e6], gamma: [1e-10, 1e10] } as const;

const LOG_BOX = [GAMMA_GAMMA_BOX.p, GAMMA_GAMMA_BOX.qMinusOne, GAMMA_GAMMA_BOX.gamma].map((range) => range.map(Math.log) as [number, number]);
const AT_EDGE = 1.01;
const START = [0, 0, 0];

/**
 * The maximum-likelihood (p, q, γ) for these spends, by Nelder–Mead on (ln p, ln(q−1), ln γ)
 * inside {@link GAMMA_GAMMA_BOX}: q is kept above 1, where the expected spend is finite. Values
 * are first divided by their mean (γ scales with the currency unit, p and q do not).
 *
 * @throws RangeError without a spend to fit, or with a repeat spend that is not positive.
 */
export function fitGammaGamma(spends: readonly SpendHistory[]): GammaGammaFit {
  const problem = gammaGammaProblem(spends);
  return problem.result(nelderMead(problem.objective, START));
}

/** {@link fitGammaGamma}, giving the event loop a turn every few milliseconds (see `nelderMeadAsync`). */
export async function fitGammaGammaAsync(spends: readonly SpendHistory[], options: { sliceMs?: number } = {}): Promise<GammaGammaFit> {
  const problem = gammaGammaProblem(spends);
  return problem.result(await nelderMeadAsync(problem.objective, START, options));
}

function gammaGammaProblem(spends: readonly SpendHistory[]) {
  if (spends.length === 0) throw new RangeError('Gamma-Gamma needs at least one customer with a repeat purchase.');
  if (spends.some((s) => !(s.x > 0) || !(s.mx > 0))) throw new RangeError('Gamma-Gamma needs x > 0 and a positive mean spend m_x for every customer it is fitted on.');
  const scale = spends.reduce((sum, s) => sum + s.mx, 0) / spends.length;
  const likelihood = spendLikelihood(spends.map((s) => ({ x: s.x, mx: s.mx / scale })));
  const objective = (logs: number[]): number => {
    if (logs.some((v, i) => !(v >= LOG_BOX[i]![0] && v <= LOG_BOX[i]![1]))) return Infinity;
    const [lnP, lnQ1, lnGammaValue] = logs as [number, number, number];
    return -likelihood({ p: Math.exp(lnP), q: 1 + Math.exp(lnQ1), gamma: Math.exp(lnGammaValue) });
  };
  const result = (found: Minimum): GammaGammaFit => {
    const [p, qMinusOne, gamma] = found.point.map(Math.exp) as [number, number, number];
    const limits: GammaGammaLimit[] = [];
    if (p * AT_EDGE >= GAMMA_GAMMA_BOX.p[1]) limits.push('constant-spend');
    if (qMinusOne * AT_EDGE >= GAMMA_GAMMA_BOX.qMinusOne[1] || gamma * AT_EDGE >= GAMMA_GAMMA_BOX.gamma[1]) limits.push('same-spend');
    const parameters = { p, q: 1 + qMinusOne, gamma: gamma * scale };
    return { parameters, logLikelihood: gammaGammaLogLikelihood(parameters, spends), evaluations: found.evaluations, converged: found.converged, limits };
  };
  return { objective, result };
}
