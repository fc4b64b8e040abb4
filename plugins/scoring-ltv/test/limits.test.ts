import { describe, expect, it } from 'vitest';
import { hyp2f1 } from '../src/math/special.js';
import { nelderMead, nelderMeadAsync } from '../src/math/nelderMead.js';
import { BGNBD_BOX, expectedPurchases, fitBgNbd, fitBgNbdAsync, MAX_MEAN_RATE, probabilityAlive, type BgNbdParameters } from '../src/models/bgnbd.js';
import { expectedPurchasesWhileAlive } from '../src/models/bgnbdExpectation.js';
import { expectedSpend, fitGammaGamma } from '../src/models/gammaGamma.js';
import { expectedFigures, DAILY } from './support/population.js';
import { demoPopulation, EVERY, regularPopulation } from './support/regular.js';
import { simulateBgNbd } from './support/simulate.js';

/** FHL 2005's equation (10) as printed, with 2F1 summed directly: a reference where it converges. */
function printed(p: BgNbdParameters, { x, tx, T }: { x: number; tx: number; T: number }, t: number): number {
  const z = t / (p.alpha + T + t);
  const bracket = 1 - Math.pow((p.alpha + T) / (p.alpha + T + t), p.r + x) * hyp2f1(p.r + x, p.b + x, p.a + p.b + x - 1, z, { maxTerms: 5_000_000 });
  return ((p.a + p.b + x - 1) / (p.a - 1)) * bracket * probabilityAlive(p, { x, tx, T });
}

const figuresOf = (population: ReturnType<typeof demoPopulation>) => population.map((customer) => expectedFigures(customer));

describe('the fits on data shaped like the demo', () => {
  it('stop at the fixed-dropout and same-spend limits, converged, where 1.0.0 ran off to a = 30 102 and p = 3 254 382', () => {
    const figures = figuresOf(demoPopulation(20_260_301));
    expect(figures.filter((f) => f.history.x > 0)).toHaveLength(60);
    const bg = fitBgNbd(figures.map((f) => f.history));
    expect(bg.converged).toBe(true);
    expect(bg.limits).toEqual(['fixed-dropout']);
    // Inside the box, and at its top: the lapsed regular buyers show dropout, the same for all.
    expect(bg.parameters.b).toBeLessThanOrEqual(BGNBD_BOX.b[1]);
    expect(bg.parameters.b).toBeGreaterThan(BGNBD_BOX.b[1] / 1.01);
    const dropout = bg.parameters.a / (bg.parameters.a + bg.parameters.b);
    expect(dropout).toBeGreaterThan(0.005);
    expect(dropout).toBeLessThan(0.1);
    // The regime that overflowed 1.0.0's series: its terms climbed like (a·z)^k/k!, past e^709.
    expect(bg.parameters.a * (365 / (bg.parameters.alpha + 88 + 365))).toBeGreaterThan(709);

    const gg = fitGammaGamma(figures.filter((f) => f.spend.x > 0).map((f) => f.spend));
    expect(gg.converged).toBe(true);
    expect(gg.limits).toContain('same-spend');

    for (const { history, spend } of figures) {
      const expected = expectedPurchases(bg.parameters, history, 365);
      expect(Number.isFinite(expected) && expected >= 0).toBe(true);
      // Never more than the no-dropout bound (r+x)·t/(α+T).
      expect(expected).toBeLessThanOrEqual((365 * (bg.parameters.r + history.x)) / (bg.parameters.alpha + history.T) + 1e-9);
      const each = expectedSpend(gg.parameters, spend);
      // Same spend for everyone: the population's mean, between the demo's smallest and largest amounts.
      expect(each).toBeCloseTo(expectedSpend(gg.parameters, { x: 0, mx: 0 }), 1);
      expect(each).toBeGreaterThan(9);
      expect(each).toBeLessThan(300);
    }
  });

  it('find no dropout in customers who buy every 14 days and never stop, and predict about 365/14 purchases a year for them', () => {
    const population = regularPopulation(60, 140, 5);
    const figures = figuresOf(population);
    const fit = fitBgNbd(figures.map((f) => f.history));
    expect(fit.converged).toBe(true);
    expect(fit.limits).toContain('no-dropout');
    const { r, alpha } = fit.parameters;
    expect(alpha).toBeLessThan(10);
    for (const { history } of figures.slice(0, 60)) {
      const expected = expectedPurchases(fit.parameters, history, 365);
      // No dropout: the NBD's posterior mean rate (r+x)/(α+T), over a year.
      expect(expected / ((365 * (r + history.x)) / (alpha + history.T))).toBeCloseTo(1, 4);
      // That rate is below 1/14 for two reasons, both fading as the history grows: it is x/T shrunk
      // toward the population's r/α (mostly one-off buyers) with weight α/(α+T), and x/T counts the
      // u = T − t_x < 14 days since the last purchase. With T = 14x + u, 14·(r+x)/(α+T) is at least
      // 1 − (α+u)/(α+T): the tolerance, per customer. α itself is a few days here (the spread of
      // rates between one-off and regular buyers), so from 200 days of history on it is within 10%.
      const ratio = expected / (365 / EVERY);
      expect(1 - ratio).toBeLessThanOrEqual((alpha + history.T - history.tx) / (alpha + history.T));
      if (history.T >= 200) expect(ratio).toBeGreaterThan(0.9);
      // Above 365/14 it can go by r/α·365 at most: under half a purchase a year.
      expect(ratio).toBeLessThan(1.02);
      expect(probabilityAlive(fit.parameters, history)).toBeGreaterThan(0.999);
    }
    // One-off buyers: the population's mean rate r/α at first, less the longer they stay away;
    // under one purchase a year once they have been away two months.
    for (const { history } of figures.slice(60)) {
      const expected = expectedPurchases(fit.parameters, history, 365);
      expect(expected).toBeLessThan((365 * r) / alpha);
      if (history.T >= 60) expect(expected).toBeLessThan(1);
    }
  });
});

describe('E[X(t) | x, t_x, T] across the parameters the fit can return', () => {
  it('agrees with the printed formula where both can be summed, whichever way it is computed', () => {
    const cases: [BgNbdParameters, { x: number; tx: number; T: number }, string][] = [
      [{ r: 0.5, alpha: 10, a: 50, b: 500_000 }, { x: 3, tx: 42, T: 88 }, 'narrow-beta'],
      [{ r: 0.5, alpha: 10, a: 2000, b: 100_000 }, { x: 3, tx: 42, T: 88 }, 'narrow-beta'],
      [{ r: 0.5, alpha: 10, a: 5, b: 3 }, { x: 3, tx: 42, T: 88 }, 'direct-series'],
      [{ r: 2, alpha: 30, a: 40, b: 400 }, { x: 12, tx: 160, T: 170 }, 'direct-series'],
      [{ r: 0.5, alpha: 10, a: 0.8, b: 2.4 }, { x: 3, tx: 42, T: 88 }, 'euler-series'],
    ];
    for (const [parameters, history, method] of cases) {
      expect(expectedPurchasesWhileAlive(parameters, history, 365).method).toBe(method);
      const value = expectedPurchases(parameters, history, 365);
      expect(value / printed(parameters, history, 365)).toBeCloseTo(1, 6);
    }
  });

  it('tends to the no-dropout limit (r+x)·t/(α+T) and to the fixed-dropout closed form', () => {
    const history = { x: 4, tx: 56, T: 61 };
    const noDropout = expectedPurchases({ r: 0.3, alpha: 18, a: BGNBD_BOX.a[0], b: BGNBD_BOX.b[1] }, history, 365);
    expect(noDropout / ((365 * 4.3) / (18 + 61))).toBeCloseTo(1, 6);
    // Every customer drops out with p after each purchase: P(alive)·(1 − ((α+T)/(α+T+p·t))^(r+x))/p.
    const p = 0.02;
    const fixed: BgNbdParameters = { r: 0.3, alpha: 18, a: p * 1e6, b: (1 - p) * 1e6 };
    const closed = (probabilityAlive(fixed, history) * (1 - Math.pow(79 / (79 + p * 365), 4.3))) / p;
    expect(expectedPurchases(fixed, history, 365) / closed).toBeCloseTo(1, 4);
  });

  it('is finite and at most the no-dropout bound at every corner of the box, for histories from T = 0 to x = 2000', () => {
    const corners = (key: keyof BgNbdParameters) => [BGNBD_BOX[key][0], 1, BGNBD_BOX[key][1]];
    let checked = 0;
    for (const longest of [30, 400]) {
      for (const r of corners('r'))
        for (const scaledAlpha of corners('alpha'))
          for (const a of corners('a'))
            for (const b of corners('b')) {
              const alpha = (scaledAlpha * longest) / 10;
              // The fit never returns a mean rate above MAX_MEAN_RATE times the fastest customer's (at most one a day).
              if (r / alpha > MAX_MEAN_RATE) continue;
              for (const history of [
                { x: 0, tx: 0, T: 0 },
                { x: 1, tx: 1, T: 1 },
                { x: 3, tx: 42, T: 88 },
                { x: 400, tx: 399, T: 400 },
                { x: 2000, tx: 2000, T: 2000 },
              ]) {
                for (const t of [1, 365, 3650]) {
                  const value = expectedPurchases({ r, alpha, a, b }, history, t);
                  expect(Number.isFinite(value) && value >= 0, `r=${r} α=${alpha} a=${a} b=${b} ${JSON.stringify(history)} t=${t}: ${value}`).toBe(true);
                  expect(value).toBeLessThanOrEqual(((r + history.x) * t) / (alpha + history.T) * (1 + 1e-9));
                  checked++;
                }
              }
            }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('refuses parameters that are not finite and positive, with a RangeError naming them', () => {
    expect(() => expectedPurchases({ r: 0.3, alpha: 0, a: 1, b: 2 }, { x: 1, tx: 1, T: 5 }, 365)).toThrow(/alpha = 0/);
    expect(() => expectedSpend({ p: 1, q: 0.5, gamma: 1 }, { x: 1, mx: 10 })).toThrow(RangeError);
  });
});

describe('fitting without blocking the event loop', () => {
  it('gives the event loop turns during a fit over 100 000 customers, and finds what the blocking search finds', async () => {
    // 100 000 customers over two years, counted once per distinct (x, t_x, T) in whole days as fitPopulation does.
    const distinct = new Map<string, { x: number; tx: number; T: number; weight: number }>();
    for (const h of simulateBgNbd(DAILY, 100_000, 11, [30, 730])) {
      const day = { x: h.x, tx: Math.round(h.tx), T: Math.round(h.T) };
      const key = `${day.x}:${day.tx}:${day.T}`;
      const seen = distinct.get(key);
      if (seen) seen.weight++;
      else distinct.set(key, { ...day, weight: 1 });
    }
    const histories = [...distinct.values()];
    let turns = 0;
    let longestPause = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestPause = Math.max(longestPause, now - last);
      last = now;
      turns++;
    }, 1);
    const started = performance.now();
    let fit;
    try {
      fit = await fitBgNbdAsync(histories);
    } finally {
      clearInterval(ticker);
    }
    const took = performance.now() - started;
    // A blocking fit would let the timer run only after it ended: no turn at all.
    expect(turns).toBeGreaterThan(10);
    expect(longestPause).toBeLessThan(Math.max(1000, took / 2));
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.parameters.r / DAILY.r - 1)).toBeLessThan(0.1);
  });

  it('takes the same steps as the blocking search', async () => {
    const f = ([x, y]: number[]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2;
    expect(await nelderMeadAsync(f, [-1.2, 1], { sliceMs: 0 })).toEqual(nelderMead(f, [-1.2, 1]));
    const histories = simulateBgNbd(DAILY, 500, 3, [100, 300]);
    expect(await fitBgNbdAsync(histories, { sliceMs: 0 })).toEqual(fitBgNbd(histories));
  });
});
