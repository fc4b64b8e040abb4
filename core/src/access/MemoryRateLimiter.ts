import { inject, injectable } from 'inversify';
import { Clock } from '../clock/Clock.js';
import { RateLimitOptions } from './RateLimitOptions.js';
import type { RateDecision, RateLimiter } from './RateLimiter.js';

/** One key's current window. */
interface Window {
  count: number;
  /** Epoch milliseconds at which the window ends and the count starts over. */
  endsAt: number;
}

/**
 * Fixed windows in this process's memory: the first request of a key opens a window of
 * `rateLimit.windowMs`, and the key may make `rateLimit.max` requests until it ends. The budget
 * is this instance's alone; with several instances, configure `redis.url` (RedisRateLimiter).
 *
 * Memory stays bounded by the keys seen within one window: every window has the same length, so
 * keeping the map in the order windows opened lets each call drop the expired ones from its head.
 */
@injectable()
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    @inject(RateLimitOptions) private readonly options: RateLimitOptions,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async consume(key: string): Promise<RateDecision> {
    return this.take(key);
  }

  /** {@link consume}, synchronously (the Redis limiter falls back on it without a tick). */
  take(key: string): RateDecision {
    const now = this.clock.now().getTime();
    this.dropExpired(now);
    let window = this.windows.get(key);
    // A clock set back can leave an expired window behind a live one at the head; it ends here.
    if (window && window.endsAt <= now) {
      this.windows.delete(key);
      window = undefined;
    }
    if (!window) {
      window = { count: 0, endsAt: now + this.options.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return rateDecision(window.count, window.endsAt - now, this.options.max);
  }

  /** Keys with an open window (what the limiter holds in memory). */
  get size(): number {
    return this.windows.size;
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private dropExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.endsAt > now) return;
      this.windows.delete(key);
    }
  }
}

/**
 * The decision for the `count`th request of a window that ends in `resetInMs`. `retryAfterMs` is
 * the time to the reset whatever the answer, so a client may pace itself before it is refused.
 */
export function rateDecision(count: number, resetInMs: number, max: number): RateDecision {
  return { allowed: count <= max, remaining: Math.max(0, max - count), retryAfterMs: Math.max(0, resetInMs) };
}
