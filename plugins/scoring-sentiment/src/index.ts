/**
 * `@rapport/plugin-scoring-sentiment`: `metadata.sentiment` on each inbound customer message with
 * text, added before the message is stored (the annotator `sentiment`), and the customer's
 * `sentiment` score over their recent messages (the scoring rule `sentiment`).
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { ANNOTATOR_ID, sentimentAnnotator } from './annotator.js';
import { RULE_ID, sentimentRule } from './rule.js';
import { readSettings } from './settings.js';

export { sentimentOfText, ANALYZER } from './analyzer.js';
export { ANNOTATOR_ID, type MessageSentiment } from './annotator.js';
export { RULE_ID } from './rule.js';

/**
 * Registers the annotator and the rule.
 *
 * @throws SettingsValidationError naming the config file and `window` when the window is zero;
 *   the plugin is then `FAILED` with that message.
 */
export function activate(ctx: PluginContext): void {
  const settings = readSettings(ctx);
  ctx.subscriptions.push(
    ctx.annotators.registerAnnotator(ANNOTATOR_ID, sentimentAnnotator),
    ctx.scoring.registerScoringRule(RULE_ID, sentimentRule(settings)),
  );
}
