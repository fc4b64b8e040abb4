/** What {@link RateLimiter.take} decided. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * At most `max` events per key in any window of `windowMs` (a sliding log: a burst at the end of
 * one minute and the start of the next still counts as one minute's worth). In memory, per server
 * instance: it bounds what one visitor or address can do to one instance.
 */
export class RateLimiter {
  private readonly log = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event for `key`, or refuses it (counting nothing) when the window is full. */
  take(key: string): RateDecision {
    const now = this.now();
    const recent = (this.log.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.max) {
      this.log.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.log.set(key, recent);
    if (this.log.size > 10_000) this.prune(now);
    return { allowed: true };
  }

  /** Forgets keys with nothing in the window, so one-off visitors do not pile up. */
  private prune(now: number): void {
    for (const [key, times] of this.log) if (!times.some((at) => at > now - this.windowMs)) this.log.delete(key);
  }
}
