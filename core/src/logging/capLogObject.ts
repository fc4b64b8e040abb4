import { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import { REDACTED, isRedactedField } from './logRedaction.js';
import { LOG_LIMITS, cutString } from './logLimits.js';
import { scrubSql } from './scrubSql.js';
import { isError, serializeError } from './serializeError.js';

/**
 * The logger's `formatters.log`: a copy of what a call logs, fit to be kept. At any depth, fields
 * named in REDACTED_LOG_FIELDS are `[Redacted]`, errors go through serializeError (wherever they
 * sit, not only under `err`), strings are cut to LOG_LIMITS.maxStringLength and lose the values of
 * any SQL they quote, and depth, arrays and fields are bounded. Values pino writes as they are
 * (numbers, booleans, null) stay.
 */
export function capLogObject(object: Record<string, unknown>): Record<string, unknown> {
  return capFields(object, 0, new WeakSet());
}

function capValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return capString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (value instanceof IncomingMessage) return capValue(pino.stdSerializers.req(value), depth, seen);
  if (value instanceof ServerResponse) return capValue(pino.stdSerializers.res(value), depth, seen);
  if (depth >= LOG_LIMITS.maxDepth) return Array.isArray(value) ? '[Array]' : '[Object]';
  // What JSON.stringify would write for it (a URL's href, a decimal's digits), held to the same rules.
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function') return capValue(toJSON.call(value) as unknown, depth + 1, seen);
  seen.add(value);
  try {
    if (isError(value)) return capValue(serializeError(value), depth, seen);
    const raw = rawErrorOf(value);
    if (raw) return capValue(serializeError(raw), depth, seen);
    if (Array.isArray(value)) return capArray(value, depth, seen);
    if (value instanceof Map) return capFields(Object.fromEntries(value), depth, seen);
    if (value instanceof Set) return capArray([...value], depth, seen);
    return capFields(value as Record<string, unknown>, depth, seen);
  } finally {
    seen.delete(value);
  }
}

/** A string as a line may hold it: without the values of any SQL it quotes, cut to length (also the logger's `msg` serializer). */
export function capString(text: string): string {
  return cutString(scrubSql(text));
}

function capArray(items: readonly unknown[], depth: number, seen: WeakSet<object>): unknown[] {
  const kept = items.slice(0, LOG_LIMITS.maxArrayItems).map((item) => capValue(item, depth + 1, seen));
  if (items.length > kept.length) kept.push(`…[cut ${items.length - kept.length} items]`);
  return kept;
}

function capFields(object: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const capped: Record<string, unknown> = {};
  let fields = 0;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    if (++fields > LOG_LIMITS.maxFields) continue;
    const value = object[key];
    capped[key] = isRedactedField(key) && value !== undefined && value !== null ? REDACTED : capValue(value, depth + 1, seen);
  }
  if (fields > LOG_LIMITS.maxFields) capped['…'] = `[cut ${fields - LOG_LIMITS.maxFields} fields]`;
  return capped;
}

/** The original of an error pino's standard serializer already serialized (it keeps it as `raw`). */
function rawErrorOf(value: object): Error | undefined {
  const { raw } = value as { raw?: unknown };
  return isError(raw) ? raw : undefined;
}
