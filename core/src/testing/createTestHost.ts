import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { CapturedLog, TestHost, TestHostOptions } from '@rapport/sdk/testing';
import { parseDuration } from '@rapport/sdk';
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
      // Runs the event started (or woke) go as far as they can now.
      await kernel.workflows.runDue();
    },
    setPluginEnabled: (name, enabled) => host.setEnabled(name, enabled),
    send: (channelId, message) => host.sendThroughChannel(channelId, message),
    getExports: <T>(name: string) => host.getExports(name) as T,
    storage: (name) => host.storageOf(name),
    customers: kernel.customers,
    interactions: kernel.interactions,
    advance: async (duration) => {
      if (!(clock instanceof FakeClock)) throw new TypeError('advance() needs the test host to run on a FakeClock (the default).');
      const target = clock.now().getTime() + parseDuration(duration, 'advance');
      // Stop at every due time on the way, so a sleep of 3 days ends on day 3, not at the target.
      for (;;) {
        await kernel.dispatcher.dispatch();
        await kernel.workflows.runDue();
        const next = earliest(await kernel.workflows.nextWakeAt(), await kernel.dispatcher.outbox.nextDueAt());
        const now = clock.now().getTime();
        if (next === null || next > target) break;
        // Still due now after a pass means held back (a lease): time must move on to free it.
        if (next <= now) break;
        await clock.set(new Date(next));
      }
      if (clock.now().getTime() < target) await clock.set(new Date(target));
      await kernel.dispatcher.dispatch();
      await kernel.workflows.runDue();
    },
    workflowRuns: async (filter = {}) => {
      const runs = await kernel.workflows.list(filter, 1000);
      const steps = await kernel.workflows.stepsOf(runs.map((run) => run.id));
      return runs.map((run) => ({
        id: run.id,
        workflow: run.workflow,
        plugin: run.plugin,
        status: run.status,
        customerId: run.customerId,
        input: run.input,
        error: run.error,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        steps: steps.filter((step) => step.runId === run.id).map(({ name, status, attempts, error }) => ({ name, status, attempts, error })),
      }));
    },
    logs: () => [...lines],
    stop: async () => {
      await kernel.workflows.stop();
      await kernel.dispatcher.stop();
      await host.stop();
      await database.close();
    },
  };
}

function earliest(...dates: (Date | null)[]): number | null {
  const times = dates.filter((date): date is Date => date !== null).map((date) => date.getTime());
  return times.length === 0 ? null : Math.min(...times);
}
