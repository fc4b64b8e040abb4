import type { Duration } from '../duration.js';
import type { DeliveredEvent, EventType } from '../events.js';
import type { OutboundMessage, SendResult } from './channel.js';

/** A message sent from a workflow: a channel plus the message. */
export interface WorkflowMessage extends Omit<OutboundMessage, 'customerId'> {
  channel: string;
  /** Defaults to the run's customer. */
  customerId?: string;
}

/** Options of {@link WorkflowRun.waitForEvent}. */
export interface WaitForEventOptions<T extends EventType = EventType> {
  /** The event type to wait for. */
  event: T;
  /**
   * Returns true for the event that resumes the run; by default any event of the run's customer.
   * A run about a customer only sees events about that customer (or about no customer).
   */
  match?: (event: DeliveredEvent<T>) => boolean;
  /** How long to wait before resuming with `null`. */
  timeout: Duration;
}

/**
 * The durable primitives available to a workflow run. Every primitive is named; on replay after
 * a restart, completed primitives return their recorded results instead of running again.
 */
export interface WorkflowRun {
  /** The run's id. */
  readonly id: string;
  /** The customer the run is about, if any. */
  readonly customerId: string | null;
  /** Runs `fn` once, persists its result and retries it with backoff when it throws. */
  step<T>(name: string, fn: () => Promise<T> | T): Promise<T>;
  /** A durable timer. */
  sleep(name: string, duration: Duration): Promise<void>;
  /**
   * Resumes on the first matching event, or with `null` at the timeout. Events count from when
   * the primitive before it finished, or from when the current execution began if that is
   * earlier, so a reply recorded before the `send` that asked for it is stored is found.
   */
  waitForEvent<T extends EventType>(name: string, options: WaitForEventOptions<T>): Promise<DeliveredEvent<T> | null>;
  /** Sends a message once per run and step name, with an idempotency key. */
  send(name: string, message: WorkflowMessage): Promise<SendResult>;
}

/**
 * A durable workflow, such as a survey after a purchase, a follow-up after a resolution, an
 * onboarding sequence or a win-back campaign.
 * The trigger is declared in the manifest (`contributes.workflows[].trigger`); `input` is the
 * payload of the triggering event.
 *
 * @example
 * ```ts
 * ctx.workflows.registerWorkflow('thank-you', {
 *   filter: (payload) => payload.type === 'purchase',
 *   async run(run, input) {
 *     await run.sleep('wait-a-day', 'P1D');
 *     await run.send('thanks', { channel: 'email', text: 'Thank you for your order!' });
 *   },
 * });
 * ```
 */
export interface Workflow<Input = Record<string, unknown>> {
  /** Returns false to skip starting a run for this trigger event. */
  filter?(payload: Input): boolean;
  /** The workflow's body; it must be deterministic apart from its primitives. */
  run(run: WorkflowRun, input: Input): Promise<void>;
}

/**
 * The former name of {@link Workflow}.
 *
 * @deprecated Use `Workflow`; this alias will be removed in API 2.0.
 */
export type AftercareWorkflow<Input = Record<string, unknown>> = Workflow<Input>;
