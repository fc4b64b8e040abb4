import { RapportError, ValidationError, verifySharedSecret, type InboundMessage, type InboundRequest } from '@rapport/sdk';
import type { Settings } from './settings.js';

/** What the provider POSTs to `/channels/{{id}}/inbound`: one message, as JSON. */
export interface InboundPayload {
  /** The provider's id for the message; recording is idempotent on it. */
  id: string;
  /** The sender's handle on this channel, e.g. a user name. */
  from: string;
  /** The sender's name, if the provider knows it. */
  name?: string;
  text: string;
  subject?: string;
}

const EXAMPLE = `curl -H 'authorization: Bearer <secret>' -H 'content-type: application/json' -d '{"id":"m-1","from":"ada","text":"Hello"}' http://127.0.0.1:4000/channels/{{id}}/inbound`;

/**
 * The channel's webhook (`POST /channels/{{id}}/inbound`): checks the caller's secret, then reads
 * the JSON body into one inbound message, which the core records as an INBOUND interaction of
 * the customer with that handle on this channel (creating the customer the first time).
 *
 * @throws RapportError `UNAUTHENTICATED` (HTTP 401) without `Authorization: Bearer <secret>`.
 * @throws ValidationError (HTTP 400, nothing recorded) for a body that is not such a message.
 */
export function readInbound(request: InboundRequest, settings: Settings): InboundMessage[] {
  // Constant time, and it tells a caller nothing about the secret, not even its length.
  if (!verifySharedSecret(request, settings.secret)) {
    throw new RapportError('UNAUTHENTICATED', `Send the channel's secret setting as "Authorization: Bearer <secret>", e.g. ${EXAMPLE}`);
  }
  if (request.contentType?.toLowerCase() !== 'application/json') {
    const given = request.contentType ? `Content-Type ${request.contentType}` : 'no Content-Type';
    throw new ValidationError(`This channel takes one message as application/json, but the request has ${given}, e.g. ${EXAMPLE}`, 'contentType');
  }
  const payload = parse(request.body);
  return [
    {
      externalId: payload.id,
      from: { handle: payload.from, ...(payload.name && { name: payload.name }) },
      ...(payload.subject && { subject: payload.subject }),
      text: payload.text,
      metadata: {},
    },
  ];
}

function parse(body: Uint8Array): InboundPayload {
  let payload: Partial<Record<keyof InboundPayload, unknown>>;
  try {
    payload = JSON.parse(new TextDecoder().decode(body)) as typeof payload;
  } catch (error) {
    throw new ValidationError(`The body is not JSON (${(error as Error).message}), e.g. ${EXAMPLE}`);
  }
  for (const field of ['id', 'from', 'text'] as const) {
    if (typeof payload?.[field] !== 'string' || payload[field] === '') {
      throw new ValidationError(`The message needs "${field}", a non-empty string, e.g. {"id":"m-1","from":"ada","text":"Hello"}.`, field);
    }
  }
  for (const field of ['name', 'subject'] as const) {
    if (payload[field] !== undefined && typeof payload[field] !== 'string') {
      throw new ValidationError(`"${field}" must be a string when given.`, field);
    }
  }
  return payload as InboundPayload;
}
