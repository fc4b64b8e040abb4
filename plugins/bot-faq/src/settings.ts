import { settingsProblem, throwIfSettingsProblems, type PluginContext, type ValidationProblem } from '@rapport/sdk';
import type { Article } from './knowledgeBase.js';
import type { Language } from './stopWords.js';
import { fold, termAnalyzer } from './text.js';

/** The plugin's settings, as validated by `contributes.configuration` with its defaults applied. */
export interface FaqSettings {
  /** The knowledge base; at least one article. */
  articles: Article[];
  /** The confidence (0..1) an article needs to be sent as the answer. */
  threshold: number;
  /** Asked once per conversation when no article is confident enough. */
  clarifyingQuestion: string;
  /** Added after the clarifying question, `{question}` replaced by the closest article's; `""` for none. */
  clarifyingSuggestion: string;
  /** Whose common words are left out of matching. */
  languages: Language[];
}

/**
 * The settings in their typed form. The host has checked them against the manifest's JSON Schema
 * and applied the defaults; what is left is what a schema cannot say: that every article has a
 * word to be found by once common words are left out, and that no two articles ask the same.
 *
 * @throws SettingsValidationError naming each article at fault, e.g.
 *   `pluginSettings["@rapport/plugin-bot-faq"].articles[2].question`.
 */
export function readSettings(ctx: Pick<PluginContext, 'plugin' | 'settingsFile' | 'settings'>): FaqSettings {
  const settings = ctx.settings as unknown as FaqSettings;
  const analyzer = termAnalyzer(settings.languages);
  const problems: ValidationProblem[] = [];
  const firstAsked = new Map<string, number>();
  settings.articles.forEach((article, i) => {
    const words = [article.question, ...(article.keywords ?? [])].join(' ');
    if (analyzer.terms(words).length === 0) {
      problems.push(
        settingsProblem(ctx, `articles[${i}].question`, `("${article.question}") has no word left to match once common words such as "how" and "my" are left out: name the topic in it, or add keywords (e.g. "keywords": ["refund"]).`),
      );
    }
    const asked = fold(article.question).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const earlier = firstAsked.get(asked);
    if (earlier === undefined) firstAsked.set(asked, i);
    else problems.push(settingsProblem(ctx, `articles[${i}].question`, `asks the same as articles[${earlier}].question ("${article.question}"): merge the two articles into one, or reword one of them.`));
  });
  throwIfSettingsProblems(ctx, problems);
  return settings;
}
