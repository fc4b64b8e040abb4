/**
 * The Gamma-Gamma spend model (Colombo & Jiang 1999; Fader & Hardie 2013, "The Gamma-Gamma Model
 * of Monetary Value"): each of a customer's purchases is Gamma(p, ν) in value, and ν ~ Gamma(q, γ)
 * across customers, so customers differ in their average spend but each one's purchases vary
 * around it. Fitted on customers with at least one repeat purchase, by their number x and mean
 * value m_x; it assumes spend does not depend on how often one buys.
 */
import { nelderMead } from '../math/nelderMead.js';
import { lnGamma } from '../math/special.js';

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
  // ln m_x and ln x enter as px·(ln m_x + ln x) − ln m_x.
  const lnMx = spends.map((s) => Math.log(s.mx));
  const lnSum = spends.map((s) => Math.log(s.mx) + Math.log(s.x));
  const distinctX = [...new Set(xs)];
  return ({ p, q, gamma }) => {
    // Γ(px+q)/Γ(px) depends on x only, and few distinct x occur.
    const gammas = new Map(distinctX.map((x) => [x, lnGamma(p * x + q) - lnGamma(p * x)]));
    const perCustomer = q * Math.log(gamma) - lnGamma(q);
    let total = 0;
    for (let i = 0; i < xs.length; i++) {
      const px = p * xs[i]!;
      total += gammas.get(xs[i]!)! + perCustomer + px * lnSum[i]! - lnMx[i]! - (px + q) * Math.log(gamma + values[i]!);
    }
    return total;
  };
}

/**
 * E[M | x, m_x]: the expected value of a customer's future purchases,
 * (γ + m_x·x)·p / (p·x + q − 1): a weighted mean of the population's mean pγ/(q−1) and the
 * customer's own m_x, whose weight grows with x. For x = 0 it is the population's mean.
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParameters, { x, mx }: SpendHistory): number {
  return ((gamma + mx * x) * p) / (p * x + q - 1);
}

/** What {@link fitGammaGamma} found. */
export interface GammaGammaFit {
  parameters: GammaGammaParameters;
  logLikelihood: number;
  evaluations: number;
  converged: boolean;
}

const LOG_BOUND = 15;

/**
 * The maximum-likelihood (p, q, γ) for these spends, by Nelder–Mead on (ln p, ln(q−1), ln γ): q is
 * kept above 1, where the expected spend is finite. Values are first divided by their mean (γ
 * scales with the currency unit, p and q do not).
 *
 * @throws RangeError without a spend to fit, or with a repeat spend that is not positive.
 */
export function fitGammaGamma(spends: readonly SpendHistory[]): GammaGammaFit {
  if (spends.length === 0) throw new RangeError('Gamma-Gamma needs at least one customer with a repeat purchase.');
  if (spends.some((s) => !(s.x > 0) || !(s.mx > 0))) throw new RangeError('Gamma-Gamma needs x > 0 and a positive mean spend m_x for every customer it is fitted on.');
  const scale = spends.reduce((sum, s) => sum + s.mx, 0) / spends.length;
  const likelihood = spendLikelihood(spends.map((s) => ({ x: s.x, mx: s.mx / scale })));
  const objective = (logs: number[]): number => {
    if (logs.some((v) => Math.abs(v) > LOG_BOUND)) return Infinity;
    const [lnP, lnQ1, lnGammaValue] = logs as [number, number, number];
    return -likelihood({ p: Math.exp(lnP), q: 1 + Math.exp(lnQ1), gamma: Math.exp(lnGammaValue) });
  };
  const found = nelderMead(objective, [0, 0, 0]);
  const [lnP, lnQ1, lnGammaValue] = found.point as [number, number, number];
  const parameters = { p: Math.exp(lnP), q: 1 + Math.exp(lnQ1), gamma: Math.exp(lnGammaValue) * scale };
  return { parameters, logLikelihood: gammaGammaLogLikelihood(parameters, spends), evaluations: found.evaluations, converged: found.converged };
}
