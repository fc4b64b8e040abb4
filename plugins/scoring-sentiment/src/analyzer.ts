import winkSentiment from 'wink-sentiment';

/** The library that scores messages, as written into `metadata.sentiment.analyzer`. */
export const ANALYZER = 'wink-sentiment@5.0.2';

/**
 * How much of a message is read. Sentiment shows in the first lines; a pasted log or a long
 * email thread would only cost time on the path of every inbound message.
 */
export const MAX_ANALYZED_CHARACTERS = 5_000;

/**
 * The sentiment of a text, -1 (angry) to 1 (delighted), 0 when no word carries any, to two
 * decimals. wink-sentiment gives AFINN-165 word scores (with negation: "not happy" is negative,
 * "no problem" is not) averaged over the scored words, about -5..5; `tanh(x / 2)` maps that
 * onto -1..1 so that one strongly negative word ("furious", "awful": -3) lands near -0.9 and a
 * mildly negative one ("slow", "unhelpful": -1 to -2) between -0.45 and -0.75, which puts the
 * bots' default hand-off threshold (-0.5) between annoyed and angry.
 *
 * @example
 * ```ts
 * sentimentOfText('Terrible service, I am furious.'); // -0.91
 * sentimentOfText('Thanks, that was quick!');          // 0.76
 * ```
 */
export function sentimentOfText(text: string): number {
  const { normalizedScore } = winkSentiment(text.slice(0, MAX_ANALYZED_CHARACTERS));
  if (!Number.isFinite(normalizedScore)) return 0;
  return Math.round(Math.tanh(normalizedScore / 2) * 100) / 100;
}
