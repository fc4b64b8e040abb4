/**
 * Data simulated from the models' own stories with a seeded generator, so a fit can be checked
 * against the parameters the data came from.
 */
import type { BgNbdParameters, PurchaseHistory } from '../../src/models/bgnbd.js';
import type { GammaGammaParameters, SpendHistory } from '../../src/models/gammaGamma.js';

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, rate) draw (Marsaglia & Tsang 2000; boosted below shape 1). */
export function gammaDraw(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaDraw(random, shape + 1, rate) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const n = normal(random);
    const v = (1 + c * n) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * n * n + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** A Beta(a, b) draw, as the share of one Gamma draw in the sum of two. */
function betaDraw(random: () => number, a: number, b: number): number {
  const x = gammaDraw(random, a, 1);
  return x / (x + gammaDraw(random, b, 1));
}

/**
 * `customers` histories from the BG/NBD story: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases at
 * rate λ from time 0 (the first purchase) until `T`, and after each repeat purchase the customer
 * drops out with probability p. T is drawn uniformly from [minT, maxT], as cohorts acquired over
 * a period.
 */
export function simulateBgNbd(parameters: BgNbdParameters, customers: number, seed: number, span: [number, number]): PurchaseHistory[] {
  return simulatePurchaseTimes(parameters, customers, seed, span).map(({ T, repeats }) => ({ x: repeats.length, tx: repeats.at(-1) ?? 0, T }));
}

/** The story behind {@link simulateBgNbd}: each customer's T and the times of their repeat purchases, counted from the first. */
export function simulatePurchaseTimes(parameters: BgNbdParameters, customers: number, seed: number, [minT, maxT]: [number, number]): { T: number; repeats: number[] }[] {
  const random = seededRandom(seed);
  const result: { T: number; repeats: number[] }[] = [];
  for (let i = 0; i < customers; i++) {
    const lambda = gammaDraw(random, parameters.r, parameters.alpha);
    const p = betaDraw(random, parameters.a, parameters.b);
    const T = minT + (maxT - minT) * random();
    const repeats: number[] = [];
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      if (t > T) break;
      repeats.push(t);
      if (random() < p) break;
    }
    result.push({ T, repeats });
  }
  return result;
}

/** `customers` spends from the Gamma-Gamma story, each with 1 to `maxX` purchases. */
export function simulateGammaGamma(parameters: GammaGammaParameters, customers: number, seed: number, maxX = 8): SpendHistory[] {
  const random = seededRandom(seed);
  const spends: SpendHistory[] = [];
  for (let i = 0; i < customers; i++) {
    const nu = gammaDraw(random, parameters.q, parameters.gamma);
    const x = 1 + Math.floor(random() * maxX);
    let sum = 0;
    for (let k = 0; k < x; k++) sum += gammaDraw(random, parameters.p, nu);
    spends.push({ x, mx: sum / x });
  }
  return spends;
}
