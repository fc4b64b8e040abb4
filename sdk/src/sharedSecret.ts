import { createHash, timingSafeEqual } from 'node:crypto';
import { headerValue, type InboundRequest, type WebhookResponse } from './contributions/channel.js';

/**
 * Whether a webhook request presents the channel's shared secret, for callers that cannot sign
 * their requests but can send a credential: `Authorization: Bearer <secret>`, or HTTP Basic with
 * the secret as the password and any user name (what a relay sends for a URL such as
 * `https://rapport:<secret>@crm.example.com/channels/email/inbound`). The comparison takes the
 * same time whatever the presented value, so it leaks nothing about the secret, not even its
 * length. A missing or malformed header, another scheme, or an empty `secret` is `false`, never
 * an exception.
 *
 * @example
 * ```ts
 * parseInbound(request) {
 *   if (!verifySharedSecret(request, settings.inboundSecret)) return { response: sharedSecretRefusal('email') };
 *   …
 * }
 * ```
 */
export function verifySharedSecret(request: Pick<InboundRequest, 'headers'>, secret: string): boolean {
  if (!secret) return false;
  const presented = presentedSecret(headerValue(request, 'authorization'));
  if (presented === undefined) return false;
  // Digests, not the strings: timingSafeEqual needs equal lengths, and checking lengths first would let timing reveal the secret's length.
  return timingSafeEqual(digest(presented), digest(secret));
}

/**
 * The answer to a webhook call without the right shared secret: 401, nothing stored, with a
 * `WWW-Authenticate` challenge for both accepted schemes and a JSON body (`error`, `code:
 * UNAUTHENTICATED`) that says how to send the secret. The response never says whether a secret
 * was presented, or how close it was.
 *
 * @param channelId - the channel whose webhook was called, e.g. `email`; names the realm.
 * @param setting - the plugin setting that holds the secret, named in the message for the operator.
 */
export function sharedSecretRefusal(channelId: string, setting = 'inboundSecret'): WebhookResponse {
  const realm = `rapport-${channelId}`;
  return {
    status: 401,
    headers: { 'www-authenticate': `Bearer realm="${realm}", Basic realm="${realm}"` },
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({
      error:
        `The ${channelId} channel's webhook needs its shared secret (the plugin's "${setting}" setting): send "Authorization: Bearer <secret>", ` +
        'or HTTP Basic with the secret as the password. Nothing was stored.',
      code: 'UNAUTHENTICATED',
    }),
  };
}

/** The secret in an Authorization header: a Bearer token, or the password of Basic credentials. */
function presentedSecret(authorization: string | undefined): string | undefined {
  const match = authorization ? /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization) : null;
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  if (scheme === 'bearer') return match[2]!;
  if (scheme !== 'basic') return undefined;
  const credentials = Buffer.from(match[2]!, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
