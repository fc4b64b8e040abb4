/**
 * `@rapport/plugin-segmentation-lifecycle`: places every customer with interactions in one
 * lifecycle segment (`new`, `onboarding`, `active`, `loyal`, `at-risk`, `churned`) of the
 * `lifecycle` model. The model is rule trees: the core keeps memberships current in SQL and
 * publishes `segment.entered`/`segment.left`.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { lifecycleModel } from './model.js';
import { LIFECYCLE_MODEL } from './segments.js';
import { readThresholds } from './settings.js';

export { LIFECYCLE_MODEL, LIFECYCLE_SEGMENTS } from './segments.js';
export type { LifecycleSegment, LifecycleThresholds } from './segments.js';
export { lifecycleModel, isoDuration, NPS_RULE, REFRESH_EVERY } from './model.js';
export { readThresholds, type LifecycleSettings } from './settings.js';

/**
 * Reads the thresholds (a bad setting fails activation, naming it) and registers the model.
 */
export function activate(ctx: PluginContext): void {
  const thresholds = readThresholds(ctx.settings, ctx.plugin.name, ctx.settingsFile);
  ctx.subscriptions.push(ctx.segmentation.registerSegmentationModel(LIFECYCLE_MODEL, lifecycleModel(thresholds)));
}
