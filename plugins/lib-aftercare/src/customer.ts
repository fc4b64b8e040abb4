import { CSAT_QUESTION, readAnswer, SURVEY_RESPONSE, type Conversation, type ConversationsApi, type InteractionsApi } from '@rapport/sdk';

/**
 * The customer's open conversation about something they raised (they wrote or called in it),
 * most recently active first; `undefined` when there is none.
 *
 * Purchases and survey answers are INBOUND too and open conversations of their own, and a
 * message the business sent first (a thank-you, a win-back) opens one as well; none of those is
 * an issue of the customer's, and they stay open until someone resolves them, so counting them
 * would hold every later message back.
 *
 * @param ctx - `ctx.conversations` and `ctx.interactions` (need `interactions:read`).
 * @param customerId - the customer.
 */
export async function openConversationOf(
  ctx: { conversations: Pick<ConversationsApi, 'list'>; interactions: Pick<InteractionsApi, 'list'> },
  customerId: string,
): Promise<Conversation | undefined> {
  const open = await ctx.conversations.list(customerId, { status: 'OPEN', newestFirst: true, limit: 20 });
  for (const conversation of open) {
    if (conversation.firstInboundAt === null) continue;
    const inbound = await ctx.interactions.list(customerId, { conversationId: conversation.id, direction: 'INBOUND', limit: 100 });
    if (inbound.some((interaction) => CONTACT_TYPES.has(interaction.type))) return conversation;
  }
  return undefined;
}

/** The interaction types by which a customer raises something: a message or a call. */
const CONTACT_TYPES = new Set(['message', 'call']);

/** A customer's CSAT answer. */
export interface CsatAnswer {
  /** 1 to 5. */
  csat: number;
  /** When they answered, as ISO-8601. */
  at: string;
  interactionId: string;
}

/**
 * The customer's most recent CSAT answer (a `survey_response` whose `metadata.csat` reads as
 * 1–5 with the SDK's `readAnswer`, as the `csat` score reads it), among their last 50 survey
 * answers; `undefined` when there is none.
 *
 * @param interactions - `ctx.interactions` (needs `interactions:read`).
 * @param customerId - the customer.
 */
export async function lastCsatAnswer(interactions: Pick<InteractionsApi, 'list'>, customerId: string): Promise<CsatAnswer | undefined> {
  const answers = await interactions.list(customerId, { type: SURVEY_RESPONSE, newestFirst: true, limit: 50 });
  for (const answer of answers) {
    const csat = readAnswer(answer.metadata, CSAT_QUESTION);
    if (csat !== undefined) return { csat, at: new Date(answer.occurredAt).toISOString(), interactionId: answer.id };
  }
  return undefined;
}

/**
 * Whether the customer's last CSAT answer is low: at or below `threshold` (1–5; 0 never) and
 * given within `withinMs` of `now`. An older low answer no longer holds the customer back.
 *
 * @param interactions - `ctx.interactions` (needs `interactions:read`).
 * @param customerId - the customer.
 * @param rule - the threshold, how long an answer counts, and the current time.
 * @returns the low answer, or `undefined`.
 */
export async function recentLowCsat(
  interactions: Pick<InteractionsApi, 'list'>,
  customerId: string,
  rule: { threshold: number; withinMs: number; now: Date },
): Promise<CsatAnswer | undefined> {
  if (rule.threshold <= 0) return undefined;
  const last = await lastCsatAnswer(interactions, customerId);
  if (!last || last.csat > rule.threshold) return undefined;
  return rule.now.getTime() - Date.parse(last.at) <= rule.withinMs ? last : undefined;
}
