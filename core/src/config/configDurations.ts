import { parseDuration, type ValidationProblem } from '@rapport/sdk';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration field of rapport.config.json, with the range that makes sense for it. */
export interface DurationField {
  /** The dotted path in the file, e.g. `server.timeouts.headers`. */
  field: string;
  minMs: number;
  maxMs: number;
  /** An example written the way the docs write it. */
  example: string;
}

/**
 * Every duration of the file and its bounds: wide enough for any real deployment and for tests,
 * narrow enough that a slip (a negative number, `"P1000Y"`, a value in seconds where ms were
 * meant) is caught when the file is loaded rather than when the server misbehaves.
 */
export const DURATION_FIELDS = {
  conversationWindow: { field: 'conversations.window', minMs: MINUTE, maxMs: 365 * DAY, example: '"P3D"' },
  sessionTtl: { field: 'auth.sessionTtl', minMs: MINUTE, maxMs: 365 * DAY, example: '"PT12H"' },
  auditRetention: { field: 'audit.retention', minMs: MINUTE, maxMs: 36_500 * DAY, example: '"P365D"' },
  connectTimeout: { field: 'database.connectTimeout', minMs: 0, maxMs: HOUR, example: '"30s"' },
  headersTimeout: { field: 'server.timeouts.headers', minMs: 100, maxMs: 10 * MINUTE, example: '"10s"' },
  requestTimeout: { field: 'server.timeouts.request', minMs: 100, maxMs: HOUR, example: '"30s"' },
  keepAliveTimeout: { field: 'server.timeouts.keepAlive', minMs: 100, maxMs: 10 * MINUTE, example: '"5s"' },
  shutdownTimeout: { field: 'server.shutdownTimeout', minMs: 100, maxMs: 10 * MINUTE, example: '"10s"' },
  botTimeout: { field: 'botHandoff.timeout', minMs: 100, maxMs: 10 * MINUTE, example: '"8s"' },
  segmentRefresh: { field: 'segments.refreshEvery', minMs: MINUTE, maxMs: 7 * DAY, example: '"PT15M"' },
  segmentCoalesce: { field: 'segments.coalesce', minMs: 100, maxMs: HOUR, example: '"5s"' },
  slaFirstResponse: { field: 'sla.firstResponse', minMs: MINUTE, maxMs: 365 * DAY, example: '"PT1H"' },
  slaResolution: { field: 'sla.resolution', minMs: MINUTE, maxMs: 365 * DAY, example: '"P1D"' },
  webhookSecretOverlap: { field: 'webhooks.secretOverlap', minMs: 0, maxMs: 30 * DAY, example: '"PT24H"' },
  webhookTimeout: { field: 'webhooks.timeout', minMs: 100, maxMs: MINUTE, example: '"15s"' },
} as const satisfies Record<string, DurationField>;

const SHORT_UNITS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };
const SHORT_FORM = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i;

/**
 * Reads a duration of the config file: milliseconds, an ISO-8601 duration (`"PT10S"`, `"P3D"`) or
 * a short form (`"500ms"`, `"10s"`, `"5m"`, `"12h"`, `"90d"`), within the field's bounds. Returns
 * undefined and records a problem naming the field when the value is not one.
 */
export function readDuration(value: string | number, spec: DurationField, file: string, problems: ValidationProblem[]): number | undefined {
  const ms = toMilliseconds(value);
  const range = `from ${formatMs(spec.minMs)} to ${formatMs(spec.maxMs)}`;
  if (ms === undefined) {
    problems.push({ file, field: spec.field, message: `must be milliseconds or a duration such as ${spec.example} or "PT10S" (${range}), got ${JSON.stringify(value)}` });
    return undefined;
  }
  if (ms < spec.minMs || ms > spec.maxMs) {
    problems.push({ file, field: spec.field, message: `must be ${range}, got ${JSON.stringify(value)}` });
    return undefined;
  }
  return ms;
}

function toMilliseconds(value: string | number): number | undefined {
  if (typeof value === 'string') {
    const short = SHORT_FORM.exec(value.trim());
    if (short) return Number(short[1]) * SHORT_UNITS[short[2]!.toLowerCase()]!;
  }
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}

/** `250 ms`, `10 s`, `5 min`, `12 h`, `365 days`: bounds as a person reads them. */
function formatMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms % DAY === 0) return `${ms / DAY} day${ms === DAY ? '' : 's'}`;
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE} min`;
  if (ms % SECOND === 0) return `${ms / SECOND} s`;
  return `${ms} ms`;
}
