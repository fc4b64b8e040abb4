/**
 * Populations shaped like the platform example's demo data, on which 1.0.0's fit ran to the edge
 * of its search (a and b in the millions, p in the millions) and every prediction then overflowed:
 * customers who buy exactly every 14 days and never stop, one-off buyers, amounts of 9 to 300.
 */
import type { SimulatedCustomer } from './population.js';
import { seededRandom } from './simulate.js';

/** The rhythm of the regular buyers, in days. */
export const EVERY = 14;

/** A regular buyer's amount: 40 to 99, varying from purchase to purchase, as in the demo. */
const rhythmAmount = (index: number, k: number) => 40 + ((index * 7 + k * 13) % 60);

/**
 * `regular` customers who have bought every 14 days since their first purchase, 61 to 400 days
 * ago, up to the last 14 days (nobody drops out), then `oneOff` customers with one purchase
 * 1 to 400 days ago, of 9 to 300 (uniform, in cents). Regular buyers come first.
 */
export function regularPopulation(regular: number, oneOff: number, seed: number): SimulatedCustomer[] {
  const random = seededRandom(seed);
  const customers: SimulatedCustomer[] = [];
  for (let i = 0; i < regular; i++) {
    const first = 61 + Math.floor((i * 340) / Math.max(1, regular - 1));
    const purchases: SimulatedCustomer['purchases'] = [];
    for (let k = 0; first - k * EVERY >= 0; k++) purchases.push({ daysAgo: first - k * EVERY, amount: rhythmAmount(i, k) });
    customers.push({ email: `regular${i}@example.com`, purchases });
  }
  for (let i = 0; i < oneOff; i++) {
    const daysAgo = 1 + Math.floor(random() * 400);
    customers.push({ email: `once${i}@example.com`, purchases: [{ daysAgo, amount: Math.round(900 + random() * 29_100) / 100 }] });
  }
  return customers;
}

/**
 * The demo's own shape (core/src/demo/seedDemoData.ts, 300 customers): every tenth customer from
 * index 7 buys every 14 days (61, 47, 33, 19 and 5 days ago), every tenth from index 3 bought
 * every 14 days until 46 days ago and stopped, and about 60% of the others bought once in the
 * last 88 days. 1.0.0 fitted a = 30 102, b = 2 145 763 on it and then threw on every evaluation.
 */
export function demoPopulation(seed: number): SimulatedCustomer[] {
  const random = seededRandom(seed);
  const customers: SimulatedCustomer[] = [];
  for (let i = 0; i < 300; i++) {
    let days: number[] = [];
    if (i % 10 === 7) days = [61, 47, 33, 19, 5];
    else if (i % 10 === 3) days = [88, 74, 60, 46];
    else if (random() < 0.6) days = [1 + Math.floor(random() * 88)];
    if (days.length === 0) continue;
    const single = days.length === 1;
    customers.push({
      email: `demo${i}@example.com`,
      purchases: days.map((daysAgo, k) => ({ daysAgo, amount: single ? Math.round(900 + random() * 29_100) / 100 : rhythmAmount(i, k) })),
    });
  }
  return customers;
}
