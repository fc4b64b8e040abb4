import { CSAT_QUESTION } from '@rapport/sdk';

/**
 * How to answer, on the CSAT scale. Channels that carry replies read the first number of a reply
 * as the answer (`readSurveyAnswer`), so the message asks for exactly that.
 */
export const ANSWER_INSTRUCTIONS = `Reply with a number from ${CSAT_QUESTION.min} (very unsatisfied) to ${CSAT_QUESTION.max} (very satisfied).`;

/** A survey or reminder message: the configured question, then how to answer it. */
export function surveyMessage(question: string): string {
  return `${question.trim()}\n\n${ANSWER_INSTRUCTIONS}`;
}

/** The text of the internal note a low score leaves in the conversation. */
export function lowScoreNote(csat: number): string {
  return `CSAT ${csat} of ${CSAT_QUESTION.max} after resolution — follow up with the customer`;
}
