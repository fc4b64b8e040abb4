/**
 * The loyalty arithmetic, with no I/O: which tier a customer's purchases earn, how their CSAT
 * holds them back, and the sentence that explains it. index.js wires it into Rapport.
 */
import { settingsProblem, throwIfSettingsProblems } from '@rapport/sdk';

/** The tiers, lowest first; a tier's rank is its position plus one (bronze 1 … platinum 4). */
export const TIERS = ['bronze', 'silver', 'gold', 'platinum'];

/** The tiers that have thresholds in the settings; bronze needs one purchase of any amount. */
const RANKED = ['silver', 'gold', 'platinum'];

/**
 * @typedef {object} Threshold
 * @property {string} tier
 * @property {number} rank
 * @property {number} purchases - purchases needed for the tier
 * @property {number} amount - total amount needed, in the settings' currency
 * @property {number} csat - a CSAT below this holds the customer back one tier
 *
 * @typedef {object} LoyaltySettings
 * @property {string} currency
 * @property {boolean} requireCsat
 * @property {Threshold[]} thresholds - silver, gold, platinum
 *
 * @typedef {object} PurchaseSummary
 * @property {number} purchases - every purchase, whatever its currency
 * @property {number} amount - the total of the purchases in the settings' currency
 * @property {number} otherCurrency - purchases whose amount was left out (another currency)
 *
 * @typedef {object} TierDecision
 * @property {string} tier
 * @property {number} rank
 * @property {string} earned - the tier the purchases alone earn
 * @property {boolean} heldBack
 * @property {number | null} csat
 * @property {string} explanation
 *
 * @typedef {object} Assessment
 * @property {number} purchases - every purchase, whatever its currency
 * @property {number} amount - the total of the purchases in `currency`
 * @property {string} currency - the settings' currency
 * @property {number | null} csat
 * @property {TierDecision | undefined} decision - undefined without a purchase
 */

/**
 * The plugin's settings, as the host validated them against `contributes.configuration` (with
 * defaults applied), plus the one check a JSON Schema cannot make: every tier must need at
 * least what the tier below it needs.
 *
 * @param {{ plugin: { name: string }, settings: Readonly<Record<string, unknown>>, settingsFile: string }} ctx
 * @returns {LoyaltySettings}
 * @throws {SettingsValidationError} naming the file and the setting, e.g.
 *   `rapport.config.json: pluginSettings["@acme/rapport-loyalty"].gold.purchases: is 1, below …`.
 */
export function readSettings(ctx) {
  const settings = /** @type {Record<string, any>} */ (ctx.settings);
  const thresholds = RANKED.map((tier) => ({ tier, rank: TIERS.indexOf(tier) + 1, ...settings[tier] }));
  const problems = [];
  for (let i = 1; i < thresholds.length; i++) {
    const lower = thresholds[i - 1];
    const higher = thresholds[i];
    for (const field of ['purchases', 'amount', 'csat']) {
      if (higher[field] < lower[field]) {
        problems.push(
          settingsProblem(
            ctx,
            `${higher.tier}.${field}`,
            `is ${higher[field]}, below ${lower.tier}.${field} (${lower[field]}); a higher tier must need at least as much as the tier below it.`,
          ),
        );
      }
    }
  }
  throwIfSettingsProblems(ctx, problems);
  return { currency: settings.currency, requireCsat: settings.requireCsat, thresholds };
}

/**
 * Counts purchases and adds up their amounts. A purchase is an interaction of type `purchase`
 * with `metadata: { amount, currency }`; a purchase without a currency is taken to be in the
 * settings' currency, and an amount that is not a number (or a numeric string) adds nothing.
 *
 * @param {{ metadata: Record<string, unknown> }[]} purchases
 * @param {string} currency
 * @returns {PurchaseSummary}
 */
export function summarizePurchases(purchases, currency) {
  let amount = 0;
  let otherCurrency = 0;
  for (const { metadata } of purchases) {
    const raw = metadata?.amount;
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    const their = typeof metadata?.currency === 'string' ? metadata.currency.toUpperCase() : currency;
    if (their !== currency) otherCurrency++;
    else if (Number.isFinite(value) && value > 0) amount += value;
  }
  return { purchases: purchases.length, amount: Math.round(amount * 100) / 100, otherCurrency };
}

/**
 * The customer's tier: the highest one whose purchases and amount they reach, held back one
 * tier when their CSAT is below that tier's `csat` (or, with `requireCsat`, when they have no
 * CSAT yet). No purchase: no tier (`undefined`).
 *
 * @param {PurchaseSummary} summary
 * @param {number | null} csat - the customer's `csat` score, 0–100, or null without one
 * @param {LoyaltySettings} settings
 * @returns {TierDecision | undefined}
 */
export function decideTier(summary, csat, settings) {
  if (summary.purchases === 0) return undefined;
  let rank = 1;
  for (const threshold of settings.thresholds) {
    if (summary.purchases >= threshold.purchases && summary.amount >= threshold.amount) rank = threshold.rank;
  }
  const earned = TIERS[rank - 1];
  const needed = settings.thresholds.find((threshold) => threshold.rank === rank);
  const heldBack = needed !== undefined && (csat === null ? settings.requireCsat : csat < needed.csat);
  const tier = TIERS[heldBack ? rank - 2 : rank - 1];
  return {
    tier,
    rank: heldBack ? rank - 1 : rank,
    earned,
    heldBack,
    csat,
    explanation: explain(summary, csat, settings.currency, tier, heldBack ? needed : undefined),
  };
}

/**
 * A customer's purchases and CSAT, added up and decided on: the one function behind both the
 * `loyalty` score (the rule stores the decision's rank, tier and explanation) and the figures
 * `Customer.loyaltyTier` shows next to it, so the two are worked out the same way.
 *
 * @param {{ metadata: Record<string, unknown> }[]} purchases - the customer's interactions of type `purchase`
 * @param {number | null} csat - the customer's `csat` score, 0–100, or null without one
 * @param {LoyaltySettings} settings
 * @returns {Assessment}
 */
export function assessTier(purchases, csat, settings) {
  const summary = summarizePurchases(purchases, settings.currency);
  return {
    purchases: summary.purchases,
    amount: summary.amount,
    currency: settings.currency,
    csat,
    decision: decideTier(summary, csat, settings),
  };
}

/**
 * @typedef {object} NextTier
 * @property {string} tier - the tier above the customer's, or bronze for a customer with none
 * @property {number} purchasesNeeded - more purchases needed; 0 when they have enough
 * @property {number} amountNeeded - more spending needed, in `currency`; 0 when they have enough
 * @property {number | null} csatNeeded - the CSAT the tier needs; null for bronze, which needs none
 * @property {boolean} csatShort - true when their CSAT (or, with requireCsat, its absence) would hold them back from it
 */

/**
 * What a customer needs for the tier above theirs, from the same figures and settings as the
 * decision: undefined at platinum. A customer held back by their CSAT already has the purchases
 * for the next tier; only `csatShort` stands in their way.
 *
 * @param {Assessment} assessment
 * @param {LoyaltySettings} settings
 * @returns {NextTier | undefined}
 */
export function nextTier(assessment, settings) {
  const rank = assessment.decision?.rank ?? 0;
  if (rank === 0) return { tier: TIERS[0], purchasesNeeded: 1, amountNeeded: 0, csatNeeded: null, csatShort: false };
  const next = settings.thresholds.find((threshold) => threshold.rank === rank + 1);
  if (!next) return undefined;
  const csat = assessment.csat;
  return {
    tier: next.tier,
    purchasesNeeded: Math.max(0, next.purchases - assessment.purchases),
    amountNeeded: Math.max(0, Math.round((next.amount - assessment.amount) * 100) / 100),
    csatNeeded: next.csat,
    csatShort: csat === null ? settings.requireCsat : csat < next.csat,
  };
}

/**
 * "4 purchases totalling 310 EUR and CSAT 100: gold", or, held back,
 * "8 purchases totalling 1200 EUR and CSAT 60: gold (held back from platinum, which needs CSAT 90)".
 *
 * @param {PurchaseSummary} summary
 * @param {number | null} csat
 * @param {string} currency
 * @param {string} tier
 * @param {Threshold | undefined} heldBackFrom
 */
function explain(summary, csat, currency, tier, heldBackFrom) {
  const purchases = `${summary.purchases} purchase${summary.purchases === 1 ? '' : 's'}`;
  const other = summary.otherCurrency > 0 ? ` (amounts in other currencies left out)` : '';
  const satisfaction = csat === null ? 'no CSAT yet' : `CSAT ${csat}`;
  const held = heldBackFrom ? ` (held back from ${heldBackFrom.tier}, which needs CSAT ${heldBackFrom.csat})` : '';
  return `${purchases} totalling ${summary.amount} ${currency}${other} and ${satisfaction}: ${tier}${held}`;
}
