import { readAnswer, SURVEY_RESPONSE, type CustomerSubject, type SurveyQuestion } from '@rapport/sdk';

/** How far ahead of the server's clock an answer's time may be and still count now. */
export const PROVIDER_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The answers to `question` a customer gave within the `windowMs` before `subject.now` (the
 * start included), oldest first, with invalid ones left out. Needs `interactions:read`.
 *
 * @example
 * ```ts
 * // In a scoring rule's evaluate(subject): the customer's CSAT answers of the last 30 days.
 * const answers = await answersInWindow(subject, CSAT_QUESTION, 30 * 86_400_000); // e.g. [5, 2]
 * ```
 */
export async function answersInWindow(subject: Pick<CustomerSubject, 'now' | 'interactions'>, question: SurveyQuestion, windowMs: number): Promise<number[]> {
  const now = subject.now.getTime();
  const responses = await subject.interactions({ type: SURVEY_RESPONSE, since: new Date(now - windowMs) });
  const answers: number[] = [];
  for (const interaction of responses) {
    // Answers dated after the evaluation time (imported with a future date) wait for their time;
    // a few minutes ahead is a provider's clock running fast (a WhatsApp timestamp), not the future.
    if (interaction.occurredAt.getTime() > now + PROVIDER_CLOCK_SKEW_MS) continue;
    const answer = readAnswer(interaction.metadata, question);
    if (answer !== undefined) answers.push(answer);
  }
  return answers;
}
