import { inject, injectable } from 'inversify';
import { Redis } from 'ioredis';
import type { Logger as PinoLogger } from 'pino';
import { Logger } from '../logging/Logger.js';
import { MemoryRateLimiter, rateDecision } from './MemoryRateLimiter.js';
import { RateLimitOptions, RedisOptions } from './RateLimitOptions.js';
import type { RateDecision, RateLimiter } from './RateLimiter.js';

/** Every key the limiter writes starts with this, so the budget can share a Redis with other data. */
export const RATE_LIMIT_KEY_PREFIX = 'rapport:ratelimit:';

/**
 * One round trip per request, atomic: counts the request and opens the window on the first one.
 * A key found without an expiry (PTTL -1, e.g. left by a crash between two commands of an older
 * version, or a manual SET) gets one, so no key can block a credential forever.
 */
const CONSUME_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** How long a request may wait on Redis before the limiter stops waiting for it. */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 1_000;

type ConsumingRedis = Redis & { rapportConsume(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Fixed windows in Redis, shared by every instance configured with the same `redis.url`: the
 * first request of a key in a window sets `rapport:ratelimit:<key>` to expire after
 * `rateLimit.windowMs`, and each request increments it, in one Lua script.
 *
 * When Redis cannot be reached, the limiter logs it once and counts in this instance's memory
 * until Redis is back (then it logs that too). Failing closed would turn a Redis outage into an
 * outage of the whole API, though credentials and scopes still hold; failing wide open would drop
 * the protection against a runaway client exactly when the system is degraded. Counting per
 * instance keeps a limit (at most `max` times the number of instances) and keeps serving. A dead
 * Redis never holds a request for long: connections and commands time out within a second, and
 * while Redis is known to be down requests do not wait on it at all.
 */
@injectable()
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: ConsumingRedis;
  private readonly logger: PinoLogger;
  private readonly where: string;
  /** True from a failure until Redis is ready again. */
  private down = false;

  constructor(
    @inject(RateLimitOptions) private readonly options: RateLimitOptions,
    @inject(RedisOptions) redisOptions: RedisOptions,
    @inject(MemoryRateLimiter) private readonly fallback: MemoryRateLimiter,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'rate-limit' });
    this.where = withoutPassword(redisOptions.url);
    this.redis = new Redis(redisOptions.url, {
      // Commands that only look (`rapport keys list`) compose a kernel too: no connection until a request is counted.
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
    }) as ConsumingRedis;
    this.redis.defineCommand('rapportConsume', { numberOfKeys: 1, lua: CONSUME_SCRIPT });
    // Without a listener, ioredis prints every connection error to stderr itself.
    this.redis.on('error', (error: Error) => this.markDown(error));
    this.redis.on('ready', () => this.markUp());
  }

  async consume(key: string): Promise<RateDecision> {
    if (this.down && this.redis.status !== 'ready') return this.fallback.take(key);
    try {
      const [count, ttl] = await this.redis.rapportConsume(RATE_LIMIT_KEY_PREFIX + key, this.options.windowMs);
      return rateDecision(count, ttl, this.options.max);
    } catch (error) {
      this.markDown(error as Error);
      return this.fallback.take(key);
    }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
    await this.fallback.close();
  }

  private markDown(error: Error): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn(
      { err: { message: error.message } },
      `Redis at ${this.where} failed (${error.message}); rate limits are counted in this instance's memory until it is back, so each instance allows rateLimit.max on its own.`,
    );
  }

  private markUp(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info(`Redis at ${this.where} is reachable again; rate limits are shared by every instance again.`);
  }
}

/** The URL for the log, its password replaced. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured redis.url';
  }
}
