import { Redis } from 'ioredis';
import { errorMessage } from '../util/errorMessage.js';
import { withTimeout } from '../util/withTimeout.js';
import type { ReadinessCheck } from './createHttpServer.js';

/** How long `/readyz` waits for Redis's PONG: a probe must answer well within its own timeout. */
export const REDIS_PING_TIMEOUT_MS = 1_000;

/** A readiness check that can be closed: it holds a connection. */
export interface ClosableReadinessCheck extends ReadinessCheck {
  close(): Promise<void>;
}

/**
 * `/readyz`'s Redis check: a PING on a connection of its own, within {@link REDIS_PING_TIMEOUT_MS}.
 * The connection is opened on the first probe and reconnects by itself; while it is down, the
 * PING fails at once (no offline queue) and the detail names the server and the error.
 */
export function redisReadinessCheck(url: string, timeoutMs = REDIS_PING_TIMEOUT_MS): ClosableReadinessCheck {
  const where = withoutPassword(url);
  let lastError: string | undefined;
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    connectionName: 'rapport-readiness',
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Without a listener, ioredis prints every connection error itself.
  redis.on('error', (error: Error) => (lastError = errorMessage(error)));
  return {
    name: 'redis',
    async ready() {
      try {
        if (redis.status === 'wait') await withTimeout(redis.connect(), timeoutMs, () => `Connecting to ${where} took longer than ${timeoutMs} ms.`);
        const answer = await withTimeout(redis.ping(), timeoutMs, () => `PING to ${where} got no answer within ${timeoutMs} ms.`);
        return answer === 'PONG' ? { ready: true } : { ready: false, detail: `PING to ${where} answered ${JSON.stringify(answer)}.` };
      } catch (error) {
        const message = errorMessage(error);
        const cause = lastError && !message.includes(lastError) ? ` (${lastError})` : '';
        return { ready: false, detail: `Redis at ${where} is unreachable: ${message}${cause}` };
      }
    },
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured Redis';
  }
}
