/**
 * `{{packageName}}`: the `{{id}}` workflow. This file wires the plugin into Rapport; the workflow
 * is in workflow.ts and the settings in settings.ts.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { readSettings } from './settings.js';
import { followUpWorkflow, WORKFLOW_ID } from './workflow.js';

/**
 * Called once, the first time one of the manifest's `activationEvents` happens: here the
 * workflow's trigger event, or one of its runs falling due. Everything registered through `ctx`
 * goes into `ctx.subscriptions`, so the host can undo it when the plugin is disabled or the server
 * stops.
 */
export function activate(ctx: PluginContext): void {
  // Read before registering anything, so bad settings fail activation with nothing half set up.
  const settings = readSettings(ctx);
  ctx.subscriptions.push(ctx.workflows.registerWorkflow(WORKFLOW_ID, followUpWorkflow(ctx, settings)));
}
