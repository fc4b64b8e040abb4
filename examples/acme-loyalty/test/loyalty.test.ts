import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';

const LOYALTY = '@acme/rapport-loyalty';
const CSAT = '@rapport/plugin-scoring-csat';
// Both plugins are loaded by path, as a deployment's rapport.config.json names them.
const PLUGIN_DIR = fileURLToPath(new URL('..', import.meta.url));
const CSAT_DIR = fileURLToPath(new URL('../../../plugins/scoring-csat', import.meta.url));
const START = '2026-03-01T09:00:00.000Z';

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

async function start(options: { settings?: Record<string, unknown>; withCsat?: boolean } = {}): Promise<TestHost> {
  host = await createTestHost({
    plugins: options.withCsat === false ? [PLUGIN_DIR] : [CSAT_DIR, PLUGIN_DIR],
    clock: new FakeClock(START),
    ...(options.settings && { settings: { [LOYALTY]: options.settings } }),
  });
  return host;
}

/** Records purchases of these amounts (EUR unless given) for a customer; returns their id. */
async function buy(test: TestHost, email: string, amounts: number[], currency = 'EUR'): Promise<string> {
  let customerId = '';
  for (const amount of amounts) {
    ({ customerId } = await test.interactions.record({ email, channel: 'web', direction: 'INBOUND', type: 'purchase', metadata: { amount, currency } }));
  }
  await test.advance(0);
  return customerId;
}

/** Records CSAT survey answers (1–5) for a customer. */
async function answer(test: TestHost, email: string, ...answers: number[]): Promise<void> {
  for (const csat of answers) {
    await test.interactions.record({ email, channel: 'email', direction: 'INBOUND', type: 'survey_response', metadata: { csat } });
  }
  await test.advance(0);
}

async function loyaltyOf(test: TestHost, customerId: string) {
  return (await test.scores(customerId)).find((score) => score.rule === 'loyalty');
}

interface TierNode {
  emails: string[];
  loyaltyTier: { tier: string; rank: number; explanation: string | null; purchases: number; amount: number; currency: string; csat: number | null; heldBack: boolean; computedAt: string } | null;
}

async function tiersInGraphQL(test: TestHost): Promise<Record<string, TierNode['loyaltyTier']>> {
  const result = await test.graphql<{ customers: { edges: { node: TierNode }[] } }>(
    '{ customers { edges { node { emails loyaltyTier { tier rank explanation purchases amount currency csat heldBack computedAt } } } } }',
  );
  expect(result.errors).toBeUndefined();
  return Object.fromEntries(result.data!.customers.edges.map(({ node }) => [node.emails[0]!, node.loyaltyTier]));
}

describe('loyalty tiers', () => {
  it('makes a customer with 4 purchases totalling 310 EUR and CSAT 100 gold, in the scores and in GraphQL', async () => {
    const test = await start();
    const customerId = await buy(test, 'ada@example.com', [100, 60, 90, 60]);
    await answer(test, 'ada@example.com', 5);

    expect(await loyaltyOf(test, customerId)).toMatchObject({ value: 3, label: 'gold', explanation: '4 purchases totalling 310 EUR and CSAT 100: gold' });
    expect(await tiersInGraphQL(test)).toEqual({
      'ada@example.com': {
        tier: 'gold',
        rank: 3,
        explanation: '4 purchases totalling 310 EUR and CSAT 100: gold',
        purchases: 4,
        amount: 310,
        currency: 'EUR',
        csat: 100,
        heldBack: false,
        computedAt: START,
      },
    });
  });

  it('climbs from bronze to platinum as purchases add up, and has no tier without a purchase', async () => {
    const test = await start();
    await answer(test, 'ada@example.com', 5);
    expect(await tiersInGraphQL(test)).toEqual({ 'ada@example.com': null });

    const customerId = await buy(test, 'ada@example.com', [40]);
    expect(await loyaltyOf(test, customerId)).toMatchObject({ value: 1, label: 'bronze', explanation: '1 purchase totalling 40 EUR and CSAT 100: bronze' });
    await buy(test, 'ada@example.com', [70]);
    expect(await loyaltyOf(test, customerId)).toMatchObject({ value: 2, label: 'silver' });
    await buy(test, 'ada@example.com', [100, 100, 100, 100, 100, 500]);
    expect(await loyaltyOf(test, customerId)).toMatchObject({ value: 4, label: 'platinum', explanation: '8 purchases totalling 1110 EUR and CSAT 100: platinum' });

    expect(test.events('score.changed').filter((event) => event.rule === 'loyalty').map((event) => [event.previousValue, event.value])).toEqual([
      [null, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it('needs the amount as well as the number of purchases', async () => {
    const test = await start();
    const customerId = await buy(test, 'ada@example.com', [10, 10, 10, 10]);
    await answer(test, 'ada@example.com', 5);
    expect(await loyaltyOf(test, customerId)).toMatchObject({ label: 'bronze', explanation: '4 purchases totalling 40 EUR and CSAT 100: bronze' });
  });

  it('holds a customer with a low CSAT back one tier, and lets them up again when it recovers', async () => {
    const test = await start();
    const customerId = await buy(test, 'ada@example.com', [100, 60, 90, 60]);
    await answer(test, 'ada@example.com', 5);
    expect(await loyaltyOf(test, customerId)).toMatchObject({ value: 3, label: 'gold' });

    // A second answer of 2: CSAT 50, below gold's 80. The csat score.changed re-evaluates the tier.
    await answer(test, 'ada@example.com', 2);
    expect(await loyaltyOf(test, customerId)).toMatchObject({
      value: 2,
      label: 'silver',
      explanation: '4 purchases totalling 310 EUR and CSAT 50: silver (held back from gold, which needs CSAT 80)',
    });
    expect((await tiersInGraphQL(test))['ada@example.com']).toMatchObject({ tier: 'silver', rank: 2, csat: 50, heldBack: true });

    // Only one tier: a platinum customer with a CSAT of 25 (below silver's 50 too) is gold.
    await buy(test, 'ada@example.com', [200, 200, 200, 200]);
    await answer(test, 'ada@example.com', 1, 1);
    expect(await loyaltyOf(test, customerId)).toMatchObject({
      value: 3,
      label: 'gold',
      explanation: '8 purchases totalling 1110 EUR and CSAT 25: gold (held back from platinum, which needs CSAT 90)',
    });

    // 27 satisfied answers of 30: CSAT 90, enough for platinum.
    await answer(test, 'ada@example.com', ...Array<number>(26).fill(5));
    expect(await loyaltyOf(test, customerId)).toMatchObject({ value: 4, label: 'platinum', explanation: '8 purchases totalling 1110 EUR and CSAT 90: platinum' });
  });

  it('leaves a customer without CSAT at the tier their purchases earn, unless requireCsat is set', async () => {
    const test = await start();
    const customerId = await buy(test, 'ada@example.com', [100, 60, 90, 60]);
    expect(await loyaltyOf(test, customerId)).toMatchObject({ label: 'gold', explanation: '4 purchases totalling 310 EUR and no CSAT yet: gold' });
    await test.stop();

    const strict = await start({ settings: { requireCsat: true } });
    const strictId = await buy(strict, 'ada@example.com', [100, 60, 90, 60]);
    expect(await loyaltyOf(strict, strictId)).toMatchObject({
      label: 'silver',
      explanation: '4 purchases totalling 310 EUR and no CSAT yet: silver (held back from gold, which needs CSAT 80)',
    });
  });

  it('uses the thresholds and currency from the settings', async () => {
    const test = await start({ settings: { currency: 'USD', silver: { purchases: 2, amount: 20 }, gold: { purchases: 3, amount: 50 } } });
    const customerId = await buy(test, 'ada@example.com', [30, 30], 'USD');
    expect(await loyaltyOf(test, customerId)).toMatchObject({ label: 'silver', explanation: '2 purchases totalling 60 USD and no CSAT yet: silver' });
    // A purchase in euros counts as a purchase; its amount is not added to the dollars.
    await buy(test, 'ada@example.com', [1000], 'EUR');
    await answer(test, 'ada@example.com', 4);
    expect(await loyaltyOf(test, customerId)).toMatchObject({
      label: 'gold',
      explanation: '3 purchases totalling 60 USD (amounts in other currencies left out) and CSAT 100: gold',
    });
  });

  it('scores the survivor of a merge over both customers\' purchases', async () => {
    const test = await start();
    await buy(test, 'ada@example.com', [100, 100]);
    await buy(test, 'bob@example.com', [100, 100]);
    await answer(test, 'ada@example.com', 5);
    const ids = await test.graphql<{ customers: { edges: { node: { id: string; emails: string[] } }[] } }>('{ customers { edges { node { id emails } } } }');
    const idOf = (email: string) => ids.data!.customers.edges.find((edge) => edge.node.emails.includes(email))!.node.id;
    const merged = await test.graphql('mutation ($target: ID!, $source: ID!) { mergeCustomers(input: { targetId: $target, sourceId: $source }) { id } }', {
      target: idOf('ada@example.com'),
      source: idOf('bob@example.com'),
    });
    expect(merged.errors).toBeUndefined();
    await test.advance(0);
    expect(await tiersInGraphQL(test)).toEqual({
      'ada@example.com': expect.objectContaining({ tier: 'gold', purchases: 4, amount: 400, explanation: '4 purchases totalling 400 EUR and CSAT 100: gold' }),
    });
    const survivor = (await test.customers.find({ email: 'ada@example.com' }))[0]!;
    expect(await loyaltyOf(test, survivor.id)).toMatchObject({ value: 3, label: 'gold', explanation: '4 purchases totalling 400 EUR and CSAT 100: gold' });
  });
});

describe('Customer.loyaltyTier', () => {
  it('is the stored loyalty score, with the figures the rule works it out from, and keeps nothing in storage', async () => {
    const test = await start();
    const customerId = await buy(test, 'ada@example.com', [100, 60, 90, 60]);
    await test.advance('PT1H');
    await answer(test, 'ada@example.com', 5, 2);

    const stored = (await loyaltyOf(test, customerId))!;
    expect(stored).toMatchObject({ value: 2, label: 'silver', explanation: '4 purchases totalling 310 EUR and CSAT 50: silver (held back from gold, which needs CSAT 80)' });
    expect((await tiersInGraphQL(test))['ada@example.com']).toEqual({
      tier: stored.label,
      rank: stored.value,
      explanation: stored.explanation,
      computedAt: new Date(stored.computedAt).toISOString(),
      purchases: 4,
      amount: 310,
      currency: 'EUR',
      csat: 50,
      heldBack: true,
    });
    // The CSAT answers an hour later re-evaluated the tier: computedAt is the score's own.
    expect(new Date(stored.computedAt).toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(test.plugin(LOYALTY).permissions).toEqual(['customers:read', 'interactions:read', 'scores:write']);
    expect(await test.storage(LOYALTY).keys()).toEqual([]);
  });

  it('shows the tier the rule has stored, and the figures as they are now, until the rule scores them', async () => {
    const test = await start();
    // Purchases recorded while the plugin is disabled are not scored: no stored score, no tier.
    await test.setPluginEnabled(LOYALTY, false);
    const customerId = await buy(test, 'ada@example.com', [40]);
    await test.setPluginEnabled(LOYALTY, true);
    expect(await loyaltyOf(test, customerId)).toBeUndefined();
    expect(await tiersInGraphQL(test)).toEqual({ 'ada@example.com': null });

    // The next purchase is scored, over both.
    await buy(test, 'ada@example.com', [70]);
    const silver = { tier: 'silver', rank: 2, explanation: '2 purchases totalling 110 EUR and no CSAT yet: silver' };
    expect(await tiersInGraphQL(test)).toEqual({ 'ada@example.com': expect.objectContaining({ ...silver, purchases: 2, amount: 110 }) });

    // A purchase the rule has not scored (yet) shows in the figures, not in the tier.
    await test.setPluginEnabled(LOYALTY, false);
    await buy(test, 'ada@example.com', [200]);
    await test.setPluginEnabled(LOYALTY, true);
    expect(await tiersInGraphQL(test)).toEqual({ 'ada@example.com': expect.objectContaining({ ...silver, purchases: 3, amount: 310 }) });
  });
});

describe('LoyaltyTier.next', () => {
  const NEXT = '{ customers { edges { node { emails loyaltyTier { tier next { tier purchasesNeeded amountNeeded csatNeeded csatShort } } } } } }';
  const nextOf = async (test: TestHost) => {
    const result = await test.graphql<{ customers: { edges: { node: { emails: string[]; loyaltyTier: { tier: string; next: unknown } | null } }[] } }>(NEXT);
    expect(result.errors).toBeUndefined();
    return Object.fromEntries(result.data!.customers.edges.map(({ node }) => [node.emails[0]!, node.loyaltyTier]));
  };

  it('says what each customer needs for the tier above, and nothing at platinum', async () => {
    const test = await start();
    await buy(test, 'bronze@example.com', [40]);
    await buy(test, 'held@example.com', [100, 60, 90, 60]);
    await answer(test, 'held@example.com', 5, 2);
    await buy(test, 'top@example.com', [200, 200, 200, 200, 200, 200, 200, 200]);

    expect(await nextOf(test)).toEqual({
      // Silver needs 2 purchases and 100 EUR; no CSAT yet holds no one back without requireCsat.
      'bronze@example.com': { tier: 'bronze', next: { tier: 'silver', purchasesNeeded: 1, amountNeeded: 60, csatNeeded: 50, csatShort: false } },
      // Gold's purchases and amount are there; the CSAT of 50 is what stands in the way.
      'held@example.com': { tier: 'silver', next: { tier: 'gold', purchasesNeeded: 0, amountNeeded: 0, csatNeeded: 80, csatShort: true } },
      'top@example.com': { tier: 'platinum', next: null },
    });
  });
});

describe('the Loyalty view', () => {
  it('is declared for the customer page, and its entry ships with the package', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      files: string[];
      rapport: { contributes: { views: { id: string; title: string; location: string; entry: string }[] } };
    };
    expect(manifest.rapport.contributes.views).toEqual([{ id: 'loyalty', title: 'Loyalty', location: 'customer', entry: 'views/loyalty-panel.js' }]);
    expect(manifest.files).toContain('views');
    // One self-contained module the browser imports: it exports render and imports nothing.
    const source = await readFile(new URL('../views/loyalty-panel.js', import.meta.url), 'utf8');
    expect(source).toMatch(/export async function render\(element, \{ objectId, graphql, scope \}\)/);
    expect(source).not.toMatch(/^\s*import\s/m);
    const test = await start();
    expect(test.plugin(LOYALTY).state).not.toBe('FAILED');
  });
});

describe('activation', () => {
  it('stays unloaded until a purchase, a CSAT change or the GraphQL field needs it', async () => {
    const test = await start();
    expect(test.plugin(CSAT).state).toBe('ACTIVE'); // onStartup
    expect(test.plugin(LOYALTY).state).toBe('INSTALLED');
    await test.customers.create({ emails: ['ada@example.com'] });
    await test.advance(0);
    expect(test.plugin(LOYALTY).state).toBe('INSTALLED');
    expect(await tiersInGraphQL(test)).toEqual({ 'ada@example.com': null });
    expect(test.plugin(LOYALTY).state).toBe('ACTIVE');
  });

  it('activates on the first purchase and scores that very purchase', async () => {
    const test = await start();
    const customerId = await buy(test, 'ada@example.com', [40]);
    expect(test.plugin(LOYALTY).state).toBe('ACTIVE');
    expect(await loyaltyOf(test, customerId)).toMatchObject({ label: 'bronze' });
  });

  it('is MISSING_DEPENDENCY without the CSAT plugin', async () => {
    const test = await start({ withCsat: false });
    expect(test.plugin(LOYALTY)).toMatchObject({
      state: 'MISSING_DEPENDENCY',
      error: `Plugin "${LOYALTY}" requires "${CSAT}" ^1.0.0, which is not installed. Add it to plugins in test host settings.`,
    });
    const customerId = await buy(test, 'ada@example.com', [100, 100, 100, 100]);
    expect(await loyaltyOf(test, customerId)).toBeUndefined();
    expect(test.plugin(LOYALTY).state).toBe('MISSING_DEPENDENCY');
  });
});

describe('bad settings', () => {
  it.each([
    [{ gold: { csat: 150 } }, 'pluginSettings["@acme/rapport-loyalty"].gold.csat: must be <= 100'],
    [{ silver: { purchases: 1.5 } }, 'pluginSettings["@acme/rapport-loyalty"].silver.purchases: must be of type integer'],
    [{ currency: 'euro' }, 'pluginSettings["@acme/rapport-loyalty"].currency: must be an ISO 4217 code in capitals, such as "EUR"'],
    [{ gold: { purchase: 3 } }, 'pluginSettings["@acme/rapport-loyalty"].gold.purchase: is not a known field; check its spelling'],
    [{ diamond: {} }, 'pluginSettings["@acme/rapport-loyalty"].diamond: is not a known field; check its spelling'],
  ])('%j makes the plugin FAILED with an error naming the setting', async (settings, message) => {
    const test = await start({ settings });
    expect(test.plugin(LOYALTY).state).toBe('FAILED');
    expect(test.plugin(LOYALTY).error).toContain(message);
    expect(test.plugin(CSAT).state).toBe('ACTIVE');
  });

  it('refuses a tier that needs less than the tier below it, when it activates', async () => {
    const test = await start({ settings: { gold: { purchases: 1 } } });
    expect(test.plugin(LOYALTY).state).toBe('INSTALLED');
    await buy(test, 'ada@example.com', [40]);
    expect(test.plugin(LOYALTY)).toMatchObject({
      state: 'FAILED',
      error: expect.stringContaining(
        'test host settings: pluginSettings["@acme/rapport-loyalty"].gold.purchases: is 1, below silver.purchases (2); a higher tier must need at least as much as the tier below it.',
      ),
    });
  });
});
