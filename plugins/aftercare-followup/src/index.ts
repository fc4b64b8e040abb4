/**
 * `@rapport/plugin-aftercare-followup`: a CSAT survey after a conversation is resolved, one
 * reminder, and for a low score an internal note and the conversation re-opened.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { postResolutionSurvey, WORKFLOW_ID } from './postResolutionSurvey.js';
import { readSettings } from './settings.js';

export { WORKFLOW_ID } from './postResolutionSurvey.js';
export { ANSWER_INSTRUCTIONS, lowScoreNote } from './messages.js';
export { DEFAULT_SETTINGS, type FollowupSettings } from './settings.js';
export type { SkipReason, SurveyTarget, ResolvedInput } from './surveyTarget.js';

/**
 * Registers the `post-resolution-survey` workflow. Settings that cannot be used (a duration that
 * does not parse, a reminder that would come after giving up) stop the plugin here, with an
 * error naming the setting, before any run starts.
 */
export function activate(ctx: PluginContext): void {
  const settings = readSettings(ctx.plugin.name, ctx.settings, ctx.settingsFile);
  ctx.subscriptions.push(ctx.workflows.registerWorkflow(WORKFLOW_ID, postResolutionSurvey(ctx, settings)));
}
