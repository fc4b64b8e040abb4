/**
 * `{{packageName}}`: the `{{id}}` segmentation model. This file wires the plugin into Rapport;
 * the model is in model.ts and the settings in settings.ts.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { MODEL_ID, segmentationModel } from './model.js';
import { readSettings } from './settings.js';

/**
 * Called once, at startup: the model declares `onStartup` because its daily sweep only runs
 * while it is registered. Everything registered through `ctx` goes into `ctx.subscriptions`, so
 * the host can undo it when the plugin is disabled or the server stops.
 */
export function activate(ctx: PluginContext): void {
  // Read before registering anything, so bad settings fail activation with nothing half set up.
  const settings = readSettings(ctx);
  ctx.subscriptions.push(ctx.segmentation.registerSegmentationModel(MODEL_ID, segmentationModel(settings)));
}
