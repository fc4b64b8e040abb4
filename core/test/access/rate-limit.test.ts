import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@rapport/sdk/testing';
import { MemoryRateLimiter } from '../../src/access/MemoryRateLimiter.js';
import type { RateDecision } from '../../src/access/RateLimiter.js';
import type { RateLimitOptions } from '../../src/access/RateLimitOptions.js';
import { RATE_LIMIT_KEY_PREFIX, RedisRateLimiter } from '../../src/access/RedisRateLimiter.js';
import { sendRateLimited } from '../../src/graphql/access/admitRequest.js';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabases.js';

/** The Redis every test of shared limits runs against; never skipped. */
const REDIS_URL = process.env.RAPPORT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key no other test (or earlier run) has counted: a fresh budget. */
const freshKey = (name: string) => `test:${randomUUID()}:${name}`;

async function consumeTimes(limiter: { consume(key: string): Promise<RateDecision> }, key: string, times: number): Promise<RateDecision[]> {
  const decisions: RateDecision[] = [];
  for (let i = 0; i < times; i++) decisions.push(await limiter.consume(key));
  return decisions;
}

describe('MemoryRateLimiter', () => {
  const options: RateLimitOptions = { max: 3, windowMs: 60_000 };

  it('allows max requests per key in a window, then refuses with the time to the reset', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00.000Z');
    const limiter = new MemoryRateLimiter(options, clock);
    const decisions = await consumeTimes(limiter, 'apiKey:a', 3);
    expect(decisions.map((decision) => [decision.allowed, decision.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
    await clock.advance(15_000);
    expect(await limiter.consume('apiKey:a')).toEqual({ allowed: false, remaining: 0, retryAfterMs: 45_000 });
    // Another credential has its own budget.
    expect((await limiter.consume('apiKey:b')).allowed).toBe(true);
  });

  it('starts a new window once the old one has ended', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00.000Z');
    const limiter = new MemoryRateLimiter(options, clock);
    await consumeTimes(limiter, 'apiKey:a', 4);
    await clock.advance(59_999);
    expect((await limiter.consume('apiKey:a')).allowed).toBe(false);
    await clock.advance(1);
    expect(await limiter.consume('apiKey:a')).toEqual({ allowed: true, remaining: 2, retryAfterMs: 60_000 });
  });

  it('forgets the windows that ended, so memory holds only the keys of the current window', async () => {
    const clock = new FakeClock('2026-03-02T09:00:00.000Z');
    const limiter = new MemoryRateLimiter(options, clock);
    for (let i = 0; i < 1000; i++) await limiter.consume(`address:10.0.${Math.floor(i / 256)}.${i % 256}`);
    expect(limiter.size).toBe(1000);
    await clock.advance(30_000);
    await limiter.consume('apiKey:late');
    expect(limiter.size).toBe(1001);
    await clock.advance(30_000);
    // The thousand windows ended; the late key's has 30 s to go.
    await limiter.consume('apiKey:late');
    expect(limiter.size).toBe(1);
  });
});

describe('rate limits in Redis', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  const kernels: Kernel[] = [];
  const logs: Record<string, unknown>[] = [];
  let redis: Redis;

  /** A kernel, standing for one server instance, as `rapport start` composes it with `redis.url`. */
  const instance = (rateLimit: RateLimitOptions, redisUrl = REDIS_URL) => {
    const kernel = createKernel({
      logger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }),
      database,
      rateLimit,
      redis: { url: redisUrl },
    });
    kernels.push(kernel);
    return kernel;
  };

  beforeAll(async () => {
    testDatabase = createTestDatabase('sqlite');
    database = await testDatabase.open();
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    for (const kernel of kernels.splice(0)) await kernel.rateLimiter.close();
    logs.length = 0;
  });
  afterAll(async () => {
    redis.disconnect();
    await database.close();
    await testDatabase.destroy();
  });

  it('binds the Redis limiter when redis.url is configured, and counts under rapport:ratelimit:', async () => {
    const kernel = instance({ max: 3, windowMs: 60_000 });
    expect(kernel.rateLimiter).toBeInstanceOf(RedisRateLimiter);
    const key = freshKey('apiKey');
    const decisions = await consumeTimes(kernel.rateLimiter, key, 4);
    expect(decisions.map((decision) => [decision.allowed, decision.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    const refused = decisions[3]!;
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await redis.get(`${RATE_LIMIT_KEY_PREFIX}${key}`)).toBe('4');
    const ttl = await redis.pttl(`${RATE_LIMIT_KEY_PREFIX}${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('starts a new window once Redis has expired the old one', async () => {
    const kernel = instance({ max: 2, windowMs: 300 });
    const key = freshKey('apiKey');
    const [, , refused] = await consumeTimes(kernel.rateLimiter, key, 3);
    expect(refused!.allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, refused!.retryAfterMs + 50));
    expect(await kernel.rateLimiter.consume(key)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('gives a key found without an expiry one, so it cannot block a credential forever', async () => {
    const kernel = instance({ max: 5, windowMs: 60_000 });
    const key = freshKey('apiKey');
    await redis.set(`${RATE_LIMIT_KEY_PREFIX}${key}`, '7');
    const decision = await kernel.rateLimiter.consume(key);
    expect(decision.allowed).toBe(false);
    expect(decision.retryAfterMs).toBe(60_000);
    expect(await redis.pttl(`${RATE_LIMIT_KEY_PREFIX}${key}`)).toBeGreaterThan(0);
  });

  it('shares one budget between two instances', async () => {
    const [first, second] = [instance({ max: 4, windowMs: 60_000 }), instance({ max: 4, windowMs: 60_000 })];
    const key = freshKey('apiKey');
    const allowed = [];
    for (const kernel of [first, second, first, second]) allowed.push((await kernel.rateLimiter.consume(key)).allowed);
    expect(allowed).toEqual([true, true, true, true]);
    // The budget is spent, whichever instance the next request reaches.
    expect((await first.rateLimiter.consume(key)).allowed).toBe(false);
    expect((await second.rateLimiter.consume(key)).allowed).toBe(false);
    // A credential the first instance has not seen is refused by it all the same once the second spent it.
    const other = freshKey('apiKey');
    await consumeTimes(second.rateLimiter, other, 4);
    expect((await first.rateLimiter.consume(other)).allowed).toBe(false);
  });

  it('counts in memory, per instance, while Redis is unreachable, and says so once in the log', async () => {
    // Nothing listens on port 1: every connection is refused.
    const kernel = instance({ max: 3, windowMs: 60_000 }, 'redis://:s3cret@127.0.0.1:1');
    const key = freshKey('apiKey');
    const decisions = await consumeTimes(kernel.rateLimiter, key, 4);
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    const warnings = logs.filter((line) => line.component === 'rate-limit' && line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.msg)).toContain("counted in this instance's memory");
    expect(String(warnings[0]!.msg)).toContain('redis://:***@127.0.0.1:1');
    expect(JSON.stringify(logs)).not.toContain('s3cret');
  });

  it('uses memory when no redis.url is configured', async () => {
    const kernel = createKernel({ logger: pino({ level: 'silent' }), database, rateLimit: { max: 1, windowMs: 60_000 } });
    expect(kernel.rateLimiter).toBeInstanceOf(MemoryRateLimiter);
    expect((await kernel.rateLimiter.consume('apiKey:x')).allowed).toBe(true);
    expect((await kernel.rateLimiter.consume('apiKey:x')).allowed).toBe(false);
    await kernel.rateLimiter.close();
  });
});

describe('the refusal of a request over its budget', () => {
  it('is HTTP 429 with Retry-After in whole seconds and the code RATE_LIMITED', async () => {
    const decisions: RateDecision[] = [
      { allowed: false, remaining: 0, retryAfterMs: 1_500 },
      { allowed: false, remaining: 0, retryAfterMs: 20 },
    ];
    const server = createServer((request, response) => sendRateLimited(response, decisions[Number(request.url!.slice(1))]!));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await fetch(`${base}/0`);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('2');
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
      expect(body.errors[0]!.message).toMatch(/^Rate limit exceeded.*Retry after 2 s/);
      // Never "Retry-After: 0", which invites an immediate retry.
      expect((await fetch(`${base}/1`)).headers.get('retry-after')).toBe('1');
    } finally {
      server.close();
    }
  });
});
