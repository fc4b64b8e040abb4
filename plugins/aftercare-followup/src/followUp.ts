import type { PluginContext } from '@rapport/sdk';
import { lowScoreNote } from './messages.js';

/** What the low-score note is about. */
export interface LowScore {
  runId: string;
  customerId: string;
  conversationId: string;
  /** The channel the survey went out on; the note sits beside it in the timeline. */
  channel: string;
  csat: number;
  /** The `survey_response` interaction that carried the score. */
  answerInteractionId: string;
}

/**
 * Records an INTERNAL `note` in the conversation that names the score, for the team to follow
 * up on. Resolves with the note's id.
 */
export async function recordLowScoreNote(ctx: PluginContext, score: LowScore): Promise<string> {
  const note = await ctx.interactions.record({
    customerId: score.customerId,
    conversationId: score.conversationId,
    channel: score.channel,
    direction: 'INTERNAL',
    type: 'note',
    text: lowScoreNote(score.csat),
    // The step that records this is retried if the process dies before its result is stored;
    // recording is idempotent on (channel, externalId), so the note is there once either way.
    externalId: `aftercare-followup:${score.runId}:note`,
    metadata: { csat: score.csat, runId: score.runId, answerInteractionId: score.answerInteractionId },
  });
  return note.id;
}

/**
 * Opens the conversation again so the team sees it among the open ones. Re-opening one that is
 * already open (the customer wrote again) changes nothing. Resolves with its status afterwards.
 */
export async function reopenConversation(ctx: PluginContext, conversationId: string): Promise<string> {
  const conversation = await ctx.conversations.reopen(conversationId);
  return conversation.status;
}
