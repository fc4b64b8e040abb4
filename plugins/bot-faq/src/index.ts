/**
 * `@rapport/plugin-bot-faq`: the `faq` bot, which answers customers from the articles in its
 * settings, asks a clarifying question once when unsure, and hands the conversation to people
 * when still no article matches. See README.md for the settings and how confidence is computed.
 *
 * @packageDocumentation
 */
import type { PluginContext } from '@rapport/sdk';
import { createFaqBot, FAQ_BOT_ID } from './faqBot.js';
import { buildKnowledgeBase } from './knowledgeBase.js';
import { readSettings } from './settings.js';

export { FAQ_BOT_ID, createFaqBot, decide, isOwnClarifyingQuestion, type FaqBotOptions } from './faqBot.js';
export { buildKnowledgeBase, type Article, type ArticleMatch, type KnowledgeBase, type KnowledgeBaseOptions } from './knowledgeBase.js';
export { ANSWER_ONLY_WEIGHT, confidenceOf, coverage, dominance, type TermMatch } from './confidence.js';
export type { FaqSettings } from './settings.js';
export type { Language } from './stopWords.js';

/**
 * Registers the `faq` bot. The index is built here, once: settings do not change while the
 * plugin is active (new settings mean a new activation).
 *
 * @throws SettingsValidationError naming the article when one has no word to match on or repeats
 *   another's question; the plugin is then `FAILED` with that message.
 */
export function activate(ctx: PluginContext): void {
  const settings = readSettings(ctx);
  const knowledgeBase = buildKnowledgeBase(settings.articles, { languages: settings.languages });
  ctx.subscriptions.push(ctx.bots.registerBot(FAQ_BOT_ID, createFaqBot(knowledgeBase, settings)));
  ctx.logger.info({ articles: settings.articles.length, threshold: settings.threshold }, 'FAQ bot ready');
}
