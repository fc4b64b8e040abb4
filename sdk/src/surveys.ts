/**
 * The survey contract that channels, scoring rules and workflows share.
 *
 * A workflow that asks a question puts a {@link SurveyQuestion} in the outbound message's
 * `metadata.survey`. A channel that can carry replies (email, SMS, chat) remembers which of its
 * messages asked what; when a reply to one of them arrives, {@link readSurveyAnswer} reads the
 * answer from the reply's text, and the channel returns the message with
 * `type: 'survey_response'` ({@link SURVEY_RESPONSE}) and the answer under
 * `metadata[question.metric]` (`{ "csat": 4 }`, `{ "nps": 9 }`). Whoever reads that answer back
 * (a scoring rule, a workflow, a report) reads it with {@link readAnswer}, so every reader
 * agrees on what counts as an answer.
 */

/**
 * The interaction type survey answers are recorded with (docs/plugin-context.md#events).
 *
 * @example
 * ```ts
 * const answers = await subject.interactions({ type: SURVEY_RESPONSE, since });
 * ```
 */
export const SURVEY_RESPONSE = 'survey_response';

/**
 * What a survey message asks: a rating on a numeric scale.
 *
 * @example
 * ```ts
 * const effort: SurveyQuestion = { metric: 'ces', min: 1, max: 7 };
 * await run.send('survey', { channel, conversationId, text: 'How easy was it? (1-7)', metadata: { survey: effort } });
 * ```
 */
export interface SurveyQuestion {
  /** The metadata key the answer is recorded under, e.g. `csat` (1–5) or `nps` (0–10). */
  metric: string;
  /** The lowest allowed answer. */
  min: number;
  /** The highest allowed answer. */
  max: number;
}

/**
 * The CSAT question: 1 (very unsatisfied) to 5 (very satisfied).
 *
 * @example
 * ```ts
 * await run.send('survey', { channel, conversationId, text, metadata: { survey: CSAT_QUESTION } });
 * ```
 */
export const CSAT_QUESTION: SurveyQuestion = Object.freeze({ metric: 'csat', min: 1, max: 5 });

/**
 * The NPS question: 0 (not at all likely to recommend) to 10 (extremely likely).
 *
 * @example
 * ```ts
 * readAnswer({ nps: 9 }, NPS_QUESTION); // 9
 * ```
 */
export const NPS_QUESTION: SurveyQuestion = Object.freeze({ metric: 'nps', min: 0, max: 10 });

/**
 * Whether a value (e.g. an outbound message's `metadata.survey`) is a {@link SurveyQuestion}.
 *
 * @example
 * ```ts
 * const question = message.metadata?.survey;
 * if (isSurveyQuestion(question)) await remember(externalId, question);
 * ```
 */
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

/**
 * The answer to `question` in a recorded interaction's metadata, or `undefined` when there is
 * none or it cannot count: not a whole number (a numeric string such as `"4"` is read as a
 * number, since clients and imports often send one), or off the question's scale. Bad answers
 * are skipped rather than thrown on, because one malformed survey reply must not stop a
 * customer's score, a workflow or an org-wide report.
 *
 * @example
 * ```ts
 * readAnswer({ csat: 4 }, CSAT_QUESTION);     // 4
 * readAnswer({ csat: '5' }, CSAT_QUESTION);   // 5
 * readAnswer({ csat: 7 }, CSAT_QUESTION);     // undefined (off the 1–5 scale)
 * readAnswer({ nps: 'great' }, NPS_QUESTION); // undefined
 * ```
 */
export function readAnswer(metadata: Record<string, unknown> | null | undefined, question: SurveyQuestion): number | undefined {
  const raw = metadata?.[question.metric];
  const answer = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : undefined;
  if (answer === undefined || !Number.isInteger(answer)) return undefined;
  return answer >= question.min && answer <= question.max ? answer : undefined;
}
