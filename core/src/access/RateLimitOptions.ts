import { serviceToken } from '@rapport/sdk';

/** Requests allowed per credential and window (`rateLimit` in rapport.config.json, contract §9). */
export interface RateLimitOptions {
  /** Requests a credential may make in one window. */
  max: number;
  /** The length of a window, in milliseconds. */
  windowMs: number;
}

/** The container token of the deployment's {@link RateLimitOptions}. */
export const RateLimitOptions = serviceToken<RateLimitOptions>('rapport.core.RateLimitOptions');

/** 1200 requests a minute, as `rateLimit` defaults to. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = Object.freeze({ max: 1200, windowMs: 60_000 });

/** The Redis that instances share their state through (`redis` in rapport.config.json). */
export interface RedisOptions {
  /** `redis://[user:password@]host:port[/db]`, or `rediss://` for TLS. */
  url: string;
}

/** The container token of the deployment's {@link RedisOptions}; bound only when `redis.url` is configured. */
export const RedisOptions = serviceToken<RedisOptions>('rapport.core.RedisOptions');
