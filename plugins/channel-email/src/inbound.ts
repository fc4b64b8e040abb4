import { phoneInSignature } from './signature.js';
import { readSurveyAnswer, ValidationError, type InboundMessage, type InboundRequest, type InboundResult, type PluginContext } from '@rapport/sdk';
import { readBounce, type Bounce } from './bounces.js';
import { normalizeMessageId } from './messageIds.js';
import { emailOf, readMessage, type ParsedEmail } from './parseEmail.js';
import type { AskedQuestion, SurveyMemory } from './surveyMemory.js';

/** The content type `POST /channels/email/inbound` accepts. */
export const INBOUND_CONTENT_TYPE = 'message/rfc822';

/** What {@link readInbound} works with. */
export interface InboundDependencies {
  surveys: SurveyMemory;
  /** For bounces that change nothing, which are answered 200 and otherwise leave no trace. */
  logger: Pick<PluginContext['logger'], 'info'>;
  /** Whether a phone number in the signature is passed on as an identity of the sender (settings.linkSignaturePhones). */
  linkSignaturePhones?: boolean;
}

/**
 * The email channel's `parseInbound`: one raw RFC 5322 message per request, returned as one
 * inbound message. A reply to one of our survey messages whose text holds an answer on the
 * question's scale becomes a `survey_response` with the answer under the question's metric.
 * A bounce (see bounces.ts) is no customer's message: a failure becomes a `FAILED` receipt for
 * the message it returns, and anything else about it is only logged.
 *
 * @throws ValidationError for another content type, a body that is not an email message, or a
 *   message without a From address; the route then answers 400 and stores nothing.
 */
export async function readInbound(request: InboundRequest, { surveys, logger, linkSignaturePhones = true }: InboundDependencies): Promise<InboundMessage[] | InboundResult> {
  if (request.contentType?.toLowerCase() !== INBOUND_CONTENT_TYPE) {
    const given = request.contentType ? `Content-Type ${request.contentType}` : 'no Content-Type';
    throw new ValidationError(
      `The email channel takes the raw message as ${INBOUND_CONTENT_TYPE}, but the request has ${given}. Send the raw message as the body with "Content-Type: ${INBOUND_CONTENT_TYPE}", e.g. curl --data-binary @message.eml -H 'content-type: ${INBOUND_CONTENT_TYPE}'.`,
      'contentType',
    );
  }
  const message = await readMessage(request.body);
  const bounce = readBounce(message.mail);
  if (bounce) return bounceResult(bounce, normalizeMessageId(message.mail.messageId), logger);
  const email = emailOf(message);
  // Only a reply whose first line holds a number can answer a survey: the others need no storage
  // reads (one per reference, up to 50, for every reply in a long thread).
  const asked = mayAnswerSurvey(email.text) ? await surveys.questionFor(email.references) : undefined;
  const answer = asked ? readSurveyAnswer(email.text, asked.question) : undefined;
  return [
    {
      externalId: email.messageId,
      ...(asked && answer !== undefined && { type: 'survey_response' }),
      // A phone number in the signature links a new address to the customer who has that number.
      from: { ...email.from, ...(linkSignaturePhones && phoneOf(email.text)) },
      ...(email.subject && { subject: email.subject }),
      text: email.text,
      occurredAt: email.date ?? new Date(),
      ...(email.references.length > 0 && { references: email.references }),
      metadata: {
        ...metadataOf(email),
        ...(asked && answer !== undefined && surveyAnswer(asked, answer)),
      },
    },
  ];
}

/** Any scale at all: {@link mayAnswerSurvey} asks whether the text holds an answer to any question. */
const ANY_SCALE = { metric: 'any', min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };

/** Whether the text holds an answer on some scale, as `readSurveyAnswer` reads it (so none is missed). */
function mayAnswerSurvey(text: string): boolean {
  return readSurveyAnswer(text, ANY_SCALE) !== undefined;
}

function phoneOf(text: string): { phone?: string } {
  const phone = phoneInSignature(text);
  return phone ? { phone } : {};
}

/**
 * A bounce's answer: the receipt of a failure whose original is known, and nothing else. The
 * rest is answered 200 like any accepted mail, since a relay retries an error answer forever.
 */
function bounceResult(bounce: Bounce, bounceId: string | undefined, logger: InboundDependencies['logger']): InboundResult {
  const about = { bounceMessageId: bounceId, format: bounce.format, ...(bounce.actions.length > 0 && { actions: bounce.actions }) };
  if (bounce.failed && bounce.originalMessageId) {
    return {
      messages: [],
      receipts: [{ externalId: bounce.originalMessageId, status: 'FAILED', error: bounce.error ?? 'The message could not be delivered.', ...(bounce.occurredAt && { occurredAt: bounce.occurredAt }) }],
    };
  }
  if (bounce.failed) {
    logger.info({ ...about, error: bounce.error }, 'a bounce without the Message-ID of the message it returns (none in its returned headers, In-Reply-To or References); nothing recorded');
  } else {
    logger.info({ ...about, originalMessageId: bounce.originalMessageId }, 'a delivery report that is not a failure (a delay warning or a success); nothing recorded');
  }
  return { messages: [] };
}

/** What an inbound email records besides its text: headers worth keeping and the attachments. */
function metadataOf(email: ParsedEmail): Record<string, unknown> {
  return {
    messageId: email.messageId,
    ...(email.messageIdDerived && { messageIdDerived: true }),
    ...(email.inReplyTo && { inReplyTo: email.inReplyTo }),
    references: email.referencesHeader,
    to: email.to,
    cc: email.cc,
    attachments: email.attachments,
    textFromHtml: email.textFromHtml,
    ...(email.invalidDate !== undefined && { invalidDate: email.invalidDate }),
  };
}

/** `{ csat: 4, survey: { metric, inReplyTo } }`: the answer where scoring rules read it, and what it answers. */
function surveyAnswer(asked: AskedQuestion, answer: number): Record<string, unknown> {
  return { [asked.question.metric]: answer, survey: { ...asked.question, messageId: asked.messageId } };
}
