/**
 * How much of a value a log line keeps. pino's `redact` removes values but cannot shorten them,
 * so these caps are applied by the logger's formatter and serializers (see createLogger): a log
 * shipper, a terminal and a disk all stay usable when something logs a megabyte.
 */
export const LOG_LIMITS = {
  /** The longest string kept in a line (message, stack, field); longer ones end in `…[cut N chars]`. */
  maxStringLength: 2_048,
  /** The largest line, in bytes of UTF-8; a longer one is rewritten to its essentials. */
  maxLineBytes: 16_384,
  /** Nested objects deeper than this become `[Object]` / `[Array]`. */
  maxDepth: 6,
  /** Array items kept; the rest are counted. */
  maxArrayItems: 50,
  /** Object fields kept; the rest are counted. */
  maxFields: 100,
} as const;

/** `text` cut to `max` characters, saying how many were cut. */
export function cutString(text: string, max: number = LOG_LIMITS.maxStringLength): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…[cut ${text.length - max} chars]`;
}
