import type { TestHost } from '@rapport/sdk/testing';
import type { BgNbdParameters, PurchaseHistory } from '../../src/models/bgnbd.js';
import { purchase } from './host.js';
import { gammaDraw, seededRandom, simulatePurchaseTimes } from './simulate.js';

/** One simulated customer: their purchases, in whole days before the clock when they are written. */
export interface SimulatedCustomer {
  email: string;
  purchases: { daysAgo: number; amount: number }[];
}

/** Purchase rates and dropout in days: a purchase every ~2 months while alive, a quarter drop out after each. */
export const DAILY: BgNbdParameters = { r: 0.7, alpha: 40, a: 1.2, b: 3.5 };

/**
 * `customers` buyers from the BG/NBD story (first purchases 150 to 400 days ago), each spending
 * Gamma(5, ν) per purchase with ν ~ Gamma(4, 60): about €100 a purchase on average.
 */
export function simulatePopulation(customers: number, seed: number): SimulatedCustomer[] {
  const amounts = seededRandom(seed + 1);
  return simulatePurchaseTimes(DAILY, customers, seed, [150, 400]).map(({ T, repeats }, index) => {
    const nu = gammaDraw(amounts, 4, 60);
    const spend = () => Math.round(gammaDraw(amounts, 5, nu) * 100) / 100;
    const first = Math.round(T);
    return {
      email: `buyer${index}@example.com`,
      purchases: [first, ...repeats.map((t) => Math.max(0, Math.round(T - t)))].map((daysAgo) => ({ daysAgo, amount: spend() })),
    };
  });
}

/** Writes the population's purchases; returns each customer's id, in order. */
export async function writePopulation(host: TestHost, population: readonly SimulatedCustomer[]): Promise<string[]> {
  const ids: string[] = [];
  for (const customer of population) {
    let id = '';
    for (const { daysAgo, amount } of customer.purchases) id = await purchase(host, customer.email, daysAgo, amount);
    ids.push(id);
  }
  return ids;
}

/**
 * A customer's figures worked out from what the test wrote, `laterDays` after writing: purchases
 * on one day are one transaction, x the later days, t_x the last of them and T today, counted
 * from the first; the spend is the repeat days' mean.
 */
export function expectedFigures(customer: SimulatedCustomer, laterDays = 0): { total: number; count: number; history: PurchaseHistory; spend: { x: number; mx: number } } {
  const byDay = new Map<number, number>();
  for (const { daysAgo, amount } of customer.purchases) byDay.set(daysAgo, (byDay.get(daysAgo) ?? 0) + amount);
  const days = [...byDay.keys()].sort((a, b) => b - a);
  const first = days[0]!;
  const repeats = days.slice(1);
  const x = repeats.length;
  return {
    total: customer.purchases.reduce((sum, p) => sum + p.amount, 0),
    count: customer.purchases.length,
    history: { x, tx: x > 0 ? first - repeats[x - 1]! : 0, T: first + laterDays },
    spend: { x, mx: x > 0 ? repeats.reduce((sum, day) => sum + byDay.get(day)!, 0) / x : 0 },
  };
}
