import { isSurveyQuestion, type Conversation, type PluginContext } from '@rapport/sdk';

/** Why a run sends no survey. */
export type SkipReason =
  /** The conversation no longer exists (e.g. it was deleted). */
  | 'conversation-missing'
  /** The conversation is open again: the issue is not over, so there is nothing to rate yet. */
  | 'reopened'
  /** The conversation was re-opened and resolved again after this run's trigger; that later resolution's run asks. */
  | 'resolved-again'
  /** A survey already went out in this conversation; one per conversation is enough. */
  | 'already-surveyed'
  /** The customer has no channel a survey could go out on. */
  | 'no-channel';

/**
 * Where the survey goes, or why it does not. Plain JSON: it is a step's stored result.
 */
export type SurveyTarget = { channel: string; skip: null } | { channel: null; skip: SkipReason };

/** The trigger's payload (`conversation.resolved`), as the run's input. */
export interface ResolvedInput {
  conversationId: string;
  customerId: string;
  /** The trigger event's id. */
  id?: string;
  /** When the conversation was resolved, as ISO-8601. */
  occurredAt?: string;
}

/**
 * Decides, when the delay is over, whether the survey goes out and on which channel: the one the
 * customer last wrote on (their newest INBOUND interaction), else the conversation's most recent
 * channel. `surveyChannels`, when not empty, limits both to channels that can carry a survey.
 *
 * @param ctx - the plugin's context.
 * @param input - the run's input.
 * @param surveyChannels - the allowed channels; empty for any.
 */
export async function chooseSurveyTarget(ctx: PluginContext, input: ResolvedInput, surveyChannels: readonly string[]): Promise<SurveyTarget> {
  const conversation = await ctx.conversations.get(input.conversationId);
  if (!conversation) return skip('conversation-missing');
  if (conversation.status !== 'RESOLVED') return skip('reopened');
  if (resolvedAfterTrigger(conversation, input)) return skip('resolved-again');
  if (await hasSurvey(ctx, conversation)) return skip('already-surveyed');
  const channel = (await lastInboundChannel(ctx, conversation.customerId, surveyChannels)) ?? lastConversationChannel(conversation, surveyChannels);
  return channel ? { channel, skip: null } : skip('no-channel');
}

function skip(reason: SkipReason): SurveyTarget {
  return { channel: null, skip: reason };
}

// Each resolution starts its own run. When a conversation is re-opened and resolved again before
// an earlier run's delay is over, only the run of the latest resolution asks, so its delay counts
// from when the customer's issue was really over. The event is stamped at or after the moment the
// conversation records, so the trigger's own resolution is never "later".
function resolvedAfterTrigger(conversation: Conversation, input: ResolvedInput): boolean {
  if (!conversation.resolvedAt || !input.occurredAt) return false;
  const triggeredAt = Date.parse(input.occurredAt);
  return Number.isFinite(triggeredAt) && new Date(conversation.resolvedAt).getTime() > triggeredAt;
}

// Any survey question sent in the conversation counts, whoever sent it: a customer asked twice
// about one issue answers neither.
async function hasSurvey(ctx: PluginContext, conversation: Conversation): Promise<boolean> {
  const sent = await ctx.interactions.list(conversation.customerId, { direction: 'OUTBOUND', since: new Date(conversation.openedAt) });
  return sent.some((interaction) => interaction.conversationId === conversation.id && isSurveyQuestion(interaction.metadata.survey));
}

async function lastInboundChannel(ctx: PluginContext, customerId: string, allowed: readonly string[]): Promise<string | undefined> {
  if (allowed.length === 0) {
    const [newest] = await ctx.interactions.list(customerId, { direction: 'INBOUND', newestFirst: true, limit: 1 });
    return newest?.channel;
  }
  const newestPerChannel = await Promise.all(
    allowed.map(async (channel) => (await ctx.interactions.list(customerId, { direction: 'INBOUND', channel, newestFirst: true, limit: 1 }))[0]),
  );
  let newest: { channel: string; at: number } | undefined;
  for (const interaction of newestPerChannel) {
    const at = interaction ? new Date(interaction.occurredAt).getTime() : Number.NaN;
    if (interaction && (!newest || at > newest.at)) newest = { channel: interaction.channel, at };
  }
  return newest?.channel;
}

function lastConversationChannel(conversation: Conversation, allowed: readonly string[]): string | undefined {
  return conversation.channels.filter((channel) => allowed.length === 0 || allowed.includes(channel)).at(-1);
}
