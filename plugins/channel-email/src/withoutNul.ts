/**
 * A value with every NUL character (U+0000) removed from its strings, at any depth of arrays and
 * plain objects; dates and other values are returned as they are.
 *
 * A NUL in an email (raw 8-bit text, an encoded word in a header, a base64 part that decodes to
 * one) carries no meaning a reader could see, and Rapport cannot store one on PostgreSQL: the
 * message is recorded without it rather than refused, which a provider would retry forever.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNul(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNul(item)])) as T;
  }
  return value;
}
