/**
 * `{{packageName}}`: the `{{id}}` scoring rule and its GraphQL field `Customer.{{fieldName}}`.
 * This file wires the plugin into Rapport; the rule is in rule.ts, the field in resolvers.ts and
 * schema.graphql, and the settings in settings.ts.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { scoreResolvers } from './resolvers.js';
import { RULE_ID, scoringRule } from './rule.js';
import { readSettings } from './settings.js';

/**
 * Called once, the first time one of the manifest's `activationEvents` happens. Everything
 * registered through `ctx` goes into `ctx.subscriptions`, so the host can undo it when the plugin
 * is disabled or the server stops.
 */
export function activate(ctx: PluginContext): void {
  // Read before registering anything, so bad settings fail activation with nothing half set up.
  const settings = readSettings(ctx);
  ctx.subscriptions.push(
    ctx.scoring.registerScoringRule(RULE_ID, scoringRule(settings)),
    ctx.graphql.registerResolvers(scoreResolvers(ctx)),
  );
}
