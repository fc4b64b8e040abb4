import { ValidationError } from '@rapport/sdk';
import { isRecord } from './webhook.js';

/*
 * Reading fields of a webhook payload whose shape Meta does not guarantee to us: what identifies a
 * record is required (a ValidationError naming its path otherwise), everything else optional.
 */

/** The array of objects at `path`; absent is empty. */
export function listAt(value: unknown, path: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) throw new ValidationError(`${path} must be an array of objects.`, path);
  return value;
}

/** The non-empty string at `path`, required. */
export function requiredString(value: unknown, path: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new ValidationError(`${path} must be a non-empty string.`, path);
  return value;
}

/** A number or a string of digits, as Meta writes timestamps and watermarks; else undefined. */
export function numberOf(value: unknown): number | undefined {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** `{ occurredAt }` from a Unix time in `unit`s (WhatsApp: seconds, Messenger: milliseconds); absent: the core's now. */
export function occurredAt(value: unknown, unit: 'seconds' | 'milliseconds'): { occurredAt?: Date } {
  const time = numberOf(value);
  return time === undefined ? {} : { occurredAt: new Date(unit === 'seconds' ? time * 1000 : time) };
}
