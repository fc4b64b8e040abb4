import type { Annotator } from '@rapport/sdk';
import { ANALYZER, sentimentOfText } from './analyzer.js';

/** The id of the annotator, as declared in `contributes.annotators`. */
export const ANNOTATOR_ID = 'sentiment';

/**
 * What each inbound message gets in `metadata.sentiment`: `{ score, analyzer }`, the shape the
 * core's bot hand-off reads (`botHandoff.angerBelow`).
 */
export interface MessageSentiment {
  /** -1 (angry) to 1 (delighted). */
  score: number;
  /** The library and version that scored it, so scores from another analyzer can be told apart. */
  analyzer: string;
}

/** Scores each inbound message's text before the core stores it. */
export const sentimentAnnotator: Annotator = (message) => {
  const sentiment: MessageSentiment = { score: sentimentOfText(message.text), analyzer: ANALYZER };
  return { sentiment };
};
