// wink-sentiment ships no types; this is the part of its API the plugin uses.
declare module 'wink-sentiment' {
  /** What wink-sentiment says of a text: AFINN-165 word scores, negation and emoji aware. */
  interface WinkResult {
    /** The sum of the scored tokens. */
    score: number;
    /** The score per scored token, roughly -5..5. */
    normalizedScore: number;
  }
  function winkSentiment(text: string): WinkResult;
  export default winkSentiment;
}
