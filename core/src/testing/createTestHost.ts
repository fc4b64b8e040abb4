import { Writable } from 'node:stream';
import { createLogger } from '../logging/createLogger.js';
import type { CapturedLog, TestCustomerExport, TestGraphQLResult, TestHost, TestHostOptions } from '@rapport/sdk/testing';
import { parseDuration, type DeliveredEvent, type EventType, type InboundRequest, type Interaction } from '@rapport/sdk';
import type { TestInboundRequest } from '@rapport/sdk/testing';
import { answerOf, answerOfError, type WebhookAnswer } from '../channels/inboundRoute.js';
import { FakeClock } from '@rapport/sdk/testing';
import { createGraphQLServer } from '../graphql/createGraphQLServer.js';
import { toGlobalId } from '../graphql/globalIds.js';
import type { BotHandoffOptions } from '../bots/BotHandoffOptions.js';
import { createKernel } from '../kernel/createKernel.js';
import { migrateDeployment } from '../kernel/migrateDeployment.js';
import { coreFacades, pluginFacades } from './testHostFacades.js';
import { TestHostFailures } from './testHostFailures.js';
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
  const logger = createLogger({ level: 'debug', destination: capture });
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
    ...(options.bots && { bots: options.bots }),
    ...(options.botHandoff && { botHandoff: botHandoffOf(options.botHandoff) }),
    // Daily rather than every 15 minutes: advance('P30D') would otherwise run thousands of refreshes.
    // Events still refresh at once (settle flushes them), and a model's own refreshEvery is kept.
    segments: { everyMs: 86_400_000 },
  });
  const { host } = kernel;
  await host.load({
    entries: options.plugins,
    baseDir: options.baseDir ?? process.cwd(),
    configFile: 'test host settings',
    settings: options.settings ?? {},
  });
  const failures = new TestHostFailures(kernel, options.expectFailures ?? false);
  await migrateDeployment(kernel);
  if (options.startup !== false) await host.start();
  // Defined segments and rule models refresh after events (at once here: settle flushes) and on their schedule.
  kernel.segmentSchedule.start();
  const graphql = createGraphQLServer({ ...kernel, pluginResolverTimeoutMs: limits.handlerTimeoutMs ?? 10_000 });
  // Every event, as subscribers receive it, for tests that check what was published.
  const delivered: DeliveredEvent[] = [];
  kernel.events.subscribe('*', (event) => void delivered.push(event));
  kernel.events.subscribe('plugin.activated', (event) => void delivered.push(event));
  kernel.events.subscribe('plugin.deactivated', (event) => void delivered.push(event));
  kernel.events.subscribe('plugin.failed', (event) => void delivered.push(event));
  failures.markSeen();
  /** Everything due now: event deliveries, workflow runs, re-evaluation sweeps, segment refreshes, until quiet. */
  const settle = async () => {
    await kernel.dispatcher.dispatch();
    await kernel.workflows.runDue();
    await kernel.sweeps.runDue();
    await kernel.segmentSchedule.flush();
    await kernel.dispatcher.dispatch();
    await kernel.workflows.runDue();
    // What a plugin's code got wrong while handling the call fails the call (see testHostFailures).
    failures.check();
  };


  return {
    clock,
    plugins: () => host.list(),
    plugin: (name) => host.status(name),
    activate: (name) => host.activate(name),
    fireActivationEvent: (event) => host.fireActivationEvent(event),
    publish: async (type, payload) => {
      await kernel.events.publish(type, payload as object);
      // Runs the event started (or woke) go as far as they can now.
      await settle();
    },
    setPluginEnabled: (name, enabled) => host.setEnabled(name, enabled),
    send: async (channelId, message, sendOptions) => {
      const { customerId, conversationId, subject, text, html, metadata } = message;
      const { result } = await kernel.messenger.send({ customerId, channel: channelId, conversationId, subject, text, html, metadata }, sendOptions);
      await settle();
      return result;
    },
    receive: async (channelId, request) => {
      const { interactions } = await kernel.inbound.receive(channelId, toInboundRequest(channelId, request));
      await settle();
      return interactions;
    },
    webhook: async (channelId, request) => {
      let answer: WebhookAnswer;
      let interactions: Interaction[] = [];
      try {
        const received = await kernel.inbound.receive(channelId, toInboundRequest(channelId, request));
        interactions = received.interactions;
        answer = answerOf(received);
      } catch (error) {
        answer = answerOfError(channelId, error, logger);
      }
      await settle();
      return { status: answer.status, headers: answer.headers, body: answer.body.toString('utf8'), interactions };
    },
    graphql: async <Data>(query: string, variables?: Record<string, unknown>) => {
      const result = (await graphql.execute(query, variables)) as TestGraphQLResult<Data>;
      await settle();
      return result;
    },
    scores: async (customerId) => (await kernel.scores.listFor(customerId)).map(({ rule, value, label, explanation, computedAt }) => ({ rule, value, label, explanation, computedAt })),
    segments: async (customerId) => (await kernel.segments.listFor(customerId)).map(({ model, segment, since }) => ({ model, segment, since })),
    events: <T extends EventType>(type?: T) => delivered.filter((event) => type === undefined || event.eventType === type) as DeliveredEvent<T>[],
    exportCustomer: async (customerId) => (await kernel.privacy.exportCustomer(customerId, toGlobalId)) as unknown as TestCustomerExport,
    eraseCustomer: async (customerId) => {
      await kernel.privacy.eraseCustomer(customerId);
      await settle();
    },
    getExports: <T>(name: string) => host.getExports(name) as T,
    storage: (name) => host.storageOf(name),
    // Writes deliver their events before they resolve, as everything else the test host does.
    ...coreFacades(kernel, settle),
    as: (plugin) => pluginFacades(kernel, plugin, settle),
    advance: async (duration) => {
      if (!(clock instanceof FakeClock)) throw new TypeError('advance() needs the test host to run on a FakeClock (the default).');
      const target = clock.now().getTime() + parseDuration(duration, 'advance');
      // Stop at every due time on the way, so a sleep of 3 days ends on day 3, not at the target.
      for (;;) {
        await settle();
        const next = earliest(await kernel.workflows.nextWakeAt(), await kernel.dispatcher.nextDueAt(), await kernel.sweeps.nextDueAt());
        const now = clock.now().getTime();
        if (next === null || next > target) break;
        // Still due now after a pass means held back (a lease): time must move on to free it.
        if (next <= now) break;
        await clock.set(new Date(next));
      }
      if (clock.now().getTime() < target) await clock.set(new Date(target));
      await settle();
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
    failures: () => failures.list(),
    stop: async () => {
      await graphql.close();
      await kernel.sweeps.stop();
      await kernel.segmentSchedule.stop();
      await kernel.workflows.stop();
      await kernel.dispatcher.stop();
      await host.stop();
      await database.close();
    },
  };
}

/** A test's webhook request as the route would hand it to the channel. */
function toInboundRequest(channelId: string, request: TestInboundRequest): InboundRequest {
  const body = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
  const url = request.url ?? `/channels/${encodeURIComponent(channelId)}/inbound`;
  return {
    method: request.method ?? 'POST',
    url,
    publicUrl: request.publicUrl ?? `http://localhost${url}`,
    headers: { ...(request.contentType && { 'content-type': request.contentType }), ...request.headers },
    body,
    ...(request.contentType && { contentType: request.contentType }),
  };
}

function earliest(...dates: (Date | null)[]): number | null {
  const times = dates.filter((date): date is Date => date !== null).map((date) => date.getTime());
  return times.length === 0 ? null : Math.min(...times);
}

/** The test host's `botHandoff`, its timeout a duration as in the config file. */
function botHandoffOf({ timeout, ...rest }: NonNullable<TestHostOptions['botHandoff']>): Partial<BotHandoffOptions> {
  return { ...rest, ...(timeout !== undefined && { timeoutMs: parseDuration(timeout, 'botHandoff.timeout') }) };
}
