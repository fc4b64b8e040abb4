/**
 * `@acme/rapport-loyalty`: loyalty tiers (bronze, silver, gold, platinum) from each customer's
 * purchases and CSAT, as the `loyalty` score and as `Customer.loyaltyTier` in GraphQL.
 *
 * Plain ESM JavaScript with no build step; it depends on `@rapport/sdk` only. The CSAT comes
 * from `@rapport/plugin-scoring-csat` (a declared plugin dependency) through the customer's
 * stored `csat` score, `subject.score('csat')`: that plugin exports no API of its own.
 */
import { decideTier, readSettings, summarizePurchases } from './tiers.js';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const LOYALTY_RULE = 'loyalty';

/** The rule whose changes move a tier, from `@rapport/plugin-scoring-csat`. */
const CSAT_RULE = 'csat';

/** Where the latest tier of a customer is kept, in the plugin's storage, for the GraphQL field. */
const tierKey = (customerId) => `tier:${customerId}`;

/**
 * Registers the `loyalty` rule and the `Customer.loyaltyTier` resolver.
 *
 * @param {import('@rapport/sdk').PluginContext} ctx
 * @throws {import('@rapport/sdk').ValidationError} naming the setting when the thresholds do not
 *   rise from silver to platinum; the plugin is then `FAILED` with that message.
 */
export function activate(ctx) {
  // Read before registering anything, so bad settings fail activation with nothing half set up.
  const settings = readSettings(ctx);

  /** @type {import('@rapport/sdk').ScoringRule} */
  const rule = {
    triggers: ['interaction.recorded', 'score.changed', 'customer.merged'],
    // A purchase, a change of the customer's CSAT (never our own score.changed), or a merge.
    filter: (event) =>
      event.eventType === 'interaction.recorded'
        ? event.type === 'purchase'
        : event.eventType === 'score.changed'
          ? event.rule === CSAT_RULE
          : true,
    async evaluate(subject) {
      const purchases = await subject.interactions({ type: 'purchase' });
      const csat = (await subject.score(CSAT_RULE))?.value ?? null;
      const summary = summarizePurchases(purchases, settings.currency);
      const decision = decideTier(summary, csat, settings);
      // The context cannot read stored scores, so the resolver reads this copy (see README).
      if (!decision) {
        await ctx.storage.delete(tierKey(subject.customer.id));
        return undefined;
      }
      await ctx.storage.set(tierKey(subject.customer.id), {
        tier: decision.tier,
        rank: decision.rank,
        explanation: decision.explanation,
        purchases: summary.purchases,
        amount: summary.amount,
        currency: settings.currency,
        csat,
        heldBack: decision.heldBack,
        computedAt: subject.now.toISOString(),
      });
      return { value: decision.rank, label: decision.tier, explanation: decision.explanation };
    },
  };

  ctx.subscriptions.push(
    ctx.scoring.registerScoringRule(LOYALTY_RULE, rule),
    // The customer merged away is gone; the survivor is evaluated again by the rule's trigger.
    ctx.events.on('customer.merged', async ({ mergedCustomerId }) => {
      await ctx.storage.delete(tierKey(mergedCustomerId));
    }),
    ctx.graphql.registerResolvers({
      Customer: {
        // The core hands plugin resolvers the Customer as plugins see it: `customer.id` is the
        // plain id (the GraphQL `id` field is the global one).
        loyaltyTier: async (customer) => (await ctx.storage.get(tierKey(customer.id))) ?? null,
      },
    }),
  );
}

export function deactivate() {}
