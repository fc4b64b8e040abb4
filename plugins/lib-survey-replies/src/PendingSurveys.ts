import { isSurveyQuestion, readSurveyAnswer, SURVEY_RESPONSE, type InboundMessage, type KeyValueStorage, type SurveyQuestion } from '@rapport/sdk';

/** A survey question a channel sent to one address and has not had an answer to yet. */
export interface PendingSurvey {
  /** The provider's id of the message that asked (`OutboundMessage` → `SendResult.externalId`). */
  messageId: string;
  question: SurveyQuestion;
  /** When it was asked, as ISO-8601. */
  askedAt: string;
}

/** Options of {@link PendingSurveys}. */
export interface PendingSurveysOptions {
  /**
   * How long after it was asked a reply still counts as the answer, in milliseconds; 7 days by
   * default (the post-resolution survey's default `giveUpAfter`). Later, a number the customer
   * writes is an ordinary message again.
   */
  answerWithinMs?: number;
}

/** Every scale a survey answer can be on: what could answer some question. */
const ANY_SCALE: SurveyQuestion = { metric: 'any', min: 0, max: 99 };

const DEFAULT_ANSWER_WITHIN_MS = 7 * 86_400_000;

/**
 * Survey memory for channels whose replies do not say which message they answer (SMS, WhatsApp,
 * Messenger): the last survey question sent to an address on a channel, kept in the plugin's
 * storage under `survey:<channel>:<address>` until it is answered or too old. Email threads its
 * replies and looks its questions up by Message-ID instead.
 *
 * The channel calls {@link asked} after it sent a message whose `metadata.survey` is a
 * {@link SurveyQuestion}, and passes every inbound message from that address through
 * {@link answer}: the first one whose text holds an answer on the question's scale
 * ({@link readSurveyAnswer}) comes back as a `survey_response`, with the answer under the
 * question's metric (`{ csat: 4 }`) and a reference to the survey message (so the core files it
 * in the survey's conversation, even a resolved one), and the question is forgotten. Addresses
 * are personal data: a channel exports and erases them with {@link find} and {@link forget} in
 * its `CustomerDataHandler` (`DataSubject.phones`, `.handles`).
 *
 * @example
 * ```ts
 * const surveys = new PendingSurveys(ctx.storage);
 * // after a send:
 * if (isSurveyQuestion(message.metadata?.survey)) await surveys.asked('sms', message.to!, { messageId: sid, question: message.metadata.survey });
 * // in parseInbound:
 * const recorded = await surveys.answer('sms', from, inbound);
 * ```
 */
export class PendingSurveys {
  private readonly answerWithinMs: number;

  constructor(
    private readonly storage: KeyValueStorage,
    options: PendingSurveysOptions = {},
  ) {
    this.answerWithinMs = options.answerWithinMs ?? DEFAULT_ANSWER_WITHIN_MS;
  }

  /** Notes that `messageId`, sent to `address` on `channel`, asks `question`; it replaces an earlier unanswered one. */
  async asked(channel: string, address: string, survey: { messageId: string; question: SurveyQuestion; at?: Date }): Promise<void> {
    const { metric, min, max } = survey.question;
    await this.storage.set(pendingSurveyKey(channel, address), { messageId: survey.messageId, question: { metric, min, max }, askedAt: (survey.at ?? new Date()).toISOString() });
  }

  /**
   * `message` as a `survey_response` when it answers the question pending for `address` on
   * `channel` (and that question is then forgotten); otherwise `message` unchanged. A message
   * written before the question was asked, or longer than `answerWithinMs` after, is no answer.
   */
  async answer(channel: string, address: string, message: InboundMessage): Promise<InboundMessage> {
    // Most messages start with no number at all: they answer nothing, and need no storage read.
    if ((message.type !== undefined && message.type !== 'message') || readSurveyAnswer(message.text ?? '', ANY_SCALE) === undefined) return message;
    const pending = await this.find(channel, address);
    if (!pending) return message;
    const at = message.occurredAt === undefined ? Date.now() : new Date(message.occurredAt).getTime();
    const askedAt = Date.parse(pending.askedAt);
    // Provider timestamps have whole seconds: a reply in the second of the question still counts.
    if (!(at >= askedAt - 1_000 && at - askedAt <= this.answerWithinMs)) return message;
    const answer = readSurveyAnswer(message.text, pending.question);
    if (answer === undefined) return message;
    await this.forget(channel, address);
    return {
      ...message,
      type: SURVEY_RESPONSE,
      references: [...(message.references ?? []), pending.messageId],
      metadata: { ...message.metadata, [pending.question.metric]: answer, survey: { ...pending.question, messageId: pending.messageId } },
    };
  }

  /** The question pending for `address` on `channel`, if any. */
  async find(channel: string, address: string): Promise<PendingSurvey | undefined> {
    const stored = await this.storage.get(pendingSurveyKey(channel, address));
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return undefined;
    const { messageId, question, askedAt } = stored as Record<string, unknown>;
    if (typeof messageId !== 'string' || typeof askedAt !== 'string' || !isSurveyQuestion(question)) return undefined;
    return { messageId, question, askedAt };
  }

  /** Forgets the question pending for `address` on `channel`; resolves to whether there was one. */
  forget(channel: string, address: string): Promise<boolean> {
    return this.storage.delete(pendingSurveyKey(channel, address));
  }
}

/** The storage key {@link PendingSurveys} keeps the question pending for `address` on `channel` under. */
export function pendingSurveyKey(channel: string, address: string): string {
  return `survey:${channel}:${address}`;
}
