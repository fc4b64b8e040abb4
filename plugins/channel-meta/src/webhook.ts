import { createHash, timingSafeEqual } from 'node:crypto';
import { headerValue, ValidationError, verifyHmacSignature, type InboundRequest, type WebhookResponse } from '@rapport/sdk';

/** The `object` of a webhook payload for each channel: WhatsApp Business accounts, Pages. */
export const PAYLOAD_OBJECT = { whatsapp: 'whatsapp_business_account', messenger: 'page' } as const;

/** A channel of this plugin. */
export type MetaChannel = keyof typeof PAYLOAD_OBJECT;

/** The parts of a webhook payload every Meta product shares: `{ object, entry: [...] }`. */
export interface WebhookPayload {
  object: string;
  entry: Record<string, unknown>[];
}

/** What Meta is answered once a call was accepted (its own examples answer this). */
export const RECEIVED: WebhookResponse = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'EVENT_RECEIVED' };

const FORBIDDEN_SIGNATURE: WebhookResponse = {
  status: 403,
  contentType: 'text/plain; charset=utf-8',
  body: 'Missing or invalid X-Hub-Signature-256: it must be sha256=<hex HMAC-SHA256 of the raw body under the app secret>. Check the appSecret setting.',
};

const FORBIDDEN_HANDSHAKE: WebhookResponse = {
  status: 403,
  contentType: 'text/plain; charset=utf-8',
  body: 'Verification refused: hub.mode must be "subscribe" and hub.verify_token must equal the verifyToken setting.',
};

/**
 * Meta's verification request (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`),
 * sent when a webhook URL is saved in the app dashboard: the challenge echoed back when the token
 * is ours, else 403.
 */
export function answerHandshake(request: Pick<InboundRequest, 'url'>, verifyToken: string): WebhookResponse {
  const query = new URL(request.url, 'http://localhost').searchParams;
  if (query.get('hub.mode') !== 'subscribe' || !sameSecret(query.get('hub.verify_token') ?? '', verifyToken)) return FORBIDDEN_HANDSHAKE;
  const challenge = query.get('hub.challenge');
  if (!challenge) throw new ValidationError('The verification request has no hub.challenge to answer; Meta always sends one, so this did not come from Meta.', 'hub.challenge');
  return { status: 200, contentType: 'text/plain; charset=utf-8', body: challenge };
}

/**
 * Checks the signature of a `POST` over the body exactly as received, then parses it. A bad or
 * missing signature is the 403 to answer (`refused`), before the body is even parsed. A signed
 * body that is not JSON or not a payload of the channel's product is a `ValidationError` (400):
 * Meta's retries would not change it.
 */
export function readSignedPayload(request: InboundRequest, appSecret: string, channel: MetaChannel): { refused: WebhookResponse } | { payload: WebhookPayload } {
  const signed = verifyHmacSignature({
    algorithm: 'sha256',
    secret: appSecret,
    payload: request.body,
    signature: headerValue(request, 'x-hub-signature-256'),
    encoding: 'hex',
    prefix: 'sha256=',
  });
  if (!signed) return { refused: FORBIDDEN_SIGNATURE };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body));
  } catch (error) {
    throw new ValidationError(`The ${channel} webhook body is not JSON (${(error as Error).message}); Meta sends application/json.`, 'body');
  }
  return { payload: checkPayload(parsed, channel) };
}

function checkPayload(parsed: unknown, channel: MetaChannel): WebhookPayload {
  const expected = PAYLOAD_OBJECT[channel];
  if (!isRecord(parsed)) throw new ValidationError(`The ${channel} webhook body must be a JSON object { "object": "${expected}", "entry": [...] }.`, 'body');
  if (parsed.object !== expected) {
    throw new ValidationError(
      `The ${channel} webhook's "object" is ${JSON.stringify(parsed.object)}, expected "${expected}". ` +
        `Subscribe the ${channel} product's webhook to /channels/${channel}/inbound, and other products elsewhere.`,
      'object',
    );
  }
  if (!Array.isArray(parsed.entry) || !parsed.entry.every(isRecord)) {
    throw new ValidationError(`The ${channel} webhook's "entry" must be an array of objects.`, 'entry');
  }
  return { object: expected, entry: parsed.entry };
}

/** Whether `value` is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compares two secrets in constant time over their SHA-256 digests, so not even the length leaks. */
function sameSecret(received: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}
