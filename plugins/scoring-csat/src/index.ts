/**
 * `@rapport/plugin-scoring-csat`: the `csat` scoring rule (each customer's share of satisfied
 * survey answers over a moving window) and org-wide CSAT in GraphQL (`Query.satisfaction`).
 *
 * @packageDocumentation
 */
import { CSAT_METRIC, satisfactionRule, windowSetting, type PluginContext } from '@rapport/sdk';
import { satisfactionResolvers } from './resolvers.js';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const CSAT_RULE = 'csat';

/**
 * Registers the `csat` rule with the window from the settings, and the `satisfaction` resolver.
 *
 * @throws SettingsValidationError naming the config file and `pluginSettings["@rapport/plugin-scoring-csat"].window` when the
 *   window is not a positive duration; the plugin is then `FAILED` with that message.
 */
export function activate(ctx: PluginContext): void {
  // Read before registering anything, so a bad window fails activation with nothing half set up.
  const windowMs = windowSetting(ctx);
  ctx.subscriptions.push(
    ctx.scoring.registerScoringRule(CSAT_RULE, satisfactionRule(CSAT_METRIC, windowMs)),
    ctx.graphql.registerResolvers(satisfactionResolvers(ctx.interactions)),
  );
}
