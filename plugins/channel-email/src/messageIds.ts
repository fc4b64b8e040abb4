import { createHash, randomUUID } from 'node:crypto';

/**
 * Message-IDs as Rapport stores them: without angle brackets and surrounding whitespace, so an id
 * we sent (`externalId` of an OUTBOUND interaction) and the same id quoted back in a customer's
 * In-Reply-To compare equal.
 *
 * @param value - a Message-ID with or without `<>`, e.g. `<abc@example.com>`.
 * @returns the bare id, e.g. `abc@example.com`, or `undefined` when nothing is left.
 */
export function normalizeMessageId(value: string | undefined | null): string | undefined {
  if (typeof value !== 'string') return undefined;
  const bare = value.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  return bare.length > 0 ? bare : undefined;
}

/**
 * Every Message-ID in a header value such as References or In-Reply-To, in order, normalized.
 * Accepts what mailparser gives (a string or a list of strings) and tolerates the variants seen in
 * the wild: ids separated by spaces, commas or folding, and comments or phrases between them
 * (old clients write `In-Reply-To: Your message of … <id@host>`).
 */
export function parseMessageIds(value: string | readonly string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const bracketed = [...text.matchAll(/<([^<>]*)>/g)].map((match) => normalizeMessageId(match[1])).filter(isDefined);
  if (bracketed.length > 0) return bracketed;
  // No angle brackets at all: a bare id (or several), as some gateways write them.
  return text
    .split(/[\s,]+/)
    .filter((token) => token.includes('@'))
    .map((token) => normalizeMessageId(token))
    .filter(isDefined);
}

/**
 * The Message-ID of an outbound message with an idempotency key: the same key always gives the
 * same id, so a send retried after a crash (SMTP accepted, storage not yet written) goes out with
 * the id of the first attempt and mail clients show it once.
 *
 * @param idempotencyKey - the key the core passes to `send`.
 * @param domain - the right-hand side, e.g. `example.com`.
 */
export function messageIdForKey(idempotencyKey: string, domain: string): string {
  return `${sha256(`rapport-email:${idempotencyKey}`).slice(0, 40)}@${domain}`;
}

/** A fresh Message-ID for a send without an idempotency key. */
export function randomMessageId(domain: string): string {
  return `${randomUUID()}@${domain}`;
}

/**
 * A stable stand-in for the Message-ID of an inbound message that has none: the hash of its bytes,
 * so that the same message delivered twice is still recorded once. The `.invalid` top-level
 * domain (RFC 2606) makes clear the id was never on the wire.
 */
export function messageIdForRaw(raw: Uint8Array): string {
  return `sha256-${sha256(raw).slice(0, 40)}@no-message-id.invalid`;
}

/** The domain part of an address, for Message-IDs: `support@Example.COM` → `example.com`. */
export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).trim().toLowerCase() : '';
  return domain.length > 0 ? domain : undefined;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
