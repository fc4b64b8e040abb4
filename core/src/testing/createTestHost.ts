import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { CapturedLog, TestHost, TestHostOptions } from '@rapport/sdk/testing';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernel } from '../kernel/createKernel.js';

/**
 * Builds the in-memory core behind `@rapport/sdk/testing`'s `createTestHost`: the real kernel
 * and plugin host, with in-memory stores, a captured log and the caller's clock.
 */
export async function createTestHost(options: TestHostOptions): Promise<TestHost> {
  const lines: CapturedLog[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as CapturedLog);
      done();
    },
  });
  const clock = options.clock ?? new FakeClock();
  const limits = options.limits ?? {};
  const kernel = createKernel({
    logger: pino({ level: 'debug' }, capture),
    clock,
    pluginHost: {
      ...(limits.activationTimeoutMs && { activationTimeoutMs: limits.activationTimeoutMs }),
      ...(limits.handlerTimeoutMs && { handlerTimeoutMs: limits.handlerTimeoutMs }),
      ...(limits.circuitBreakerThreshold && { circuitBreakerThreshold: limits.circuitBreakerThreshold }),
      ...(limits.circuitBreakerWindowMs && { circuitBreakerWindowMs: limits.circuitBreakerWindowMs }),
    },
  });
  const { host } = kernel;
  await host.load({
    entries: options.plugins,
    baseDir: options.baseDir ?? process.cwd(),
    configFile: 'test host settings',
    settings: options.settings ?? {},
  });
  if (options.startup !== false) await host.start();

  return {
    clock,
    plugins: () => host.list(),
    plugin: (name) => host.status(name),
    activate: (name) => host.activate(name),
    fireActivationEvent: (event) => host.fireActivationEvent(event),
    publish: async (type, payload) => {
      await kernel.events.publish(type, payload as object);
    },
    setPluginEnabled: (name, enabled) => host.setEnabled(name, enabled),
    send: (channelId, message) => host.sendThroughChannel(channelId, message),
    getExports: <T>(name: string) => host.getExports(name) as T,
    storage: (name) => host.storageOf(name),
    customers: kernel.customers,
    interactions: kernel.interactions,
    logs: () => [...lines],
    stop: () => host.stop(),
  };
}
