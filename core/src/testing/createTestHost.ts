import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { CapturedLog, TestHost, TestHostOptions } from '@rapport/sdk/testing';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernel } from '../kernel/createKernel.js';
import { migrateAll } from '../persistence/migrateAll.js';
import { openDatabase } from '../persistence/openDatabase.js';

/**
 * Builds the in-memory core behind `@rapport/sdk/testing`'s `createTestHost`: the real kernel,
 * plugin host and domain on an in-memory SQLite database (migrated, plugins' migrations too),
 * with a captured log and the caller's clock.
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
  const logger = pino({ level: 'debug' }, capture);
  const database = await openDatabase('sqlite::memory:', { baseDir: options.baseDir ?? process.cwd() });
  const kernel = createKernel({
    logger,
    database,
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
  for (const report of await migrateAll(database, host.loadedManifests(), logger)) {
    if (report.error) await host.failPlugin(report.owner, `Its migrations failed: ${report.error}`);
  }
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
    stop: async () => {
      await host.stop();
      await database.close();
    },
  };
}
