import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import type { LtvApi, StoredModel } from '../src/index.js';
import { expectedPurchases } from '../src/models/bgnbd.js';
import { expectedSpend } from '../src/models/gammaGamma.js';
import { fits, ltv, PLUGIN, purchase, START, startHost } from './support/host.js';
import { expectedFigures, writePopulation } from './support/population.js';
import { demoPopulation, EVERY, regularPopulation } from './support/regular.js';

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const model = () => host!.getExports<LtvApi>(PLUGIN).model();

/** The demo's parameters as 1.0.0 fitted and logged them, on which every evaluation threw. */
const FITTED_BY_1_0_0: StoredModel = {
  fittedAt: START,
  currency: 'EUR',
  minRepeatCustomers: 50,
  customers: 206,
  repeatCustomers: 60,
  bgnbd: { r: 0.329, alpha: 18.7, a: 30101.9, b: 2145762.8, logLikelihood: -1, converged: false },
  gammaGamma: { p: 3254381.99, q: 53.6, gamma: 0.00115, logLikelihood: -1, converged: false },
  reason: null,
};

describe('the ltv rule on data shaped like the demo', () => {
  it('fits, stays active and predicts every customer, where 1.0.0 threw on every evaluation', async () => {
    const population = demoPopulation(20_260_301);
    host = await startHost();
    const ids = await writePopulation(host, population);
    await host.advance('P1D');
    expect(fits(host)).toBe(2);
    expect(host.plugin(PLUGIN).state).toBe('ACTIVE');

    const fitted = (await model())!;
    expect(fitted).toMatchObject({ customers: population.length, repeatCustomers: 60, reason: null });
    expect(fitted.bgnbd).toMatchObject({ converged: true, limits: ['fixed-dropout'] });
    expect(fitted.gammaGamma).toMatchObject({ converged: true, limits: expect.arrayContaining(['same-spend']) });

    for (const [k, customer] of population.entries()) {
      const { total, history, spend } = expectedFigures(customer, 1);
      const score = (await ltv(host, ids[k]!))!;
      expect(score.explanation).toMatch(/predicted over the next 365 days \(P\(alive\) [01]\.\d\d, [\d.]+ purchases expected at €[\d,.]+\)$/);
      const predicted = expectedPurchases(fitted.bgnbd!, history, 365) * expectedSpend(fitted.gammaGamma!, spend);
      expect(Number.isFinite(predicted)).toBe(true);
      expect(score.value).toBeCloseTo(total + predicted, 2);
    }
  });

  it('predicts about 365/14 purchases a year for customers who buy every 14 days and never stop', async () => {
    const population = regularPopulation(60, 140, 5);
    host = await startHost();
    const ids = await writePopulation(host, population);
    await host.advance('P1D');
    expect((await model())!.bgnbd).toMatchObject({ converged: true, limits: expect.arrayContaining(['no-dropout']) });
    for (const k of [0, 15, 30, 45, 59]) {
      const { history } = expectedFigures(population[k]!, 1);
      const explanation = (await ltv(host, ids[k]!))!.explanation!;
      const purchases = Number(/, ([\d.]+) purchases expected/.exec(explanation)?.[1]);
      expect(explanation).toMatch(/\(P\(alive\) 1\.00, /);
      // The tolerance is argued in limits.test.ts: shrinkage toward the population's rate and the
      // days since the last purchase, together under 10% from 200 days of history, 15% before.
      expect(Math.abs(purchases / (365 / EVERY) - 1)).toBeLessThan(history.T >= 200 ? 0.1 : 0.15);
    }
  });
});

describe('the ltv rule with parameters it cannot, or could not, use', () => {
  it('scores with the degenerate parameters 1.0.0 stored for the demo, instead of throwing', async () => {
    host = await startHost({ startup: false });
    await host.storage(PLUGIN).set('model', FITTED_BY_1_0_0);
    const regular = await purchase(host, 'regular@example.com', 88, 50);
    for (const daysAgo of [74, 60, 46]) await purchase(host, 'regular@example.com', daysAgo, 60);
    expect(fits(host)).toBe(0);
    const score = (await ltv(host, regular))!;
    expect(host.plugin(PLUGIN).state).toBe('ACTIVE');
    const history = { x: 3, tx: 42, T: 88 };
    const expected = expectedPurchases(FITTED_BY_1_0_0.bgnbd!, history, 365);
    // Dropout of 1.4% after each purchase, the same for everyone: a few purchases fewer than the
    // no-dropout rate (r+x)·t/(α+T) over the year.
    expect(expected).toBeGreaterThan(0.5 * ((365 * 3.329) / (18.7 + 88)));
    expect(expected).toBeLessThan((365 * 3.329) / (18.7 + 88));
    expect(score.value).toBeCloseTo(230 + expected * expectedSpend(FITTED_BY_1_0_0.gammaGamma!, { x: 3, mx: 60 }), 2);
  });

  it('falls back to the historic value, saying why, when the stored parameters cannot give a prediction', async () => {
    host = await startHost({ startup: false });
    await host.storage(PLUGIN).set('model', { ...FITTED_BY_1_0_0, bgnbd: { ...FITTED_BY_1_0_0.bgnbd!, alpha: 0 } });
    const ada = await purchase(host, 'ada@example.com', 30, 40);
    await purchase(host, 'ada@example.com', 2, 60.5);
    expect(await ltv(host, ada)).toMatchObject({
      value: 100.5,
      label: 'EUR',
      explanation:
        '€100.50 so far over 2 purchases; no prediction: the model could not be evaluated for this history (x = 1, t_x = 28, T = 30 days): BG/NBD parameters must be finite and positive; got alpha = 0',
    });
    expect(host.plugin(PLUGIN).state).toBe('ACTIVE');
  });
});
