import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { NotFoundError, RapportError, type AftercareWorkflow, type Clock, type DeliveredEvent, type SendResult, type StartedWorkflowRun, type WorkflowMessage } from '@rapport/sdk';
import type { OutboundMessenger } from '../domain/OutboundMessenger.js';
import type { EventBus } from '../events/EventBus.js';
import type { ContributionRegistry } from '../plugin-host/ContributionRegistry.js';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import type { WorkflowStarter } from '../plugin-host/WorkflowStarter.js';
import { errorMessage } from '../util/errorMessage.js';
import { Pump } from '../util/Pump.js';
import { LeaseLost, RunExecution, Suspension, type ExecutionLease, type RunServices } from './RunExecution.js';
import type { RunFilter, RunOutcome, RunRow, StepRow, WorkflowStore } from './WorkflowStore.js';

/** How the engine paces itself. */
export interface WorkflowEngineOptions {
  /** How often it looks for due runs besides being woken by local starts and events. */
  pollIntervalMs: number;
  /** Runs claimed at once, and executed concurrently. */
  batchSize: number;
  /** How long a claimed run stays reserved; a process that dies executing it gives it up after this. */
  leaseMs: number;
  /** Attempts of a failing step before the run fails. */
  maxStepAttempts: number;
  /** The delay before a failed step's second attempt, doubled each time up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

export const DEFAULT_WORKFLOW_ENGINE_OPTIONS: WorkflowEngineOptions = {
  pollIntervalMs: 250,
  batchSize: 50,
  leaseMs: 60_000,
  maxStepAttempts: 5,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 10 * 60_000,
};

/** What the engine uses from the rest of the core. */
export interface WorkflowEngineDeps {
  store: WorkflowStore;
  host: PluginHost;
  registry: ContributionRegistry;
  events: EventBus;
  messenger: OutboundMessenger;
  clock: Clock;
  logger: Logger;
  options: WorkflowEngineOptions;
  /** True when no other process shares the database (SQLite): leases left at startup are a dead predecessor's. */
  soleProcess: boolean;
}

/**
 * The durable workflow engine. Runs start from their trigger events (delivered by the outbox, so
 * an event delivered twice starts one run) or from `ctx.workflows.start()`, and live in the
 * database: an execution replays the workflow's code (see RunExecution) until it completes,
 * fails, or suspends on a timer, a retry or an awaited event. Due runs are claimed with a lease
 * (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so several instances share the work and each due run
 * executes on one of them. A due run activates its plugin lazily (`onWorkflow:<id>`).
 */
export class WorkflowEngine implements WorkflowStarter {
  private readonly pump = new Pump(
    () => this.pass(),
    (error) => this.deps.logger.error({ err: error }, `workflow pass failed: ${errorMessage(error)}`),
  );

  /** The event types runs waited for when the batch being delivered was claimed. */
  private waitedTypes: Set<string> | undefined;

  constructor(private readonly deps: WorkflowEngineDeps) {
    // Every durable event may trigger workflows or resume waiting runs.
    deps.events.subscribe('*', (event) => this.onEvent(event));
    // Which types runs wait for is read once per batch of events rather than once per event. A
    // run that starts waiting after that read cannot want an event of the batch: those were all
    // committed before it, and a wait only sees events that come after it begins.
    deps.events.outboxDelivery?.beforeEachBatch(async () => {
      this.waitedTypes = await deps.store.waitedEventTypes();
    });
  }

  /** Starts executing due runs on a timer, beginning with those a previous process left. */
  async startScheduling(): Promise<void> {
    if (this.pump.timerStarted) return;
    if (this.deps.soleProcess) await this.deps.store.releaseLeases();
    this.pump.startTimer(this.deps.options.pollIntervalMs);
  }

  stop(): Promise<void> {
    return this.pump.stop();
  }

  /** `ctx.workflows.start()`: a run of the plugin's own workflow with the given input, started at once. */
  async start(plugin: string, workflowId: string, input: Record<string, unknown>): Promise<StartedWorkflowRun> {
    const owner = this.deps.host.ownerOfWorkflow(workflowId);
    if (owner !== plugin) {
      throw new RapportError('PERMISSION_DENIED', `Plugin "${plugin}" cannot start workflow "${workflowId}": it is ${owner ? `plugin "${owner}"'s` : 'not declared by any plugin'}.`);
    }
    const runId = randomUUID();
    await this.deps.store.insertRun({ id: runId, workflow: workflowId, plugin, customerId: customerIdOf(input), input, triggerEventId: null, startedAt: this.deps.clock.now() });
    this.schedule();
    return { runId };
  }

  /** Cancels a run that has not finished. */
  async cancel(runId: string): Promise<RunRow> {
    const run = await this.require(runId);
    if (!(await this.deps.store.cancel(runId, this.deps.clock.now()))) {
      throw new RapportError('CONFLICT', `Workflow run ${runId} is ${run.status}; only a RUNNING, SLEEPING or WAITING run can be cancelled.`);
    }
    return (await this.deps.store.getRun(runId))!;
  }

  /** Runs a FAILED or CANCELLED run again from where it stopped. */
  async retry(runId: string): Promise<RunRow> {
    const run = await this.require(runId);
    if (!(await this.deps.store.retry(runId, this.deps.clock.now()))) {
      throw new RapportError('CONFLICT', `Workflow run ${runId} is ${run.status}; only a FAILED or CANCELLED run can be retried.`);
    }
    this.schedule();
    return (await this.deps.store.getRun(runId))!;
  }

  /**
   * Executes every run due now, and resolves when none is left; calls during a pass join it.
   * Tests call it after moving a fake clock.
   */
  runDue(): Promise<void> {
    return this.pump.run();
  }

  /** Asks for a pass soon, without waiting for it. */
  schedule(): void {
    this.pump.poke();
  }

  private async pass(): Promise<void> {
    const { store, clock, options } = this.deps;
    for (;;) {
      const token = randomUUID();
      const leaseUntil = () => new Date(clock.now().getTime() + options.leaseMs);
      const claimed = await store.claimDue(clock.now(), leaseUntil(), options.batchSize, token);
      if (claimed.length === 0) return;
      const leases = new Map(claimed.map((run) => [run.id, { token, lost: false }]));
      // Renew the leases while the batch runs, so a slow step never lets another instance take
      // its run over; a lease that could not be renewed stops its execution at its next write.
      const heartbeat = setInterval(() => {
        const held = [...leases].filter(([, lease]) => !lease.lost).map(([id]) => id);
        void store
          .renewLeases(held, token, leaseUntil())
          .then((kept) => {
            for (const id of held) if (!kept.has(id)) leases.get(id)!.lost = true;
          })
          .catch((error: unknown) => this.deps.logger.warn({ err: error }, `renewing workflow leases failed: ${errorMessage(error)}`));
      }, Math.max(options.leaseMs / 3, 10));
      heartbeat.unref();
      try {
        await Promise.all(claimed.map((run) => this.execute(run, leases.get(run.id)!)));
      } finally {
        clearInterval(heartbeat);
      }
    }
  }

  /** Starts the runs an event triggers, and hands it to the runs waiting for its type. */
  private async onEvent(event: DeliveredEvent): Promise<void> {
    const { host, store, clock, logger } = this.deps;
    let started = false;
    for (const workflowId of host.workflowsTriggeredBy(event.eventType)) {
      const plugin = host.ownerOfWorkflow(workflowId)!;
      const state = host.status(plugin).state;
      if (state !== 'ACTIVE' && state !== 'INSTALLED') {
        logger.warn({ plugin, workflow: workflowId, eventId: event.id }, `workflow "${workflowId}" not started: plugin "${plugin}" is ${state}`);
        continue;
      }
      // A plugin that fails to activate or does not register it throws here: the outbox retries.
      const workflow = await this.implementationOf(workflowId, plugin);
      const input = stripDelivery(event);
      if (workflow.filter && !workflow.filter(input)) continue;
      started = (await store.insertRun({
        id: randomUUID(),
        workflow: workflowId,
        plugin,
        customerId: customerIdOf(input),
        input,
        triggerEventId: event.id,
        startedAt: clock.now(),
      })) || started;
    }
    const woken = !this.waitedTypes || this.waitedTypes.has(event.eventType) ? await store.deliverToWaitingRuns(event, clock.now()) : 0;
    // A pass only when there is something new to run: most events start and wake nothing.
    if (started || woken > 0) this.schedule();
  }

  /** One execution of a claimed run; ends by saving the run's outcome, unless its lease was lost. */
  private async execute(run: RunRow, lease: ExecutionLease): Promise<void> {
    const { store, clock, logger, events } = this.deps;
    let outcome: RunOutcome;
    try {
      const workflow = await this.implementationOf(run.workflow, run.plugin);
      const steps = new Map((await store.steps(run.id)).map((step) => [step.name, step]));
      await workflow.run(new RunExecution(run, steps, this.runServices(), lease), run.input);
      outcome = { status: 'COMPLETED', wakeAt: null, waitingEvent: null, error: null, finishedAt: clock.now() };
    } catch (error) {
      if (error instanceof LeaseLost) {
        logger.warn({ runId: run.id, workflow: run.workflow }, 'workflow run taken over by another instance after its lease ran out; this execution stops');
        return;
      }
      // Anything else, a StepFailed included, fails the run with its message.
      outcome =
        error instanceof Suspension
          ? error.outcome
          : { status: 'FAILED', wakeAt: null, waitingEvent: null, error: errorMessage(error), finishedAt: clock.now() };
    }
    if (!(await store.saveOutcome(run.id, lease.token, outcome, clock.now()))) return;
    if (outcome.status === 'COMPLETED' || outcome.status === 'FAILED') {
      if (outcome.status === 'FAILED') logger.error({ runId: run.id, workflow: run.workflow, plugin: run.plugin }, `workflow run failed: ${outcome.error}`);
      await events.publish(outcome.status === 'COMPLETED' ? 'workflow.completed' : 'workflow.failed', {
        runId: run.id,
        workflow: run.workflow,
        customerId: run.customerId,
      });
    }
  }

  /** A workflow's registered implementation, its plugin activated first (`onWorkflow:<id>`). */
  private async implementationOf(workflowId: string, plugin: string): Promise<AftercareWorkflow> {
    await this.deps.host.activateForWorkflow(workflowId);
    const registration = this.deps.registry.workflows.get(workflowId);
    if (!registration) {
      const state = this.deps.host.status(plugin).state;
      throw new RapportError('NOT_AVAILABLE', `Workflow "${workflowId}" is not registered: plugin "${plugin}" is ${state}.`);
    }
    return registration.implementation;
  }

  private runServices(): RunServices {
    const { store, clock, options } = this.deps;
    return {
      store,
      now: () => clock.now(),
      send: (run, stepName, message) => this.send(run, stepName, message),
      maxStepAttempts: options.maxStepAttempts,
      retryDelayMs: options.retryDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs,
    };
  }

  private async send(run: RunRow, stepName: string, message: WorkflowMessage): Promise<SendResult> {
    const { channel, customerId: explicit, conversationId, subject, text, html, metadata } = message;
    const customerId = explicit ?? run.customerId;
    if (!customerId) throw new RapportError('BAD_USER_INPUT', `send("${stepName}") of workflow "${run.workflow}" names no customer, and the run has none.`);
    // The key is the run's and the step's: a send retried after a crash is delivered once, and
    // the customer's timeline shows what the workflow sent, like any reply.
    const { result } = await this.deps.messenger.send(
      { customerId, channel, conversationId, subject, text, html, metadata: { ...metadata, workflowRunId: run.id, workflowStep: stepName } },
      { idempotencyKey: `${run.id}:${stepName}` },
    );
    return result;
  }

  private async require(runId: string): Promise<RunRow> {
    const run = await this.deps.store.getRun(runId);
    if (!run) throw new NotFoundError(`No workflow run with id "${runId}".`);
    return run;
  }

  /** When the next unfinished run is due, if any (the test host's clock stops there). */
  nextWakeAt(): Promise<Date | null> {
    return this.deps.store.nextWakeAt();
  }

  /** A run, for the API. */
  async get(runId: string): Promise<RunRow | undefined> {
    return this.deps.store.getRun(runId);
  }

  /** Runs for the API, most recently started first, after the `before` key. */
  list(filter: RunFilter, limit: number, before?: { at: Date; id: string }): Promise<RunRow[]> {
    return this.deps.store.list(filter, limit, before);
  }

  count(filter: RunFilter): Promise<number> {
    return this.deps.store.count(filter);
  }

  /** The steps of many runs, in order, for the API. */
  stepsOf(runIds: readonly string[]): Promise<StepRow[]> {
    return this.deps.store.stepsOf(runIds);
  }
}

/** The event as a run's input: its payload, with its id and time but not the bus's own field. */
function stripDelivery(event: DeliveredEvent): Record<string, unknown> {
  const { eventType: _type, ...payload } = event as DeliveredEvent & Record<string, unknown>;
  return payload;
}

function customerIdOf(input: Record<string, unknown>): string | null {
  return typeof input.customerId === 'string' ? input.customerId : null;
}
