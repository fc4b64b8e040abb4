import { ConflictError, NotFoundError, ValidationError, type InboundRequest, type InboundResult } from '@rapport/sdk';
import { MAX_COMMENT_CHARS, withAnswer } from './answers.js';
import { answerPage } from './answerPage.js';
import type { Serial } from './serial.js';
import type { PulseStore } from './store.js';
import { hashToken } from './tokens.js';

const EXAMPLE = `curl -X POST '<publicUrl>/channels/pulse/inbound' -H 'content-type: application/json' -d '{"token":"<token from the link>","answer":4,"comment":"optional"}'`;

/** An answer as posted: `{ token, answer: 1..5, comment? }`. */
interface Posted {
  token: string;
  answer: number;
  comment?: string;
}

/**
 * `GET` and `POST /channels/pulse/inbound`: the answer page, and the answer. It records no
 * interaction (the result has no messages) and logs nothing about the token or the answer.
 *
 * - `GET ?token=…`: a small form that posts the answer as JSON.
 * - `POST { token, answer, comment? }` (the token may also come from `?token=`): 200 once per
 *   token's member, 409 for a member who has answered, 404 for a token that is unknown or whose
 *   round has closed, 400 for anything malformed.
 */
export function pulseInbound(store: PulseStore, serial: Serial): (request: InboundRequest) => Promise<InboundResult> {
  return async (request): Promise<InboundResult> => {
    if (request.method === 'GET') {
      return { response: { status: 200, contentType: 'text/html; charset=utf-8', headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, body: answerPage() } };
    }
    const posted = read(request);
    const token = await store.token(hashToken(posted.token));
    const round = token && (await store.round(token.round));
    if (!token || !round || round.closed) {
      throw new NotFoundError('This survey link is not known: it was mistyped, or its round has closed. Use the latest link you were sent.');
    }
    await serial.run(`round:${round.id}`, async () => {
      if (await store.hasAnswered(round.id, token.member)) {
        throw new ConflictError('This round was already answered with your link; each person answers a round once.');
      }
      const member = await store.member(round.id, token.member);
      if (!member) throw new NotFoundError('This survey link is not known: it was mistyped, or its round has closed. Use the latest link you were sent.');
      // The mark first: a failure between the two writes loses this answer rather than
      // letting the same person answer twice.
      await store.markAnswered(round.id, token.member);
      await store.saveTeamAnswers(round.id, withAnswer(await store.teamAnswers(round.id, member.team), posted.answer, posted.comment));
    });
    return { response: { status: 200, contentType: 'application/json; charset=utf-8', headers: { 'cache-control': 'no-store' }, body: JSON.stringify({ ok: true, message: 'Thank you: your answer was recorded anonymously.' }) } };
  };
}

/** The posted answer, checked; a ValidationError (400) says what is wrong and what to send. */
function read(request: InboundRequest): Posted {
  if (request.contentType && request.contentType !== 'application/json') {
    throw new ValidationError(`The answer is JSON, but the request has Content-Type ${request.contentType}. Send "Content-Type: application/json", e.g. ${EXAMPLE}`, 'body');
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(request.body).toString('utf8') || '{}');
  } catch {
    throw new ValidationError(`The request body is not valid JSON. Send e.g. ${EXAMPLE}`, 'body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError(`The request body must be a JSON object, e.g. ${EXAMPLE}`, 'body');
  const { token: bodyToken, answer, comment } = body as Record<string, unknown>;
  const token = typeof bodyToken === 'string' && bodyToken ? bodyToken : new URL(request.url, 'http://localhost').searchParams.get('token');
  if (!token) throw new ValidationError(`token is required: the one in your survey link (…/channels/pulse/inbound?token=<token>). Send e.g. ${EXAMPLE}`, 'token');
  if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 1 || answer > 5) {
    throw new ValidationError(`answer must be a whole number from 1 (not at all) to 5 (completely), got ${JSON.stringify(answer) ?? 'nothing'}.`, 'answer');
  }
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw new ValidationError(`comment must be text, got ${typeof comment}.`, 'comment');
  const text = typeof comment === 'string' ? comment.trim() : '';
  if ([...text].length > MAX_COMMENT_CHARS) throw new ValidationError(`comment is ${[...text].length} characters; keep it to ${MAX_COMMENT_CHARS}.`, 'comment');
  return { token, answer, ...(text && { comment: text }) };
}
