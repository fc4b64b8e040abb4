import { ValidationError, type OutboundMessage, type SendOptions, type SendResult } from '@rapport/sdk';
import type { Settings } from './settings.js';

/** How long the provider may take to accept a message. */
const TIMEOUT_MS = 10_000;

/**
 * Delivers one message: `POST <outboundUrl>` with `Authorization: Bearer <secret>`, the
 * `Idempotency-Key` the core gives (the same for every retry of one message) and the JSON body
 * `{ "to", "text", "subject", "conversationId" }`. The provider answers 2xx with `{ "id" }`, its
 * id for the message, which the core records as the OUTBOUND interaction's `externalId`.
 *
 * The core fills in `message.to` with the customer's handle on this channel (the manifest's
 * `address: "handle"`). Throwing reports a failure: nothing is recorded, and the caller
 * (`sendMessage`, a workflow's `run.send`) sees the error.
 */
export async function deliver(settings: Settings, message: OutboundMessage, options: SendOptions): Promise<SendResult> {
  if (!message.to) {
    throw new ValidationError('The customer has no handle on this channel yet: they get one when a message from them arrives on it (its "from").', 'to');
  }
  const response = await fetch(settings.outboundUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${settings.secret}`,
      ...(options.idempotencyKey && { 'idempotency-key': options.idempotencyKey }),
    },
    body: JSON.stringify({ to: message.to, text: message.text, subject: message.subject, conversationId: message.conversationId }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new Error(`POST ${settings.outboundUrl} answered ${response.status} ${response.statusText}: the message was not delivered.`);
  }
  const body = (await response.json().catch(() => undefined)) as { id?: unknown } | undefined;
  if (typeof body?.id !== 'string' || body.id === '') {
    throw new Error(`POST ${settings.outboundUrl} answered ${response.status} without the message's id: expected JSON such as { "id": "msg-1" }.`);
  }
  return { externalId: body.id };
}
