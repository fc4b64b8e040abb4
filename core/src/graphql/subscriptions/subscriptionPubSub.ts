import { createPubSub, SlidingBuffer } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { burstsOf } from '../../logging/BurstLimiter.js';
import { errorMessage } from '../../util/errorMessage.js';
import type { SubscriptionPubSub } from './subscriptionTopics.js';

/** Where subscriptions' events travel between instances (`redis` in the config). */
export interface SubscriptionRedisOptions {
  url: string;
  /**
   * Prepended to every Redis channel name (default `rapport:graphql:`). Redis pub/sub channels are
   * shared by every database number of a server, so two deployments on one Redis need two prefixes.
   */
  channelPrefix?: string;
}

export const DEFAULT_CHANNEL_PREFIX = 'rapport:graphql:';

type RedisTarget = ReturnType<typeof createRedisEventTarget<CustomEvent>>;

/** How many events may wait for one slow subscriber; past it, its oldest are dropped, not the publisher held. */
const SUBSCRIBER_BUFFER = 256;

export interface SubscriptionBus {
  pubSub: SubscriptionPubSub;
  /** Disconnects from Redis, if connected. */
  close(): Promise<void>;
}

/**
 * The pub/sub of subscriptions: in this process, or through Redis when `redis` is given, so an
 * event handled on one instance reaches the subscribers of all of them. Each instance publishes
 * only what it handles itself (subscriptionTopics.ts), and Redis delivers each message once to
 * each subscribed connection, so every subscriber gets every event once.
 */
export function createSubscriptionBus(redis: SubscriptionRedisOptions | undefined, logger: Logger): SubscriptionBus {
  const repeaterBuffer = new SlidingBuffer(SUBSCRIBER_BUFFER);
  if (!redis) return { pubSub: createPubSub({ repeaterBuffer }), close: async () => {} };

  const log = logger.child({ component: 'subscriptions' });
  const bursts = burstsOf(log);
  const failed = (what: string) => (error: unknown) => bursts.log('error', `redis ${what}`, { err: { message: errorMessage(error) } }, `subscriptions: Redis ${what} failed: ${errorMessage(error)}`);
  const connect = (role: string) => {
    const client = new Redis(redis.url, { lazyConnect: false, connectionName: `rapport-graphql-${role}` });
    // Without a listener ioredis prints every failed reconnection attempt; it reconnects by itself
    // (and subscribes to its channels again).
    client.on('error', failed(`${role} connection`));
    return client;
  };
  const publisher = connect('publish');
  const subscriber = connect('subscribe');
  // The event target fires Redis commands without awaiting them: a rejection (Redis away longer
  // than its retries) would be unhandled and stop the process. It is logged instead; an event
  // published while Redis is away is lost for remote subscribers, as any pub/sub message is.
  const publishClient = { publish: (channel: string, message: string) => publisher.publish(channel, message).catch(failed('publish')) };
  const subscribeClient = {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    on: (name: string, listener: (...args: any[]) => void) => subscriber.on(name, listener),
    subscribe: (...channels: string[]) => subscriber.subscribe(...channels).catch(failed('subscribe')),
    unsubscribe: (...channels: string[]) => subscriber.unsubscribe(...channels).catch(failed('unsubscribe')),
  };
  const target = createRedisEventTarget<CustomEvent>({
    publishClient: publishClient as unknown as Redis,
    subscribeClient: subscribeClient as unknown as Redis,
  });
  const prefix = redis.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
  return {
    pubSub: createPubSub({ eventTarget: prefixed(target, prefix), repeaterBuffer }) as SubscriptionPubSub,
    async close() {
      await Promise.all([publisher, subscriber].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}

/** The same event target, with every topic under `prefix` in Redis. */
function prefixed(target: RedisTarget, prefix: string): RedisTarget {
  return {
    addEventListener: (topic, listener) => target.addEventListener(prefix + topic, listener),
    removeEventListener: (topic, listener) => target.removeEventListener(prefix + topic, listener),
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(prefix + event.type, { detail: event.detail })),
  };
}
