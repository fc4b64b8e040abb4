import { LOG_LIMITS, cutString } from './logLimits.js';

/** Fields a line over the cap keeps whatever happens: enough to find the event and its cause. */
const ESSENTIAL_FIELDS = ['level', 'time', 'pid', 'hostname', 'service', 'component', 'plugin', 'eventId', 'runId', 'path', 'msg'];

/** What a shortened line keeps of each string, first all fields, then the essentials only. */
const SHORTENED_STRING_LENGTH = 256;

/**
 * The logger's `hooks.streamWrite`: the last guard on a finished line. Each string is already cut
 * (capLogObject), but many fields can still add up; a line over LOG_LIMITS.maxLineBytes is
 * written again with every string shortened, and if that is still too long, with the essential
 * fields and the error's type, code and message only. `logCut` says what happened.
 */
export function capLogLine(line: string): string {
  const bytes = Buffer.byteLength(line);
  if (bytes <= LOG_LIMITS.maxLineBytes) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${JSON.stringify({ msg: cutString(line, SHORTENED_STRING_LENGTH), logCut: `a line of ${bytes} bytes that is not JSON` })}\n`;
  }
  const note = `line of ${bytes} bytes over the ${LOG_LIMITS.maxLineBytes}-byte cap`;
  const shortened = `${JSON.stringify({ ...(shortenStrings(entry, 0) as Record<string, unknown>), logCut: `${note}: strings shortened to ${SHORTENED_STRING_LENGTH} chars` })}\n`;
  if (Buffer.byteLength(shortened) <= LOG_LIMITS.maxLineBytes) return shortened;
  const essentials: Record<string, unknown> = {};
  for (const field of ESSENTIAL_FIELDS) if (entry[field] !== undefined) essentials[field] = shortenStrings(entry[field], 0);
  const err = entry.err as Record<string, unknown> | undefined;
  if (err && typeof err === 'object') {
    essentials.err = shortenStrings({ type: err.type, code: err.code, statement: err.statement, message: err.message }, 0);
  }
  const dropped = Object.keys(entry).filter((field) => !(field in essentials));
  essentials.logCut = `${note}: kept the essential fields only; dropped ${cutString(dropped.join(', '), SHORTENED_STRING_LENGTH)}`;
  return `${JSON.stringify(essentials)}\n`;
}

function shortenStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cutString(value, SHORTENED_STRING_LENGTH);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= LOG_LIMITS.maxDepth) return Array.isArray(value) ? '[Array]' : '[Object]';
  if (Array.isArray(value)) return value.slice(0, 10).map((item) => shortenStrings(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, shortenStrings(field, depth + 1)]));
}
