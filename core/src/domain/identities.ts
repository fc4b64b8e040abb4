import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { ValidationError } from '@rapport/sdk';
import type { IdentityKind } from '../persistence/entities.js';

/** One identity of a customer, normalized: the unit that belongs to exactly one customer. */
export interface Identity {
  kind: IdentityKind;
  /** The channel of a handle; empty for emails and phones. */
  channel: string;
  value: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cases and trims an email address; rejects what is not one. */
export function normalizeEmail(email: string, field = 'email'): string {
  const value = String(email).trim().toLowerCase();
  if (!EMAIL.test(value)) throw new ValidationError(`${field}: "${email}" is not an email address.`, field);
  return value;
}

/**
 * Formats a phone number in E.164, so "+33 6 12-34-56-78" and "+33612345678" are one identity.
 * Numbers without a country code are read in `defaultCountry` when one is configured.
 */
export function normalizePhone(phone: string, field = 'phone', defaultCountry?: CountryCode): string {
  const parsed = parsePhoneNumberFromString(String(phone).trim(), defaultCountry);
  if (!parsed || !parsed.isPossible()) {
    throw new ValidationError(
      `${field}: "${phone}" is not a valid phone number. Give it in international format, e.g. "+33612345678".`,
      field,
    );
  }
  return parsed.number;
}

/** Trims a handle and checks it has a channel. */
export function normalizeHandle(channel: string, handle: string, field = 'handle'): Identity {
  const value = String(handle).trim();
  if (!value) throw new ValidationError(`${field} must not be empty.`, field);
  if (!channel) throw new ValidationError(`${field} needs the channel it belongs to, e.g. "twitter".`, field);
  return { kind: 'handle', channel, value };
}

/** The identities named by a customer input, normalized and without duplicates. */
export function identitiesOf(input: {
  emails?: readonly string[];
  phones?: readonly string[];
  handles?: readonly { channel: string; handle: string }[];
}): Identity[] {
  const all: Identity[] = [
    ...(input.emails ?? []).map((email, i) => ({ kind: 'email' as const, channel: '', value: normalizeEmail(email, `emails[${i}]`) })),
    ...(input.phones ?? []).map((phone, i) => ({ kind: 'phone' as const, channel: '', value: normalizePhone(phone, `phones[${i}]`) })),
    ...(input.handles ?? []).map((h, i) => normalizeHandle(h.channel, h.handle, `handles[${i}]`)),
  ];
  const seen = new Set<string>();
  return all.filter((identity) => {
    const key = identityKey(identity);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function identityKey(identity: Identity): string {
  return `${identity.kind}\u0000${identity.channel}\u0000${identity.value}`;
}

/** How an identity reads in a message: `ada@example.com`, `+33612345678`, `@ada on twitter`. */
export function describeIdentity(identity: Identity): string {
  return identity.kind === 'handle' ? `${identity.value} on ${identity.channel}` : identity.value;
}
