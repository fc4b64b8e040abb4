import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { ValidationError } from '@rapport/sdk';
import type { IdentityKind } from '../persistence/entities.js';
import { applyRule } from './inputRules.js';

/** One identity of a customer, normalized: the unit that belongs to exactly one customer. */
export interface Identity {
  kind: IdentityKind;
  /** The channel of a handle; empty for emails and phones. */
  channel: string;
  value: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cases and trims an email address; rejects what is not one (inputRules.ts: `email`). */
export function normalizeEmail(email: string, field = 'email'): string {
  const value = applyRule('email', email, field).trim().toLowerCase();
  if (!EMAIL.test(value)) throw new ValidationError(`${field}: "${email}" is not an email address.`, field);
  return value;
}

/**
 * Formats a phone number in E.164, so "+33 6 12-34-56-78" and "+33612345678" are one identity.
 * Numbers without a country code are read in `defaultCountry` when one is configured.
 */
export function normalizePhone(phone: string, field = 'phone', defaultCountry?: CountryCode): string {
  const parsed = parsePhoneNumberFromString(applyRule('phone', phone, field).trim(), defaultCountry);
  if (!parsed || !parsed.isPossible()) {
    throw new ValidationError(
      `${field}: "${phone}" is not a valid phone number. Give it in international format, e.g. "+33612345678".`,
      field,
    );
  }
  return parsed.number;
}

/**
 * Trims a handle and checks it has a channel (inputRules.ts: `handle`, `channel`).
 *
 * @param channelField - what the caller calls the channel, when it is a field of its own.
 */
export function normalizeHandle(channel: string, handle: string, field = 'handle', channelField = field): Identity {
  const value = applyRule('handle', handle, field).trim();
  if (!value) throw new ValidationError(`${field} must not be empty.`, field);
  const checkedChannel = applyRule('channel', channel, channelField).trim();
  if (!checkedChannel) throw new ValidationError(`${field} needs the channel it belongs to, e.g. "twitter".`, channelField);
  return { kind: 'handle', channel: checkedChannel, value };
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
    ...(input.handles ?? []).map((h, i) => normalizeHandle(h?.channel, h?.handle, `handles[${i}].handle`, `handles[${i}].channel`)),
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
