/**
 * `@rapport/plugin-segmentation-rfm`: the `rfm` segmentation model. Buyers are ranked in
 * quintiles of recency, frequency and monetary value in SQL (`NTILE(5)`), and placed in the
 * standard RFM segments, from `champions` to `lost`. The core keeps memberships current and
 * publishes `segment.entered`/`segment.left`.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { RFM_MODEL, rfmModel } from './model.js';
import { readSettings } from './settings.js';

export { RFM_MODEL, RFM_SEGMENTS, rfmModel, type RfmSegment } from './model.js';
export { readSettings, type RfmSettings } from './settings.js';

/** Reads the settings (a bad window fails activation, naming it) and registers the model. */
export function activate(ctx: PluginContext): void {
  const settings = readSettings(ctx.settings, ctx.plugin.name, ctx.settingsFile);
  ctx.subscriptions.push(ctx.segmentation.registerSegmentationModel(RFM_MODEL, rfmModel(settings)));
}
