import {
  parseDuration,
  RapportError,
  type DeliveredEvent,
  type Duration,
  type EventType,
  type SendResult,
  type WaitForEventOptions,
  type WorkflowMessage,
  type WorkflowRun,
} from '@rapport/sdk';
import { PLUGIN_ATTRIBUTE, withSpan } from '../tracing/spans.js';
import { errorMessage } from '../util/errorMessage.js';
import type { WorkflowWaits } from './WorkflowWaits.js';
import type { RunOutcome, RunRow, StepKind, StepRow, WorkflowStore } from './WorkflowStore.js';

/** Thrown through the workflow's code when the run must stop here for now: it is not an error. */
export class Suspension {
  constructor(readonly outcome: RunOutcome) {}
}

/**
 * Thrown through the workflow's code when this execution no longer holds the run's lease
 * (another instance took the run over after the lease ran out): it must do nothing more.
 */
export class LeaseLost {
  constructor(readonly runId: string) {}
}

/** The lease an execution runs under: its token, and whether renewing it has failed. */
export interface ExecutionLease {
  readonly token: string;
  lost: boolean;
}

/** What a run needs from the engine while it executes. */
export interface RunServices {
  store: WorkflowStore;
  waits: WorkflowWaits;
  now(): Date;
  /** Sends through a channel with an idempotency key, and records the OUTBOUND interaction. */
  send(run: RunRow, stepName: string, message: WorkflowMessage): Promise<SendResult>;
  /** Attempts of a failing step before the run fails. */
  maxStepAttempts: number;
  /** The delay before a step's second attempt; it doubles each time, up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

/**
 * One execution of a run: the `WorkflowRun` its code receives. The code runs from the start every
 * time (replay); each primitive first looks for its own step row by name. A completed step
 * returns its stored result without running again; a step not reached before runs now and is
 * stored; a sleep or a wait that is not over suspends the run, by throwing a {@link Suspension}
 * the engine catches, until its time or its event comes.
 */
export class RunExecution implements WorkflowRun {
  private position = 0;
  private readonly seen = new Set<string>();
  private readonly startedAt: Date;
  /** When the last primitive passed in this replay finished (the run's start before the first). */
  private previousFinishedAt: Date;
  /**
   * The event type the run is registered for and has looked back on: a run claimed WAITING was
   * left so by the execution that registered it; otherwise a wait registers (again) and looks back.
   */
  private registeredFor: string | null;

  constructor(
    private readonly run: RunRow,
    private readonly steps: Map<string, StepRow>,
    private readonly services: RunServices,
    private readonly lease: ExecutionLease,
  ) {
    this.startedAt = services.now();
    this.previousFinishedAt = run.startedAt;
    this.registeredFor = run.status === 'WAITING' ? run.waitingEvent : null;
  }

  get id(): string {
    return this.run.id;
  }

  get customerId(): string | null {
    return this.run.customerId;
  }

  async step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    const existing = this.enter(name, 'step');
    if (existing?.status === 'COMPLETED') return this.passed(existing).result as T;
    const now = this.services.now();
    const attempts = (existing?.attempts ?? 0) + 1;
    const row: StepRow = existing ?? this.newStep(name, 'step', now);
    // Never start a step's work under a lease that is gone: another instance has the run now.
    if (this.lease.lost) throw new LeaseLost(this.run.id);
    try {
      const result = await withSpan(
        `workflow step ${name}`,
        { 'rapport.workflow': this.run.workflow, 'rapport.workflow.run_id': this.run.id, 'rapport.workflow.step': name, 'rapport.workflow.attempt': attempts, [PLUGIN_ATTRIBUTE]: this.run.plugin },
        () => fn(),
      );
      await this.complete({ ...row, status: 'COMPLETED', attempts, result, error: null, finishedAt: this.services.now() });
      return result;
    } catch (error) {
      if (error instanceof Suspension || error instanceof LeaseLost) throw error;
      const message = errorMessage(error);
      if (attempts >= this.services.maxStepAttempts) {
        await this.save({ ...row, status: 'FAILED', attempts, error: message, finishedAt: this.services.now() });
        throw new StepFailed(name, attempts, message);
      }
      const delay = Math.min(this.services.retryDelayMs * 2 ** (attempts - 1), this.services.maxRetryDelayMs);
      const retryAt = new Date(this.services.now().getTime() + delay);
      await this.save({ ...row, status: 'RETRYING', attempts, error: message, dueAt: retryAt });
      throw new Suspension({ status: 'RUNNING', wakeAt: retryAt, waitingEvent: null, error: null, finishedAt: null });
    }
  }

  async sleep(name: string, duration: Duration): Promise<void> {
    const existing = this.enter(name, 'sleep');
    if (existing?.status === 'COMPLETED') return void this.passed(existing);
    const now = this.services.now();
    let row = existing;
    if (!row) {
      const ms = parseDuration(duration, `sleep("${name}")`);
      row = { ...this.newStep(name, 'sleep', now), status: 'SLEEPING', dueAt: new Date(now.getTime() + ms) };
    }
    if (row.dueAt!.getTime() <= now.getTime()) {
      await this.complete({ ...row, status: 'COMPLETED', attempts: 1, finishedAt: now });
      return;
    }
    if (!existing) await this.save(row);
    throw new Suspension({ status: 'SLEEPING', wakeAt: row.dueAt, waitingEvent: null, error: null, finishedAt: null });
  }

  async waitForEvent<T extends EventType>(name: string, options: WaitForEventOptions<T>): Promise<DeliveredEvent<T> | null> {
    const existing = this.enter(name, 'wait');
    if (existing?.status === 'COMPLETED') return (this.passed(existing).result ?? null) as DeliveredEvent<T> | null;
    const now = this.services.now();
    let row = existing;
    if (!row) {
      const ms = parseDuration(options.timeout, `waitForEvent("${name}").timeout`);
      // It counts events from when the primitive before it finished, or from when this execution
      // began if that is earlier: the answer to a message sent just before can come before the
      // send is stored. Its timeout counts from now.
      const countsFrom = new Date(Math.min(this.startedAt.getTime(), this.previousFinishedAt.getTime()));
      row = { ...this.newStep(name, 'wait', countsFrom), status: 'WAITING', dueAt: new Date(now.getTime() + ms) };
      await this.save(row);
    }
    // Registered before anything is read, so nothing committed from here on misses the inbox;
    // what came before is looked back on (see WorkflowWaits).
    const lookBack = this.registeredFor !== options.event;
    if (lookBack) {
      if (this.lease.lost || !(await this.services.waits.register(this.run.id, this.lease.token, options.event))) this.loseLease();
      this.registeredFor = options.event;
    }
    const { events, inboxEventIds } = await this.services.waits.eventsSince(this.run, options.event, row.startedAt!, lookBack);
    const match = options.match ?? ((event: DeliveredEvent<T>) => (event as { customerId?: unknown }).customerId === this.run.customerId);
    const found = events.find((event) => match(event as DeliveredEvent<T>)) as DeliveredEvent<T> | undefined;
    if (found || row.dueAt!.getTime() <= now.getTime()) {
      await this.complete({ ...row, status: 'COMPLETED', attempts: 1, result: found ?? null, finishedAt: now });
    }
    // Only what was read: an event delivered since stays, and wakes the run once it is saved WAITING.
    await this.services.waits.consume(this.run.id, inboxEventIds);
    if (found) return found;
    if (row.dueAt!.getTime() <= now.getTime()) return null;
    throw new Suspension({ status: 'WAITING', wakeAt: row.dueAt, waitingEvent: options.event, error: null, finishedAt: null });
  }

  async send(name: string, message: WorkflowMessage): Promise<SendResult> {
    // A step like any other: sent once per run and name. The channel gets an idempotency key, so
    // a send retried after a crash between delivery and recording is not delivered twice.
    return this.step(name, () => this.services.send(this.run, name, message));
  }

  /** Stores a step under this execution's lease, or stops the execution if the lease is gone. */
  private async save(step: StepRow): Promise<void> {
    if (this.lease.lost || !(await this.services.store.saveStep(step, this.lease.token))) this.loseLease();
  }

  /** Stores a step that completes now, and passes it. */
  private async complete(step: StepRow): Promise<void> {
    await this.save(step);
    this.passed(step);
  }

  /** Notes a completed step the replay has passed; returns it. */
  private passed(step: StepRow): StepRow {
    if (step.finishedAt) this.previousFinishedAt = step.finishedAt;
    return step;
  }

  private loseLease(): never {
    this.lease.lost = true;
    throw new LeaseLost(this.run.id);
  }

  /** Checks the name, and returns the step's row if an earlier execution reached it. */
  private enter(name: string, kind: StepKind): StepRow | undefined {
    if (this.seen.has(name)) {
      throw new RapportError('BAD_USER_INPUT', `Workflow "${this.run.workflow}" uses the step name "${name}" twice in one run; every step needs its own name.`);
    }
    this.seen.add(name);
    this.position++;
    const existing = this.steps.get(name);
    if (existing && existing.kind !== kind) {
      throw new RapportError(
        'CONFLICT',
        `Workflow "${this.run.workflow}" changed: its step "${name}" was a ${existing.kind} in run ${this.run.id} and is a ${kind} now.`,
      );
    }
    return existing;
  }

  private newStep(name: string, kind: StepKind, now: Date): StepRow {
    return {
      runId: this.run.id,
      name,
      kind,
      position: this.position,
      status: 'RETRYING',
      attempts: 0,
      result: undefined,
      error: null,
      dueAt: null,
      startedAt: now,
      finishedAt: null,
    };
  }
}

/** A step that failed its last attempt: the run fails. */
export class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(`Step "${step}" failed after ${attempts} attempts: ${reason}`);
  }
}
