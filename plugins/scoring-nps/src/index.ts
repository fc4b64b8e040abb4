/**
 * `@rapport/plugin-scoring-nps`: the `nps` scoring rule (each customer's Net Promoter Score over
 * a moving window) and org-wide NPS in GraphQL (`Query.netPromoterScore`). The arithmetic, the
 * window and the org-wide count are `@rapport/lib-satisfaction`'s.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { NPS_METRIC, registerSatisfactionPlugin } from '@rapport/lib-satisfaction';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const NPS_RULE = 'nps';

/**
 * Registers the `nps` rule with the window from the settings, and the `netPromoterScore`
 * resolver (`nps`, `responses`, `promoters`, `passives`, `detractors`, `from`, `to`, `channel`,
 * as schema.graphql declares them).
 *
 * @throws SettingsValidationError naming the config file and `pluginSettings["@rapport/plugin-scoring-nps"].window` when the
 *   window is not a positive duration; the plugin is then `FAILED` with that message.
 */
export function activate(ctx: PluginContext): void {
  registerSatisfactionPlugin(ctx, { metric: NPS_METRIC, rule: NPS_RULE, query: 'netPromoterScore', valueField: 'nps' });
}
