/**
 * `@rapport/plugin-segmentation-lifecycle`: places every customer with interactions in one
 * lifecycle segment (`new`, `onboarding`, `active`, `loyal`, `at-risk`, `churned`) of the
 * `lifecycle` model. The core stores memberships and publishes `segment.entered`/`segment.left`.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { LIFECYCLE_MODEL } from './classify.js';
import { lifecycleModel } from './model.js';
import { readThresholds } from './settings.js';

export { LIFECYCLE_MODEL, LIFECYCLE_SEGMENTS, classifyLifecycle } from './classify.js';
export type { LifecycleFacts, LifecycleSegment, LifecycleThresholds } from './classify.js';
export { readThresholds, type LifecycleSettings } from './settings.js';

/**
 * Reads the thresholds (a bad setting fails activation, naming it) and registers the model.
 */
export function activate(ctx: PluginContext): void {
  const thresholds = readThresholds(ctx.settings, ctx.plugin.name, ctx.settingsFile);
  ctx.subscriptions.push(ctx.segmentation.registerSegmentationModel(LIFECYCLE_MODEL, lifecycleModel(thresholds)));
}
