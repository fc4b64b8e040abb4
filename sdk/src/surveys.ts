/**
 * Survey questions sent over a channel, and answers that come back as replies.
 *
 * A workflow that asks a question puts a {@link SurveyQuestion} in the outbound message's
 * `metadata.survey`. A channel that can carry replies (email, SMS, chat) remembers which of its
 * messages asked what; when a reply to one of them arrives, {@link readSurveyAnswer} reads the
 * answer from the reply's text, and the channel returns the message with
 * `type: 'survey_response'` and the answer under `metadata[question.metric]`, the shape scoring
 * rules read (`{ "csat": 4 }`, `{ "nps": 9 }`).
 */

/** What a survey message asks: a rating on a numeric scale. */
export interface SurveyQuestion {
  /** The metadata key the answer is recorded under, e.g. `csat` (1–5) or `nps` (0–10). */
  metric: string;
  /** The lowest allowed answer. */
  min: number;
  /** The highest allowed answer. */
  max: number;
}

/** The CSAT question: 1 (very unsatisfied) to 5 (very satisfied). */
export const CSAT_QUESTION: SurveyQuestion = Object.freeze({ metric: 'csat', min: 1, max: 5 });

/** The NPS question: 0 (not at all likely to recommend) to 10 (extremely likely). */
export const NPS_QUESTION: SurveyQuestion = Object.freeze({ metric: 'nps', min: 0, max: 10 });

/** Whether a value (e.g. an outbound message's `metadata.survey`) is a {@link SurveyQuestion}. */
export function isSurveyQuestion(value: unknown): value is SurveyQuestion {
  if (typeof value !== 'object' || value === null) return false;
  const { metric, min, max } = value as Record<string, unknown>;
  return typeof metric === 'string' && metric.length > 0 && Number.isInteger(min) && Number.isInteger(max) && (min as number) <= (max as number);
}

/**
 * The answer in a reply's text: the first whole number on the first line the customer wrote
 * (quoted lines, starting with `>`, and the quote header `On … wrote:` are skipped), if it is on
 * the question's scale. `"4 - quick and friendly"` → 4; `"Thanks!"` → undefined; `"7"` to a 1–5
 * question → undefined.
 *
 * @example
 * ```ts
 * readSurveyAnswer('5\n\nOn Mon, Support wrote:\n> How did we do?', CSAT_QUESTION); // 5
 * ```
 */
export function readSurveyAnswer(text: string, question: SurveyQuestion): number | undefined {
  const firstLine = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line.length > 0 && !line.startsWith('>'));
  if (!firstLine || /^on .+wrote:$/i.test(firstLine)) return undefined;
  const match = /^(?:[^\d-]{0,20}?)(\d{1,2})(?!\d)/.exec(firstLine);
  if (!match) return undefined;
  const answer = Number(match[1]);
  return answer >= question.min && answer <= question.max ? answer : undefined;
}
