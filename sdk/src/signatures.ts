import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hash functions providers sign webhooks with: SHA-1 (Twilio) and SHA-256 (Meta, Standard Webhooks, Slack). */
export type SignatureAlgorithm = 'sha1' | 'sha256';

/** How a signature is written: hex (Meta's `sha256=…`) or base64 (Twilio, Standard Webhooks). */
export type SignatureEncoding = 'hex' | 'base64';

/**
 * The HMAC of `payload` under `secret`, encoded as providers send it.
 *
 * @example
 * ```ts
 * computeHmac('sha256', appSecret, request.body, 'hex'); // 'a1b2…'
 * ```
 */
export function computeHmac(algorithm: SignatureAlgorithm, secret: string | Uint8Array, payload: string | Uint8Array, encoding: SignatureEncoding): string {
  return createHmac(algorithm, secret).update(payload).digest(encoding);
}

/** What {@link verifyHmacSignature} checks. */
export interface HmacSignatureCheck {
  algorithm: SignatureAlgorithm;
  /** The shared secret (an app secret, an auth token). */
  secret: string | Uint8Array;
  /** Exactly what the provider signed: usually the raw body, or a URL and parameters, or `id.timestamp.body`. */
  payload: string | Uint8Array;
  /**
   * The signature as received, e.g. a header's value. Several are accepted (a header listing
   * signatures during a secret rotation): one match is enough. Missing is never valid.
   */
  signature: string | readonly string[] | undefined;
  encoding: SignatureEncoding;
  /** A prefix the provider puts before the signature, removed before comparing, e.g. `sha256=` or `v1,`. */
  prefix?: string;
  /**
   * A signed timestamp (seconds since the epoch, as the provider sends it) and how far from now
   * it may be, to refuse replayed requests. The timestamp must also be part of `payload`.
   */
  timestamp?: { value: string | number | undefined; toleranceSeconds: number; now?: Date };
}

/**
 * Whether a webhook's signature is the HMAC of its payload, compared in constant time so that
 * the comparison leaks nothing about the expected value. A missing or malformed signature, or a
 * timestamp outside the tolerance, is `false`, never an exception.
 *
 * @example
 * ```ts
 * // Meta: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>
 * const valid = verifyHmacSignature({
 *   algorithm: 'sha256', secret: settings.appSecret, payload: request.body,
 *   signature: headerValue(request, 'x-hub-signature-256'), encoding: 'hex', prefix: 'sha256=',
 * });
 * if (!valid) return { response: { status: 403, body: 'Bad signature' } };
 * ```
 */
export function verifyHmacSignature(check: HmacSignatureCheck): boolean {
  if (check.timestamp && !withinTolerance(check.timestamp)) return false;
  const candidates = typeof check.signature === 'string' ? [check.signature] : (check.signature ?? []);
  const expected = Buffer.from(computeHmac(check.algorithm, check.secret, check.payload, check.encoding), 'utf8');
  let matched = false;
  for (const candidate of candidates) {
    const trimmed = candidate.trim();
    if (check.prefix && !trimmed.startsWith(check.prefix)) continue;
    const received = Buffer.from(check.prefix ? trimmed.slice(check.prefix.length) : trimmed, 'utf8');
    // timingSafeEqual needs equal lengths; a length mismatch reveals only the length, which is public.
    if (received.length === expected.length && timingSafeEqual(received, expected)) matched = true;
  }
  return matched;
}

function withinTolerance({ value, toleranceSeconds, now = new Date() }: NonNullable<HmacSignatureCheck['timestamp']>): boolean {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(seconds)) return false;
  return Math.abs(now.getTime() / 1000 - seconds) <= toleranceSeconds;
}
