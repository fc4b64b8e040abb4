/**
 * `@rapport/plugin-scoring-csat`: the `csat` scoring rule (each customer's share of satisfied
 * survey answers over a moving window) and org-wide CSAT in GraphQL (`Query.satisfaction`).
 * The arithmetic, the window and the org-wide count are `@rapport/lib-satisfaction`'s.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { CSAT_METRIC, registerSatisfactionPlugin } from '@rapport/lib-satisfaction';

/** The id of the scoring rule, as declared in `contributes.scoringRules`. */
export const CSAT_RULE = 'csat';

/**
 * Registers the `csat` rule with the window from the settings, and the `satisfaction` resolver
 * (`csat`, `responses`, `satisfied`, `from`, `to`, `channel`, as schema.graphql declares them).
 *
 * @throws SettingsValidationError naming the config file and `pluginSettings["@rapport/plugin-scoring-csat"].window` when the
 *   window is not a positive duration; the plugin is then `FAILED` with that message.
 */
export function activate(ctx: PluginContext): void {
  registerSatisfactionPlugin(ctx, { metric: CSAT_METRIC, rule: CSAT_RULE, query: 'satisfaction', valueField: 'csat' });
}
