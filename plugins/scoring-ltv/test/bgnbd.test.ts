import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdParameters } from '../src/models/bgnbd.js';
import { hyp2f1 } from '../src/math/special.js';
import { simulateBgNbd } from './support/simulate.js';

/** The CDNOW parameters published in Fader, Hardie & Lee (2005), time in weeks. */
const CDNOW: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('the BG/NBD log-likelihood', () => {
  it('is the closed form for a customer without repeat purchases: (α/(α+T))^r', () => {
    // r = 2, α = 3, T = 7: (3/10)² = 0.09, whatever a and b.
    expect(bgNbdLogLikelihood({ r: 2, alpha: 3, a: 0.5, b: 4 }, [{ x: 0, tx: 0, T: 7 }])).toBeCloseTo(Math.log(0.09), 12);
  });

  it('adds the dropped-out branch after a repeat purchase', () => {
    // r = α = a = b = 1, x = 1, t_x = 1, T = 3:
    // B(1,2)/B(1,1)·Γ(2)/Γ(1)·1/(1+3)² + B(2,1)/B(1,1)·Γ(2)/Γ(1)·1/(1+1)² = ½·1/16 + ½·1/4 = 0.15625
    const history = { x: 1, tx: 1, T: 3 };
    expect(bgNbdLogLikelihood({ r: 1, alpha: 1, a: 1, b: 1 }, [history])).toBeCloseTo(Math.log(0.15625), 12);
    expect(bgNbdLogLikelihood({ r: 1, alpha: 1, a: 1, b: 1 }, [{ ...history, weight: 3 }])).toBeCloseTo(3 * Math.log(0.15625), 12);
  });
});

describe('P(alive) and E[X(t) | x, t_x, T]', () => {
  // The customer of FHL 2005 §5: x = 2, t_x = 30.43, T = 38.86 weeks.
  const customer = { x: 2, tx: 30.43, T: 38.86 };

  it("reproduces the paper's conditional expectation for its example customer over 39 weeks", () => {
    // FHL 2005 reports 1.226 expected purchases in weeks 39–78 for this customer.
    expect(expectedPurchases(CDNOW, customer, 39)).toBeCloseTo(1.226, 3);
  });

  it('computes P(alive) for that customer as worked by hand', () => {
    // a/(b+x−1) = 0.793/3.426 = 0.23147; ((α+T)/(α+t_x))^(r+x) = (43.274/34.844)^2.243 = 1.6258;
    // P(alive) = 1/(1 + 0.23147·1.6258) = 0.7266.
    expect(probabilityAlive(CDNOW, customer)).toBeCloseTo(0.7266, 4);
    expect(probabilityAlive(CDNOW, { x: 0, tx: 0, T: 38.86 })).toBe(1);
  });

  it('matches a closed form for x = 0: with r = 1, a = 2, b = 1, 2F1(1, 1; 2; z) = −ln(1−z)/z', () => {
    // α+T = 10, t = 10 → z = ½; E = (a+b−1)/(a−1)·[1 − (1−z)·(−ln(1−z)/z)] = 2·(1 − ln 2) = 0.613706
    expect(expectedPurchases({ r: 1, alpha: 4, a: 2, b: 1 }, { x: 0, tx: 0, T: 6 }, 10)).toBeCloseTo(2 * (1 - Math.LN2), 12);
  });

  it('agrees with the formula as printed, with 2F1 summed directly, for other histories', () => {
    const printed = (p: BgNbdParameters, { x, tx, T }: { x: number; tx: number; T: number }, t: number) => {
      const z = t / (p.alpha + T + t);
      const bracket = 1 - Math.pow((p.alpha + T) / (p.alpha + T + t), p.r + x) * hyp2f1(p.r + x, p.b + x, p.a + p.b + x - 1, z);
      return ((p.a + p.b + x - 1) / (p.a - 1)) * bracket * probabilityAlive(p, { x, tx, T });
    };
    for (const [history, t] of [
      [{ x: 0, tx: 0, T: 20 }, 52],
      [{ x: 1, tx: 5, T: 30 }, 39],
      [{ x: 7, tx: 35, T: 38 }, 10],
    ] as const) {
      expect(expectedPurchases(CDNOW, history, t)).toBeCloseTo(printed(CDNOW, history, t), 10);
    }
  });

  it('is continuous at a = 1, where the printed formula divides by zero, and finite for very active customers', () => {
    const near = (a: number) => expectedPurchases({ r: 0.5, alpha: 5, a, b: 2 }, { x: 3, tx: 20, T: 30 }, 26);
    expect(near(1)).toBeCloseTo((near(1 - 1e-7) + near(1 + 1e-7)) / 2, 6);
    // x = 400: (1−z)^(r+x)·2F1(r+x, …) over- and underflows as printed; the transformed series does not.
    const busy = expectedPurchases(CDNOW, { x: 400, tx: 299, T: 300 }, 52);
    expect(Number.isFinite(busy)).toBe(true);
    // Alive almost surely, buying at about (r+x)/(α+T) a week, somewhat less with dropout on the way.
    expect(busy).toBeGreaterThan(0.5 * 52 * (400.243 / 304.414));
    expect(busy).toBeLessThan(52 * (400.243 / 304.414));
    expect(expectedPurchases(CDNOW, customer, 0)).toBe(0);
  });
});

describe('fitBgNbd', () => {
  it('recovers the parameters of 4 000 customers simulated from the CDNOW parameters', () => {
    const histories = simulateBgNbd(CDNOW, 4000, 20_260_302, [27, 39]);
    const fit = fitBgNbd(histories);
    expect(fit.converged).toBe(true);
    // A maximum: no lower likelihood than at the parameters the data came from.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(CDNOW, histories));
    const { r, alpha, a, b } = fit.parameters;
    // r and α are well determined by 4 000 customers; a and b trade off against each other, their mean a/(a+b) less so.
    expect(Math.abs(r / CDNOW.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(alpha / CDNOW.alpha - 1)).toBeLessThan(0.15);
    expect(Math.abs(a / (a + b) / (CDNOW.a / (CDNOW.a + CDNOW.b)) - 1)).toBeLessThan(0.1);
    expect(Math.abs(a / CDNOW.a - 1)).toBeLessThan(0.5);
    expect(Math.abs(b / CDNOW.b - 1)).toBeLessThan(0.5);
    // What the plugin uses, the purchases expected over the next year, agrees closely.
    const total = (p: BgNbdParameters) => histories.reduce((sum, h) => sum + expectedPurchases(p, h, 52), 0);
    expect(Math.abs(total(fit.parameters) / total(CDNOW) - 1)).toBeLessThan(0.05);
  });

  it('is indifferent to the unit of time: α scales with it, r, a and b do not', () => {
    const weeks = simulateBgNbd(CDNOW, 1000, 7, [27, 39]);
    const days = weeks.map((h) => ({ x: h.x, tx: h.tx * 7, T: h.T * 7 }));
    const inWeeks = fitBgNbd(weeks).parameters;
    const inDays = fitBgNbd(days).parameters;
    expect(inDays.r).toBeCloseTo(inWeeks.r, 4);
    expect(inDays.alpha / 7).toBeCloseTo(inWeeks.alpha, 2);
    expect(inDays.a).toBeCloseTo(inWeeks.a, 3);
  });

  it('refuses data where no customer was observed for any time', () => {
    expect(() => fitBgNbd([{ x: 0, tx: 0, T: 0 }])).toThrow(/T > 0/);
  });
});
