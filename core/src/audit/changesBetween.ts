import type { AuditChanges } from './AuditLog.js';
import { canonicalJson } from './chainHashing.js';

/**
 * The audit `changes` of `fields` between two states of an object: each field whose value
 * differs, as `{ before, after }`. A missing state (before a creation, after a deletion) reads as
 * null for every field.
 *
 * @example
 * ```ts
 * changesBetween({ displayName: 'Ada' }, { displayName: 'Ada L.' }, ['displayName']); // { displayName: { before: 'Ada', after: 'Ada L.' } }
 * ```
 */
export function changesBetween<T extends object>(before: T | undefined | null, after: T | undefined | null, fields: readonly (keyof T & string)[]): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const was = before?.[field] ?? null;
    const is = after?.[field] ?? null;
    if (canonicalJson(was) !== canonicalJson(is)) changes[field] = { before: was, after: is };
  }
  return changes;
}
