/**
 * `{{packageName}}`: the `{{id}}` channel. This file wires the plugin into Rapport; sending is
 * in outbound.ts, receiving in inbound.ts and the settings in settings.ts.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { readInbound } from './inbound.js';
import { deliver } from './outbound.js';
import { readSettings } from './settings.js';

/** The channel's id, as declared in package.json (`rapport.contributes.channels`). */
export const CHANNEL_ID = '{{id}}';

/**
 * Called once, the first time the channel is used (`onChannel:{{id}}`): a message sent on it, or
 * a request to its webhook. Everything registered through `ctx` goes into `ctx.subscriptions`, so
 * the host can undo it when the plugin is disabled or the server stops.
 */
export function activate(ctx: PluginContext): void {
  // Read before registering anything, so bad settings fail activation with nothing half set up.
  const settings = readSettings(ctx);
  ctx.subscriptions.push(
    ctx.channels.registerChannel(CHANNEL_ID, {
      send: (message, options) => deliver(settings, message, options),
      parseInbound: async (request) => readInbound(request, settings),
    }),
  );
}
