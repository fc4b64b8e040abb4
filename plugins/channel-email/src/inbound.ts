import { readSurveyAnswer, ValidationError, type InboundMessage, type InboundRequest } from '@rapport/sdk';
import { parseEmail, type ParsedEmail } from './parseEmail.js';
import type { AskedQuestion, SurveyMemory } from './surveyMemory.js';

/** The content type `POST /channels/email/inbound` accepts. */
export const INBOUND_CONTENT_TYPE = 'message/rfc822';

/**
 * The email channel's `parseInbound`: one raw RFC 5322 message per request, returned as one
 * inbound message. A reply to one of our survey messages whose text holds an answer on the
 * question's scale becomes a `survey_response` with the answer under the question's metric.
 *
 * @throws ValidationError for another content type, a body that is not an email message, or a
 *   message without a From address; the route then answers 400 and stores nothing.
 */
export async function readInbound(request: InboundRequest, surveys: SurveyMemory): Promise<InboundMessage[]> {
  if (request.contentType?.toLowerCase() !== INBOUND_CONTENT_TYPE) {
    const given = request.contentType ? `Content-Type ${request.contentType}` : 'no Content-Type';
    throw new ValidationError(
      `The email channel takes the raw message as ${INBOUND_CONTENT_TYPE}, but the request has ${given}. Send the raw message as the body with "Content-Type: ${INBOUND_CONTENT_TYPE}", e.g. curl --data-binary @message.eml -H 'content-type: ${INBOUND_CONTENT_TYPE}'.`,
      'contentType',
    );
  }
  const email = await parseEmail(request.body);
  const asked = await surveys.questionFor(email.references);
  const answer = asked ? readSurveyAnswer(email.text, asked.question) : undefined;
  return [
    {
      externalId: email.messageId,
      ...(asked && answer !== undefined && { type: 'survey_response' }),
      from: email.from,
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
