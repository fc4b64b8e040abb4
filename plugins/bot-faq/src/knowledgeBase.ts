import MiniSearch, { type SearchResult } from 'minisearch';
import { confidenceOf, coverage, dominance, type TermMatch } from './confidence.js';
import type { Language } from './stopWords.js';
import { termAnalyzer } from './text.js';

/** One question and its answer (`articles[]` in the settings). */
export interface Article {
  /** The question as customers ask it. */
  question: string;
  /** The reply sent when the article matches. */
  answer: string;
  /** Other words customers use for it; they count as the question's own. */
  keywords?: readonly string[];
}

/** The article that best fits a message, and how sure the bot is of it. */
export interface ArticleMatch {
  article: Article;
  /** Its position in `articles`. */
  index: number;
  /** From 0 to 1: {@link coverage} times {@link dominance} (see confidence.ts). */
  confidence: number;
  /** The share of the message's terms the article matches (of the best explained message, for several). */
  coverage: number;
  /** The article's share of the relevance of the top two. */
  dominance: number;
  /** The messages' terms, common words left out. */
  terms: string[];
  /** Those of them the article matches. */
  matched: string[];
}

/** Articles indexed for full-text search, built once per activation. */
export interface KnowledgeBase {
  readonly articles: readonly Article[];
  /** The terms a text is matched on (common words left out); used to check articles. */
  termsOf(text: string): string[];
  /**
   * The article that best fits the messages, searched together, or `undefined` when no article
   * shares a term with them. With several messages (a question and the answer to a clarifying
   * question), the coverage is that of the message the article explains best: the search over
   * all of them picks the article and measures its lead, and one message that is wholly about it
   * is enough.
   */
  match(messages: string | readonly string[]): ArticleMatch | undefined;
}

/** Options of {@link buildKnowledgeBase}. */
export interface KnowledgeBaseOptions {
  /** Whose common words to leave out; English by default. */
  languages?: readonly Language[];
}

interface IndexedArticle {
  id: number;
  question: string;
  keywords: string;
  answer: string;
}

// Answers are searched too, weakly: they often hold the word a customer uses ("invoice" in the
// answer to "Where do I find my bills?") but also many words the article is not about.
const BOOST = { question: 1, keywords: 1, answer: 0.3 };

/**
 * Indexes `articles` by question, keywords and answer. Matching finds words by prefix ("pass" →
 * "password", from three letters) and forgives a typo (one letter in five to seven, two from
 * eight; none in shorter words, where a typo is usually another word).
 *
 * @example
 * ```ts
 * const kb = buildKnowledgeBase([{ question: 'How do I reset my password?', answer: 'Use "Forgot password" on the sign-in page.' }]);
 * kb.match('forgot my pasword')?.confidence; // close to 1
 * ```
 */
export function buildKnowledgeBase(articles: readonly Article[], options: KnowledgeBaseOptions = {}): KnowledgeBase {
  const analyzer = termAnalyzer(options.languages ?? ['en']);
  const index = new MiniSearch<IndexedArticle>({
    fields: ['question', 'keywords', 'answer'],
    tokenize: analyzer.tokenize,
    processTerm: analyzer.processTerm,
    searchOptions: {
      boost: BOOST,
      combineWith: 'OR',
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    },
  });
  index.addAll(articles.map((article, id) => ({ id, question: article.question, keywords: (article.keywords ?? []).join(' '), answer: article.answer })));

  return {
    articles,
    termsOf: analyzer.terms,
    match(messages) {
      const termsPerMessage = (typeof messages === 'string' ? [messages] : messages).map(analyzer.terms);
      const terms = [...new Set(termsPerMessage.flat())];
      if (terms.length === 0) return undefined;
      const [best, runnerUp] = index.search(terms.join(' '));
      if (!best) return undefined;
      const id = best.id as number;
      const found = new Map(terms.map((term) => [term, whereFound(index, term, id)]));
      const coverageShare = Math.max(...termsPerMessage.map((own) => coverage(own.map((term) => found.get(term)!))));
      const dominanceShare = dominance(best.score, runnerUp?.score);
      return {
        article: articles[id]!,
        index: id,
        confidence: confidenceOf(coverageShare, dominanceShare),
        coverage: coverageShare,
        dominance: dominanceShare,
        terms,
        matched: terms.filter((term) => found.get(term) !== 'none'),
      };
    },
  };
}

/** Where one term of the message is found in one article, by prefix and typo as in the search. */
function whereFound(index: MiniSearch<IndexedArticle>, term: string, id: number): TermMatch {
  const hit: SearchResult | undefined = index.search(term, { filter: (result) => result.id === id })[0];
  if (!hit) return 'none';
  const fields = new Set(Object.values(hit.match).flat());
  return fields.has('question') || fields.has('keywords') ? 'question' : 'answer';
}
