/**
 * `@acme/rapport-loyalty`: loyalty tiers (bronze, silver, gold, platinum) from each customer's
 * purchases and CSAT, as the `loyalty` score and as `Customer.loyaltyTier` in GraphQL.
 *
 * Plain ESM JavaScript with no build step; it depends on `@rapport/sdk` only. The CSAT comes
 * from `@rapport/plugin-scoring-csat` (a declared plugin dependency) through the customer's
 * stored `csat` score: that plugin exports no API of its own.
 */
import { assessTier, nextTier, readSettings } from './tiers.js';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const LOYALTY_RULE = 'loyalty';

/** The rule whose changes move a tier, from `@rapport/plugin-scoring-csat`. */
const CSAT_RULE = 'csat';

/**
 * Registers the `loyalty` rule and the `Customer.loyaltyTier` resolver.
 *
 * @param {import('@rapport/sdk').PluginContext} ctx
 * @throws {import('@rapport/sdk').SettingsValidationError} naming the file and the setting when the thresholds do not
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
      const { decision } = assessTier(purchases, csat, settings);
      // No purchase, no tier: undefined removes a stored score.
      return decision && { value: decision.rank, label: decision.tier, explanation: decision.explanation };
    },
  };

  ctx.subscriptions.push(
    ctx.scoring.registerScoringRule(LOYALTY_RULE, rule),
    ctx.graphql.registerResolvers({
      Customer: {
        // The core hands plugin resolvers the Customer as plugins see it: `customer.id` is the
        // plain id (the GraphQL `id` field is the global one).
        async loyaltyTier(customer) {
          // The tier is the stored `loyalty` score (customers:read), as in Customer.scores.
          const stored = await ctx.scoring.get(customer.id, LOYALTY_RULE);
          if (!stored) return null;
          // The figures behind it: the same purchases and CSAT, through the same function as the rule.
          const [purchases, csat] = await Promise.all([
            ctx.interactions.list(customer.id, { type: 'purchase' }),
            ctx.scoring.get(customer.id, CSAT_RULE),
          ]);
          const now = assessTier(purchases, csat?.value ?? null, settings);
          return {
            tier: stored.label,
            rank: stored.value,
            explanation: stored.explanation,
            computedAt: stored.computedAt,
            purchases: now.purchases,
            amount: now.amount,
            currency: now.currency,
            csat: now.csat,
            heldBack: now.decision?.heldBack ?? false,
            // From the figures as they are now, like the ones above; null at platinum.
            next: nextTier(now, settings) ?? null,
          };
        },
      },
    }),
  );
}

export function deactivate() {}
