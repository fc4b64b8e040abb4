import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Direction } from '@rapport/sdk';
import type { TestHost } from '@rapport/sdk/testing';
import { lifecycle, PLUGIN, START, startHost } from './host.js';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.parse(START) - days * DAY);

/** A customer whose first interaction was `first` days ago, last inbound `last` days ago (none if undefined), with purchases. */
interface Case {
  name: string;
  first: number;
  last?: number;
  purchases?: number;
  firstPurchase?: number;
  expected: string | undefined;
}

// The table of 1.0's classifyLifecycle, now run by the database over the rule model (default settings:
// newFor P14D, onboardingFor P60D, 3 purchases, atRiskAfter P45D, churnedAfter P120D). NPS cases are in nps.test.ts.
const CASES: Case[] = [
  { name: 'first message today: new', first: 0, last: 0, expected: 'new' },
  { name: 'first message 13 days ago: still new', first: 13, last: 13, expected: 'new' },
  { name: 'first message exactly newFor ago: no longer new', first: 14, last: 10, expected: 'active' },
  { name: 'first message 20 days ago, active since, no purchase: active', first: 20, last: 2, expected: 'active' },
  { name: 'one purchase today: onboarding', first: 3, last: 0, purchases: 1, firstPurchase: 0, expected: 'onboarding' },
  { name: 'first purchase 59 days ago, active since: onboarding', first: 80, last: 5, purchases: 2, firstPurchase: 59, expected: 'onboarding' },
  { name: 'first purchase exactly onboardingFor ago: active', first: 80, last: 5, purchases: 2, firstPurchase: 60, expected: 'active' },
  { name: 'three purchases: loyal', first: 200, last: 1, purchases: 3, firstPurchase: 150, expected: 'loyal' },
  { name: 'three purchases inside the onboarding window: loyal beats onboarding', first: 10, last: 0, purchases: 3, firstPurchase: 5, expected: 'loyal' },
  { name: 'two purchases: not yet loyal', first: 200, last: 1, purchases: 2, firstPurchase: 150, expected: 'active' },
  { name: 'quiet for 44 days: active', first: 300, last: 44, expected: 'active' },
  { name: 'quiet for exactly atRiskAfter: at-risk', first: 300, last: 45, expected: 'at-risk' },
  { name: 'quiet for 119 days: at-risk', first: 300, last: 119, expected: 'at-risk' },
  { name: 'quiet for exactly churnedAfter: churned', first: 300, last: 120, expected: 'churned' },
  { name: 'a loyal customer gone quiet: at-risk beats loyal', first: 300, last: 50, purchases: 5, firstPurchase: 290, expected: 'at-risk' },
  { name: 'a loyal customer gone for good: churned beats loyal', first: 400, last: 200, purchases: 5, firstPurchase: 390, expected: 'churned' },
  { name: 'a recent buyer gone quiet: at-risk beats onboarding', first: 50, last: 46, purchases: 1, firstPurchase: 46, expected: 'at-risk' },
  { name: 'never inbound, first contact 10 days ago: new', first: 10, expected: 'new' },
  { name: 'never inbound, first contact 50 days ago: quiet since then, at-risk', first: 50, expected: 'at-risk' },
  { name: 'never inbound, first contact 130 days ago: churned', first: 130, expected: 'churned' },
];

describe('the order of precedence, over every case at once', () => {
  let host: TestHost;
  const ids = new Map<string, string>();

  async function write(email: string, days: number, direction: Direction, type = 'message'): Promise<string> {
    const recorded = await host.interactions.record({ email, channel: 'email', direction, type, text: 'Hello', occurredAt: daysAgo(days), ...(type === 'purchase' && { metadata: { amount: 10, currency: 'EUR' } }) });
    return recorded.customerId;
  }

  beforeAll(async () => {
    host = await startHost();
    for (const [index, entry] of CASES.entries()) {
      const email = `case${index}@example.com`;
      // The first contact is the team's (outbound), so that only `last` is the customer's own activity.
      ids.set(entry.name, await write(email, entry.first, entry.last === entry.first ? 'INBOUND' : 'OUTBOUND'));
      if (entry.last !== undefined && entry.last !== entry.first) await write(email, entry.last, 'INBOUND');
      // The first purchase at firstPurchase, the others no later than the last activity.
      for (let n = 0; n < (entry.purchases ?? 0); n++) await write(email, n === 0 ? entry.firstPurchase! : Math.max(entry.last ?? 0, 0), 'INBOUND', 'purchase');
    }
    await host.advance(0);
  });
  afterAll(() => host.stop());

  it.each(CASES.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    expect(await lifecycle(host, ids.get(entry.name)!)).toEqual(entry.expected ? [entry.expected] : []);
  });

  it('gives a customer without interactions no segment', async () => {
    const customer = await host.customers.create({ emails: ['nobody@example.com'] });
    await host.advance(0);
    expect(await lifecycle(host, customer.id)).toEqual([]);
  });

  it('lets at-risk win over new when newFor is set longer than atRiskAfter', async () => {
    const other = await startHost({ settings: { [PLUGIN]: { newFor: 'P90D' } } });
    try {
      const record = async (email: string, first: number, last: number) => {
        const { customerId } = await other.interactions.record({ email, channel: 'email', direction: 'OUTBOUND', type: 'message', text: 'Hi', occurredAt: daysAgo(first) });
        await other.interactions.record({ email, channel: 'email', direction: 'INBOUND', type: 'message', text: 'Hi', occurredAt: daysAgo(last) });
        return customerId;
      };
      const quiet = await record('quiet@example.com', 60, 50);
      const recent = await record('recent@example.com', 60, 40);
      await other.advance(0);
      expect(await lifecycle(other, quiet)).toEqual(['at-risk']);
      expect(await lifecycle(other, recent)).toEqual(['new']);
    } finally {
      await other.stop();
    }
  });
});
