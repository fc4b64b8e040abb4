/**
 * `@rapport/plugin-scoring-nps`: the `nps` scoring rule (each customer's Net Promoter Score over
 * a moving window) and org-wide NPS in GraphQL (`Query.netPromoterScore`).
 *
 * @packageDocumentation
 */
import { NPS_METRIC, satisfactionRule, windowSetting, type PluginContext } from '@rapport/sdk';
import { netPromoterScoreResolvers } from './resolvers.js';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const NPS_RULE = 'nps';

/**
 * Registers the `nps` rule with the window from the settings, and the `netPromoterScore` resolver.
 *
 * @throws SettingsValidationError naming the config file and `pluginSettings["@rapport/plugin-scoring-nps"].window` when the
 *   window is not a positive duration; the plugin is then `FAILED` with that message.
 */
export function activate(ctx: PluginContext): void {
  // Read before registering anything, so a bad window fails activation with nothing half set up.
  const windowMs = windowSetting(ctx);
  ctx.subscriptions.push(
    ctx.scoring.registerScoringRule(NPS_RULE, satisfactionRule(NPS_METRIC, windowMs)),
    ctx.graphql.registerResolvers(netPromoterScoreResolvers(ctx.interactions)),
  );
}
