/**
 * `@rapport/plugin-scoring-churn`: the `churn-risk` scoring rule, 0..100, a weighted sum of four
 * factors (purchase recency against the customer's own rhythm, falling engagement, unresolved
 * and low-CSAT conversations, negative sentiment) with an explanation naming the main ones.
 * A heuristic, not a calibrated probability: see docs/models/churn.md.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { churnRule, RULE_ID } from './rule.js';
import { readSettings } from './settings.js';

export { RULE_ID, INPUT_SCORES } from './rule.js';
export { combine, labelOf, HIGH_FROM, MEDIUM_FROM, NAMED_FACTORS, type FactorReading } from './model.js';
export { FACTORS, type FactorId } from './settings.js';

/**
 * Registers the rule.
 *
 * @throws SettingsValidationError naming the config file and the setting when a duration is zero
 *   or every weight is 0; the plugin is then `FAILED` with that message.
 */
export function activate(ctx: PluginContext): void {
  ctx.subscriptions.push(ctx.scoring.registerScoringRule(RULE_ID, churnRule(readSettings(ctx))));
}
