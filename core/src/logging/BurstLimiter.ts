import type { Level, Logger } from 'pino';
import { scrubSql } from './scrubSql.js';

/** How long repeats of one line are counted before one line reports them. */
export const BURST_INTERVAL_MS = 10_000;

interface Burst {
  level: Level;
  msg: string;
  /** The first line's fields, without its error: the summary's context. */
  context: Record<string, unknown>;
  startedAt: number;
  repeated: number;
  timer: NodeJS.Timeout;
}

/**
 * Collapses a burst of one log line into two. A background loop that fails on every pass (the
 * event dispatcher, the workflow engine, the audit sealer while the database restarts) would
 * otherwise write a line with a stack for each pass and each caller waiting on it: thousands in a
 * few milliseconds. The first occurrence of a key is logged at once, with its error; repeats
 * within the interval are only counted, and when the interval ends one line says how many there
 * were ("… (repeated 1251 times in the last 10 s)"). While they go on, a line every interval
 * reports them; once an interval passes without one, the next is logged in full again.
 *
 * Timers do not keep the process alive; `flush()` (on stop) reports what is counted.
 */
export class BurstLimiter {
  private readonly bursts = new Map<string, Burst>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number = BURST_INTERVAL_MS,
  ) {}

  /** Logs `msg` with `fields` now, unless `key` was logged within the interval: then counts it. */
  log(level: Level, key: string, fields: Record<string, unknown>, msg: string): void {
    const burst = this.bursts.get(key);
    if (burst) {
      burst.repeated += 1;
      return;
    }
    this.logger[level](fields, msg);
    const { err: _error, ...context } = fields;
    this.open(key, { level, msg, context });
  }

  /**
   * Logs a failure as `<what>: <its message>` with the error as `err`; repeats of the same kind of
   * error (its class, code and message without the values in it) collapse.
   */
  failure(level: Level, what: string, error: unknown, fields: Record<string, unknown> = {}): void {
    this.log(level, `${what}\u0000${errorKind(error)}`, { ...fields, err: error }, `${what}: ${messageOf(error)}`);
  }

  /** Reports every burst counted so far, and forgets them (a stopping service calls it). */
  flush(): void {
    for (const [key, burst] of this.bursts) {
      clearTimeout(burst.timer);
      this.bursts.delete(key);
      this.report(burst);
    }
  }

  private open(key: string, line: Pick<Burst, 'level' | 'msg' | 'context'>): void {
    const timer = setTimeout(() => this.end(key), this.intervalMs);
    timer.unref();
    this.bursts.set(key, { ...line, startedAt: Date.now(), repeated: 0, timer });
  }

  private end(key: string): void {
    const burst = this.bursts.get(key);
    if (!burst) return;
    this.bursts.delete(key);
    if (burst.repeated === 0) return;
    this.report(burst);
    // Still going on: the next interval counts too, so a long outage writes one line per interval.
    this.open(key, burst);
  }

  private report(burst: Burst): void {
    if (burst.repeated === 0) return;
    const overMs = Math.min(Date.now() - burst.startedAt, this.intervalMs);
    this.logger[burst.level](
      { ...burst.context, repeated: burst.repeated, overMs },
      `${burst.msg} (repeated ${burst.repeated} times in the last ${span(overMs)})`,
    );
  }
}

/** What makes two errors "the same" for a burst: class, code and message, values and numbers aside. */
export function errorKind(error: unknown): string {
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown };
  const message = scrubSql(messageOf(error).slice(0, 1_024)).replace(/\d+/g, '#');
  return `${String(name ?? typeof error)}:${String(code ?? '')}:${message}`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

function span(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 1_000)} s`;
}

const shared = new WeakMap<Logger, BurstLimiter>();

/**
 * The BurstLimiter of `logger`, made on first use, for code that has no service of its own to keep
 * one in (the GraphQL error masking is a function). Its counts are reported by its timers.
 */
export function burstsOf(logger: Logger): BurstLimiter {
  let limiter = shared.get(logger);
  if (!limiter) shared.set(logger, (limiter = new BurstLimiter(logger)));
  return limiter;
}
