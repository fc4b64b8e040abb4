import { serviceToken } from '@rapport/sdk';

/** The answer of a rate limiter for one request. */
export interface RateDecision {
  allowed: boolean;
  /** Requests left in the current window. */
  remaining: number;
  /** When refused: how long until the window resets, in milliseconds (for `Retry-After`). */
  retryAfterMs: number;
}

/**
 * Counts requests per key (a credential, or an address for anonymous callers) in fixed windows
 * of `rateLimit.windowMs`, allowing `rateLimit.max` per window. In memory on one instance; in
 * Redis when `redis.url` is configured, so every instance shares one budget.
 */
export interface RateLimiter {
  consume(key: string): Promise<RateDecision>;
  close(): Promise<void>;
}
export const RateLimiter = serviceToken<RateLimiter>('rapport.core.RateLimiter');
