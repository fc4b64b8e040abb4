import type { Bot, BotResponse, BotTurn, Interaction } from '@rapport/sdk';
import type { ArticleMatch, KnowledgeBase } from './knowledgeBase.js';

/** The bot's id, as declared in `contributes.bots` and named in the deployment's `bots` config. */
export const FAQ_BOT_ID = 'faq';

/** How the bot decides, from the settings. */
export interface FaqBotOptions {
  /** The confidence (0..1) an article needs to be sent as the answer. */
  threshold: number;
  /** Asked once per conversation when no article is confident enough. */
  clarifyingQuestion: string;
  /** Added after the clarifying question with `{question}` replaced by the closest article's; `""` for none. */
  clarifyingSuggestion: string;
}

/**
 * The FAQ bot: answers with the best article when it is confident enough; otherwise asks a
 * clarifying question, once per conversation. Right after that question, it searches the
 * customer's last two messages together; unsure still, or unsure again later, it hands off.
 *
 * @example
 * ```ts
 * ctx.subscriptions.push(ctx.bots.registerBot(FAQ_BOT_ID, createFaqBot(knowledgeBase, settings)));
 * ```
 */
export function createFaqBot(knowledgeBase: KnowledgeBase, options: FaqBotOptions): Bot {
  return { respond: (turn) => decide(knowledgeBase, options, turn) };
}

/** One turn's decision; pure, so tests can give it any history. */
export function decide(knowledgeBase: KnowledgeBase, options: FaqBotOptions, turn: Pick<BotTurn, 'message' | 'history'>): BotResponse {
  const confident = (match: ArticleMatch | undefined): match is ArticleMatch => match !== undefined && match.confidence >= options.threshold;
  const latest = turn.message.text ?? '';
  const alone = knowledgeBase.match(latest);
  if (confident(alone)) return answer(alone);

  const earlier = before(turn.history, turn.message);
  if (isOwnClarifyingQuestion(earlier.findLast((interaction) => interaction.direction === 'OUTBOUND'))) {
    const previous = earlier.findLast((interaction) => interaction.direction === 'INBOUND')?.text ?? '';
    const together = knowledgeBase.match([previous, latest]);
    if (confident(together)) return answer(together);
    return { handOff: handOffReason(options, together, 'even after a clarifying question') };
  }
  if (earlier.some(isOwnClarifyingQuestion)) {
    return { handOff: handOffReason(options, alone, 'and the bot already asked a clarifying question in this conversation') };
  }
  return clarify(options, alone);
}

function answer(match: ArticleMatch): BotResponse {
  return {
    reply: match.article.answer,
    confidence: match.confidence,
    metadata: { article: match.article.question, articleIndex: match.index },
  };
}

function clarify(options: FaqBotOptions, closest: ArticleMatch | undefined): BotResponse {
  const suggestion = closest && options.clarifyingSuggestion ? ` ${options.clarifyingSuggestion.replaceAll('{question}', closest.article.question)}` : '';
  return {
    reply: `${options.clarifyingQuestion}${suggestion}`,
    answered: false,
    metadata: { clarifying: true, ...(closest && { closestArticle: closest.article.question, confidence: closest.confidence }) },
  };
}

function handOffReason(options: FaqBotOptions, closest: ArticleMatch | undefined, circumstance: string): string {
  const base = `No FAQ article matched the customer's question, ${circumstance}`;
  if (!closest) return `${base}: none shares a word with it.`;
  return `${base}: the closest, "${closest.article.question}", has confidence ${closest.confidence}, below the threshold of ${options.threshold}.`;
}

/** Whether an interaction is this bot's clarifying question, as the core recorded it (`metadata.bot`). */
export function isOwnClarifyingQuestion(interaction: Interaction | undefined): boolean {
  return interaction?.direction === 'OUTBOUND' && interaction.metadata.bot === FAQ_BOT_ID && interaction.metadata.clarifying === true;
}

/** The history up to, not including, `message` (the core's history ends with it). */
function before(history: readonly Interaction[], message: Interaction): readonly Interaction[] {
  const at = history.findIndex((interaction) => interaction.id === message.id);
  return at === -1 ? history : history.slice(0, at);
}
