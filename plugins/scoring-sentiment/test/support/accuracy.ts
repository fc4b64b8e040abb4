import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import { sentimentOfText } from '../../src/analyzer.js';

/** One sentence of the labelled set. */
export interface Labelled {
  label: 'pos' | 'neg';
  text: string;
}

/** The labelled set shipped with the plugin: test/fixtures/labelled.tsv (label, tab, sentence). */
export function labelledSet(): Labelled[] {
  const file = fileURLToPath(new URL('../fixtures/labelled.tsv', import.meta.url));
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  if (header !== 'label\ttext') throw new Error(`${file}: the first line must be "label<TAB>text", got ${JSON.stringify(header)}`);
  return rows.map((row, index) => {
    const [label, text] = row.split('\t');
    if ((label !== 'pos' && label !== 'neg') || !text) throw new Error(`${file}:${index + 2}: expected "pos" or "neg", a tab and a sentence`);
    return { label, text };
  });
}

const afinn = new Sentiment();

/**
 * Every library tried, as a function from text to a signed score: the plugin's own analyzer
 * (wink-sentiment through `sentimentOfText`), `sentiment` (AFINN-165, the baseline) and
 * `vader-sentiment` (VADER's compound score).
 */
export const ANALYZERS: Readonly<Record<string, (text: string) => number>> = {
  'wink-sentiment (shipped)': sentimentOfText,
  sentiment: (text) => afinn.analyze(text).comparative,
  'vader-sentiment': (text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound,
};

/** How one analyzer does on the set. */
export interface Accuracy {
  /** Share of sentences whose sign matches the label; a score of exactly 0 counts as positive. */
  accuracy: number;
  /** The same on the sentences the analyzer gave a non-zero score. */
  accuracyWhenScored: number;
  /** Share of sentences with a score of exactly 0 (no sentiment word found). */
  unscored: number;
  sentences: number;
}

/** Accuracy of an analyzer on labelled sentences, to three decimals. */
export function accuracyOf(analyze: (text: string) => number, set: readonly Labelled[]): Accuracy {
  let right = 0;
  let scored = 0;
  let rightWhenScored = 0;
  for (const { label, text } of set) {
    const score = analyze(text);
    const correct = (score >= 0 ? 'pos' : 'neg') === label;
    if (correct) right++;
    if (score !== 0) {
      scored++;
      if (correct) rightWhenScored++;
    }
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { accuracy: round(right / set.length), accuracyWhenScored: round(rightWhenScored / scored), unscored: round((set.length - scored) / set.length), sentences: set.length };
}
