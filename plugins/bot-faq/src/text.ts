import type { Language } from './stopWords.js';
import { stopWordsOf } from './stopWords.js';

/**
 * How text becomes search terms, the same for articles and for customers' messages, so that
 * "Réinitialiser" in an article and "reinitialiser" in a message meet.
 */
export interface TermAnalyzer {
  /** Splits text into words, apostrophes and punctuation included as separators. */
  tokenize(text: string): string[];
  /** The term a word stands for, or `null` for a word left out (a common word, a single letter). */
  processTerm(word: string): string | null;
  /** The distinct terms of a text, in order of first appearance. */
  terms(text: string): string[];
}

/** Lower case without accents: "Réinitialiser" → "reinitialiser", "don't" stays "don't". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** A {@link TermAnalyzer} that leaves out the common words of `languages`. */
export function termAnalyzer(languages: readonly Language[]): TermAnalyzer {
  const stopWords = stopWordsOf(languages);
  const tokenize = (text: string): string[] => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const processTerm = (word: string): string | null => {
    const term = fold(word);
    // Single letters are what is left of "don't" or "l'adresse" once split: never a topic.
    if (term.length < 2 || stopWords.has(term)) return null;
    return term;
  };
  return {
    tokenize,
    processTerm,
    terms: (text) => [...new Set(tokenize(text).flatMap((word) => processTerm(word) ?? []))],
  };
}
