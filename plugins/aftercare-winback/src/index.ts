/**
 * `@rapport/plugin-aftercare-winback`: when a customer enters `lifecycle:at-risk`, up to two
 * messages on the channel they use most, stopped the moment they write or buy; each run's
 * outcome is recorded, and `winbackStats(from, to)` in GraphQL gives the win-back rate.
 *
 * @packageDocumentation
 */
import type { FieldResolver, PluginContext } from '@rapport/sdk';
import { readSettings } from './settings.js';
import { winbackStats, type WinbackStats } from './stats.js';
import { winback } from './winback.js';

export { NOTE_CHANNEL, episodeKeys, type WinbackOutcome, type SegmentEnteredInput } from './winback.js';
export { DEFAULT_SETTINGS, type WinbackSettings, type WinbackMessage } from './settings.js';
export { winbackStats, type WinbackStats } from './stats.js';

/** The workflow's id, as declared in the manifest's `contributes.workflows`. */
export const WORKFLOW_ID = 'winback';

/** Registers the `winback` workflow and the `winbackStats` resolver. Bad settings stop the plugin here. */
export function activate(ctx: PluginContext): void {
  const settings = readSettings(ctx);
  ctx.subscriptions.push(ctx.workflows.registerWorkflow(WORKFLOW_ID, winback(ctx, settings)));
  const stats: FieldResolver<unknown, { from: Date; to: Date }, WinbackStats> = (_, { from, to }) => winbackStats(ctx, from, to);
  ctx.subscriptions.push(ctx.graphql.registerResolvers({ Query: { winbackStats: stats } }));
}
