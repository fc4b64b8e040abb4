import { isSurveyQuestion, type KeyValueStorage, type SurveyQuestion } from '@rapport/sdk';

/** A survey question we asked, found from the ids a reply refers to. */
export interface AskedQuestion {
  /** The Message-ID (without `<>`) of our message that asked it. */
  messageId: string;
  question: SurveyQuestion;
}

/** How many of a reply's references are looked up: the recent end of a thread is where surveys are. */
const MAX_LOOKUPS = 50;

/**
 * Which of our messages asked a survey question, kept in the plugin's storage under
 * `survey:<Message-ID>`, so that a reply to one of them can be read as the answer.
 */
export class SurveyMemory {
  constructor(private readonly storage: KeyValueStorage) {}

  /** Notes that the message with this Message-ID asks `question`. */
  async remember(messageId: string, question: SurveyQuestion): Promise<void> {
    await this.storage.set(surveyKey(messageId), { metric: question.metric, min: question.min, max: question.max });
  }

  /**
   * The question asked by the newest of `references` (oldest first, as in
   * `InboundMessage.references`) that is one of our survey messages, if any.
   */
  async questionFor(references: readonly string[]): Promise<AskedQuestion | undefined> {
    for (const messageId of [...references].reverse().slice(0, MAX_LOOKUPS)) {
      const question = await this.storage.get(surveyKey(messageId));
      if (isSurveyQuestion(question)) return { messageId, question };
    }
    return undefined;
  }
}

/** Where the question asked by the message with this Message-ID is kept. */
export function surveyKey(messageId: string): string {
  return `survey:${messageId}`;
}
