import { describe, expect, it } from 'vitest';
import { expectedSpend, fitGammaGamma, gammaGammaLogLikelihood, type GammaGammaParameters } from '../src/models/gammaGamma.js';
import { simulateGammaGamma } from './support/simulate.js';

/** The CDNOW parameters published in Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value". */
const CDNOW: GammaGammaParameters = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('the Gamma-Gamma model', () => {
  it('has the closed-form density for one purchase with p = q = 1: γ/(γ+m)²', () => {
    // γ = 2, m = 2: 2/16 = 0.125
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, gamma: 2 }, [{ x: 1, mx: 2 }])).toBeCloseTo(Math.log(0.125), 12);
  });

  it('expects, with the CDNOW parameters, the values worked by hand', () => {
    // x = 0: the population mean pγ/(q−1) = 6.25·15.44/2.74 = 96.5/2.74 = 35.2190
    expect(expectedSpend(CDNOW, { x: 0, mx: 0 })).toBeCloseTo(35.219, 3);
    // x = 2, m_x = 30: (15.44 + 60)·6.25/(12.5 + 2.74) = 471.5/15.24 = 30.9383,
    // i.e. 0.1798·35.2190 + 0.8202·30: the customer's own mean, pulled toward the population's.
    expect(expectedSpend(CDNOW, { x: 2, mx: 30 })).toBeCloseTo(30.9383, 4);
  });

  it('recovers the parameters of 3 000 customers simulated from the CDNOW parameters', () => {
    const spends = simulateGammaGamma(CDNOW, 3000, 20_260_302);
    const fit = fitGammaGamma(spends);
    expect(fit.converged).toBe(true);
    expect(fit.parameters.q).toBeGreaterThan(1);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(CDNOW, spends));
    for (const key of ['p', 'q', 'gamma'] as const) expect(Math.abs(fit.parameters[key] / CDNOW[key] - 1)).toBeLessThan(0.15);
    // The population's mean spend, which prices a customer without repeat purchases.
    expect(Math.abs(expectedSpend(fit.parameters, { x: 0, mx: 0 }) / expectedSpend(CDNOW, { x: 0, mx: 0 }) - 1)).toBeLessThan(0.05);
  });

  it('refuses spends it cannot fit', () => {
    expect(() => fitGammaGamma([])).toThrow(/at least one customer/);
    expect(() => fitGammaGamma([{ x: 2, mx: 0 }])).toThrow(/positive mean spend/);
  });
});
