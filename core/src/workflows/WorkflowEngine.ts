import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import {
  NotFoundError,
  RapportError,
  serviceToken,
  type DeliveredEvent,
  type SendResult,
  type StartedWorkflowRun,
  type Workflow,
  type WorkflowMessage,
} from '@rapport/sdk';
import { actAs, actAsWithin } from '../actors/acting.js';
import { pluginActor } from '../actors/Actor.js';
import { OutboundMessenger } from '../channels/OutboundMessenger.js';
import { Clock } from '../clock/Clock.js';
import { ContributionRegistry } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { ContributionUnavailableError, PluginActivation } from '../contributions/PluginActivation.js';
import { EventBus } from '../events/EventBus.js';
import { EventDispatcher } from '../events/EventDispatcher.js';
import { BurstLimiter } from '../logging/BurstLimiter.js';
import { Logger } from '../logging/Logger.js';
import { Metrics } from '../metrics/Metrics.js';
import { Database } from '../persistence/openDatabase.js';
import { eventDeliveryContext } from '../tracing/eventOrigins.js';
import { PLUGIN_ATTRIBUTE, withSpan } from '../tracing/spans.js';
import { errorMessage } from '../util/errorMessage.js';
import { Pump } from '../util/Pump.js';
import { LeaseLost, RunExecution, Suspension, type ExecutionLease, type RunServices } from './RunExecution.js';
import { WorkflowWaits } from './WorkflowWaits.js';
import { WorkflowStore, type RunFilter, type RunOutcome, type RunRow, type StepRow } from './WorkflowStore.js';
import type { KeysetPage } from '../util/KeysetPage.js';

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
  /** Completed and cancelled runs are removed, with their steps, this long after they finished (FAILED runs stay). */
  retentionMs: number;
}

/** The container token of the deployment's {@link WorkflowEngineOptions}. */
export const WorkflowEngineOptions = serviceToken<WorkflowEngineOptions>('rapport.core.WorkflowEngineOptions');

export const DEFAULT_WORKFLOW_ENGINE_OPTIONS: WorkflowEngineOptions = {
  pollIntervalMs: 250,
  batchSize: 50,
  leaseMs: 60_000,
  maxStepAttempts: 5,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 10 * 60_000,
  retentionMs: 30 * 86_400_000,
};

/** How often finished runs past their retention are looked for. */
const PRUNE_INTERVAL_MS = 3_600_000;

/** Starts workflow runs on behalf of `ctx.workflows.start()`. */
export interface WorkflowStarter {
  /** A run of the plugin's own workflow with the given input, started at once. */
  start(plugin: string, workflowId: string, input: Record<string, unknown>): Promise<StartedWorkflowRun>;
}

/** The workflow engine: starting, executing, cancelling, retrying and listing runs. */
export interface WorkflowEngine extends WorkflowStarter {
  /** Starts executing due runs on a timer, beginning with those a previous process left. */
  startScheduling(): Promise<void>;
  stop(): Promise<void>;
  /** Cancels a run that has not finished. */
  cancel(runId: string): Promise<RunRow>;
  /** Runs a FAILED or CANCELLED run again from where it stopped. */
  retry(runId: string): Promise<RunRow>;
  /** Executes every run due now, and resolves when none is left. */
  runDue(): Promise<void>;
  /** When the next unfinished run is due, if any (the test host's clock stops there). */
  nextWakeAt(): Promise<Date | null>;
  get(runId: string): Promise<RunRow | undefined>;
  /** Runs, most recently started first, from a key of an earlier page (backward: oldest first, before it). */
  list(filter: RunFilter, limit: number, page?: KeysetPage): Promise<RunRow[]>;
  count(filter: RunFilter): Promise<number>;
  /** The steps of many runs, in order. */
  stepsOf(runIds: readonly string[]): Promise<StepRow[]>;
}

/** The container tokens of the {@link WorkflowEngine} and of the {@link WorkflowStarter} plugin contexts use. */
export const WorkflowEngine = serviceToken<WorkflowEngine>('rapport.core.WorkflowEngine');
export const WorkflowStarter = serviceToken<WorkflowStarter>('rapport.core.WorkflowStarter');

/**
 * The durable workflow engine. Runs start from their trigger events (delivered by the outbox, so
 * an event delivered twice starts one run) or from `ctx.workflows.start()`, and live in the
 * database: an execution replays the workflow's code (see RunExecution) until it completes,
 * fails, or suspends on a timer, a retry or an awaited event. Due runs are claimed with a lease
 * (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so several instances share the work and each due run
 * executes on one of them. A due run activates its plugin lazily (`onWorkflow:<id>`).
 */
@injectable()
export class DurableWorkflowEngine implements WorkflowEngine {
  private readonly pump = new Pump(
    () => this.pass(),
    // While the database is away every pass fails: one line per kind of failure and interval.
    (error) => this.failures.failure('error', 'workflow pass failed', error),
  );
  private readonly failures: BurstLimiter;

  private lastPrune = 0;

  /** The event types runs waited for when the batch being delivered was claimed. */
  private waitedTypes: Set<string> | undefined;
  private readonly logger: Logger;
  /** True when no other process shares the database (SQLite): leases left at startup are a dead predecessor's. */
  private readonly soleProcess: boolean;

  constructor(
    @inject(WorkflowStore) private readonly store: WorkflowStore,
    @inject(WorkflowWaits) private readonly waits: WorkflowWaits,
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(ContributionRegistry) private readonly registry: ContributionRegistry,
    @inject(PluginActivation) private readonly activation: PluginActivation,
    @inject(EventBus) private readonly events: EventBus,
    @inject(EventDispatcher) dispatcher: EventDispatcher,
    @inject(OutboundMessenger) private readonly messenger: OutboundMessenger,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(WorkflowEngineOptions) private readonly options: WorkflowEngineOptions,
    @inject(Database) database: Database,
    @inject(Metrics) private readonly metrics: Metrics,
  ) {
    this.logger = logger.child({ component: 'workflows' });
    this.failures = new BurstLimiter(this.logger);
    this.soleProcess = database.dialect === 'sqlite';
    // Every durable event may trigger workflows or resume waiting runs.
    events.subscribe('*', (event) => this.onEvent(event));
    // Which types runs wait for is looked up once per batch of events rather than once per event
    // (and kept between batches until a new wait is heard of: see WaitedEventTypes). A run that
    // registers its wait after the batch was claimed finds the batch's events by looking back
    // (they were all committed before): see WorkflowWaits.
    dispatcher.beforeEachBatch(async () => {
      this.waitedTypes = await waits.waitedEventTypes();
    });
  }

  /** Starts executing due runs on a timer, beginning with those a previous process left. */
  async startScheduling(): Promise<void> {
    if (this.pump.timerStarted) return;
    if (this.soleProcess) await this.store.releaseLeases();
    this.pump.startTimer(this.options.pollIntervalMs);
  }

  async stop(): Promise<void> {
    await this.pump.stop();
    this.failures.flush();
  }

  /** `ctx.workflows.start()`: a run of the plugin's own workflow with the given input, started at once. */
  async start(plugin: string, workflowId: string, input: Record<string, unknown>): Promise<StartedWorkflowRun> {
    const owner = this.declared.ownerOf('workflows', workflowId);
    if (owner !== plugin) {
      throw new RapportError('PERMISSION_DENIED', `Plugin "${plugin}" cannot start workflow "${workflowId}": it is ${owner ? `plugin "${owner}"'s` : 'not declared by any plugin'}.`);
    }
    const runId = randomUUID();
    await this.store.insertRun({ id: runId, workflow: workflowId, plugin, customerId: customerIdOf(input), input, triggerEventId: null, startedAt: this.clock.now() });
    this.schedule();
    return { runId };
  }

  /** Cancels a run that has not finished. */
  async cancel(runId: string): Promise<RunRow> {
    const run = await this.require(runId);
    if (!(await this.store.cancel(runId, this.clock.now()))) {
      throw new RapportError('CONFLICT', `Workflow run ${runId} is ${run.status}; only a RUNNING, SLEEPING or WAITING run can be cancelled.`);
    }
    return (await this.store.getRun(runId))!;
  }

  /** Runs a FAILED or CANCELLED run again from where it stopped. */
  async retry(runId: string): Promise<RunRow> {
    const run = await this.require(runId);
    if (!(await this.store.retry(runId, this.clock.now()))) {
      throw new RapportError('CONFLICT', `Workflow run ${runId} is ${run.status}; only a FAILED or CANCELLED run can be retried.`);
    }
    this.schedule();
    return (await this.store.getRun(runId))!;
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
    const { store, clock, options } = this;
    await this.pruneNowAndThen();
    for (;;) {
      const token = randomUUID();
      const leaseUntil = () => new Date(clock.now().getTime() + options.leaseMs);
      const claimed = await store.claimDue(clock.now(), leaseUntil(), options.batchSize, token);
      if (claimed.length === 0) return;
      // A SLEEPING run that is due is a timer firing (a sleep, a step's retry): how late it fired.
      for (const run of claimed) if (run.status === 'SLEEPING' && run.wakeAt) this.metrics.workflowTimerFired((clock.now().getTime() - run.wakeAt.getTime()) / 1000);
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
          .catch((error: unknown) => this.failures.failure('warn', 'renewing workflow leases failed', error));
      }, Math.max(options.leaseMs / 3, 10));
      heartbeat.unref();
      try {
        await Promise.all(claimed.map((run) => this.execute(run, leases.get(run.id)!)));
      } finally {
        clearInterval(heartbeat);
      }
    }
  }

  /** Removes finished runs past their retention, at most once an hour. */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    await this.store.pruneFinished(new Date(now - this.options.retentionMs));
  }

  /** Starts the runs an event triggers, and hands it to the runs waiting for its type. */
  private async onEvent(event: DeliveredEvent): Promise<void> {
    const { store, clock, logger } = this;
    let started = false;
    for (const workflowId of this.declared.workflowsTriggeredBy(event.eventType)) {
      const plugin = this.declared.ownerOf('workflows', workflowId)!;
      let workflow: Workflow;
      try {
        workflow = await this.implementationOf(workflowId);
      } catch (error) {
        // A plugin an operator or the breaker turned off (or that failed) starts nothing until it
        // is enabled again; retrying the event would not change that. Anything else is retried.
        if (!(error instanceof ContributionUnavailableError && error.settled)) throw error;
        logger.warn({ plugin, workflow: workflowId, eventId: event.id }, `workflow "${workflowId}" not started: plugin "${plugin}" is ${error.state}`);
        continue;
      }
      const input = stripDelivery(event);
      if (workflow.filter && !workflow.filter(input)) continue;
      // The run is the plugin's, started by the event (the cause of the delivery being handled).
      const inserted = await actAsWithin(pluginActor(plugin), () =>
        store.insertRun({ id: randomUUID(), workflow: workflowId, plugin, customerId: customerIdOf(input), input, triggerEventId: event.id, startedAt: clock.now() }),
      );
      started = inserted || started;
    }
    const woken = !this.waitedTypes || this.waitedTypes.has(event.eventType) ? await this.waits.deliver(event, clock.now()) : 0;
    // A pass only when there is something new to run: most events start and wake nothing.
    if (started || woken > 0) this.schedule();
  }

  /** One execution of a claimed run; ends by saving the run's outcome, unless its lease was lost. */
  private async execute(run: RunRow, lease: ExecutionLease): Promise<void> {
    const { store, clock, logger, events } = this;
    let outcome: RunOutcome;
    try {
      const workflow = await this.implementationOf(run.workflow);
      const steps = new Map((await store.steps(run.id)).map((step) => [step.name, step]));
      // What the run writes is its plugin's, caused by the run (and no request's, whatever poked the pass).
      const acting = { actor: pluginActor(run.plugin), cause: { kind: 'workflowRun' as const, id: run.id } };
      await withSpan(
        `workflow run ${run.workflow}`,
        { 'rapport.workflow': run.workflow, 'rapport.workflow.run_id': run.id, [PLUGIN_ATTRIBUTE]: run.plugin },
        () => actAs(acting, () => workflow.run(new RunExecution(run, steps, this.runServices(), lease), run.input)),
        // A pass runs many runs, whoever poked it: an execution joins the trace of the event that
        // started its run while this process remembers it, or is a trace of its own.
        { parent: eventDeliveryContext(run.triggerEventId) },
      );
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

  /**
   * A workflow's registered implementation, its plugin activated first (`onWorkflow:<id>`); a
   * plugin that cannot serve it is a {@link ContributionUnavailableError} saying why.
   */
  private async implementationOf(workflowId: string): Promise<Workflow> {
    await this.activation.activateContribution('workflows', workflowId);
    const registration = this.registry.workflows.get(workflowId);
    if (!registration) throw new RapportError('NOT_AVAILABLE', `Workflow "${workflowId}" is not registered by its plugin.`);
    return registration.implementation;
  }

  private runServices(): RunServices {
    const { store, waits, clock, options } = this;
    return {
      store,
      waits,
      now: () => clock.now(),
      send: (run, stepName, message) => this.send(run, stepName, message),
      maxStepAttempts: options.maxStepAttempts,
      retryDelayMs: options.retryDelayMs,
      maxRetryDelayMs: options.maxRetryDelayMs,
    };
  }

  private async send(run: RunRow, stepName: string, message: WorkflowMessage): Promise<SendResult> {
    const { channel, customerId: explicit, conversationId, subject, text, html, metadata, template } = message;
    const customerId = explicit ?? run.customerId;
    if (!customerId) throw new RapportError('BAD_USER_INPUT', `send("${stepName}") of workflow "${run.workflow}" names no customer, and the run has none.`);
    // The key is the run's and the step's: a send retried after a crash is delivered once, and
    // the customer's timeline shows what the workflow sent, like any reply.
    const { result } = await this.messenger.send(
      { customerId, channel, conversationId, subject, text, html, template, metadata: { ...metadata, workflowRunId: run.id, workflowStep: stepName } },
      { idempotencyKey: `${run.id}:${stepName}` },
    );
    return result;
  }

  private async require(runId: string): Promise<RunRow> {
    const run = await this.store.getRun(runId);
    if (!run) throw new NotFoundError(`No workflow run with id "${runId}".`);
    return run;
  }

  /** When the next unfinished run is due, if any (the test host's clock stops there). */
  nextWakeAt(): Promise<Date | null> {
    return this.store.nextWakeAt();
  }

  /** A run, for the API. */
  async get(runId: string): Promise<RunRow | undefined> {
    return this.store.getRun(runId);
  }

  /** Runs for the API, most recently started first, from a key of an earlier page. */
  list(filter: RunFilter, limit: number, page?: KeysetPage): Promise<RunRow[]> {
    return this.store.list(filter, limit, page);
  }

  count(filter: RunFilter): Promise<number> {
    return this.store.count(filter);
  }

  /** The steps of many runs, in order, for the API. */
  stepsOf(runIds: readonly string[]): Promise<StepRow[]> {
    return this.store.stepsOf(runIds);
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
