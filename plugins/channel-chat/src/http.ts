import type { ChannelRequest, ChannelResponse } from '@rapport/sdk';

/**
 * A refusal of a visitor request, answered as JSON `{ error, code }` with its status. Thrown
 * anywhere below the router; the router turns it into the response (with the CORS headers).
 */
export class ChatHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ChatHttpError';
  }
}

/** A JSON response, never cached: visitor data is personal. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): ChannelResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body), headers: { 'cache-control': 'no-store', ...headers } };
}

/** The `{ error, code }` answer of a {@link ChatHttpError}. */
export function errorResponse(error: ChatHttpError): ChannelResponse {
  return json(error.status, { error: error.message, code: error.code }, error.headers);
}

/** The largest JSON body the visitor API reads; a message is far smaller. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's JSON body as an object.
 *
 * @throws ChatHttpError 413 for a body over 64 KB, 415 for another content type, 400 for a body
 *   that is not a JSON object.
 */
export function readJsonBody(request: ChannelRequest): Record<string, unknown> {
  if (request.body.byteLength > MAX_BODY_BYTES) {
    throw new ChatHttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is ${request.body.byteLength} bytes; the chat API reads at most ${MAX_BODY_BYTES}.`);
  }
  if (request.body.byteLength === 0) return {};
  if (request.contentType && request.contentType.toLowerCase() !== 'application/json') {
    throw new ChatHttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `The chat API takes JSON, but the request has Content-Type ${request.contentType}. Send "Content-Type: application/json".`);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(request.body).toString('utf8'));
  } catch {
    throw new ChatHttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON. Send a JSON object, e.g. {"text":"Hello"}.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ChatHttpError(400, 'BAD_REQUEST', 'The request body must be a JSON object, e.g. {"text":"Hello"}.');
  }
  return value as Record<string, unknown>;
}
