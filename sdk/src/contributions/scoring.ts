import type { Conversation, Customer, Interaction, ListConversationsOptions, ListInteractionsOptions } from '../domain.js';
import type { Duration } from '../duration.js';
import type { DeliveredEvent, EventType } from '../events.js';

/** What a scoring rule or segmentation model evaluates: one customer, with lazy access to history. */
export interface CustomerSubject {
  customer: Customer;
  /** The event that caused the evaluation, or `undefined` for a scheduled re-evaluation. */
  event?: DeliveredEvent;
  /** The evaluation time; use it instead of `Date.now()` so tests can control the clock. */
  now: Date;
  /** Loads the customer's interactions, oldest first unless `newestFirst`. Needs `interactions:read`. */
  interactions(options?: ListInteractionsOptions): Promise<Interaction[]>;
  /** Loads the customer's conversations with their timings, oldest first unless `newestFirst`. Needs `interactions:read`. */
  conversations(options?: ListConversationsOptions): Promise<Conversation[]>;
  /** The current value of a scoring rule for this customer, if any. Needs `customers:read`. */
  score(rule: string): Promise<ScoreResult | undefined>;
  /** The customer's current segments in a segmentation model. Needs `customers:read`. */
  segments(model: string): Promise<string[]>;
}

/** The outcome of a scoring rule for one customer. */
export interface ScoreResult {
  value: number;
  /** A short label, e.g. `promoter`. */
  label?: string;
  /** A sentence a person can read, e.g. "1 of 3 answers satisfied in the last 90 days". */
  explanation: string;
}

/**
 * A scoring rule such as CSAT, NPS, sentiment, churn risk or lifetime value. The core calls
 * `evaluate` when one of its `triggers` happens for a customer, stores the result and publishes
 * `score.changed` when the value changes.
 *
 * @example
 * ```ts
 * ctx.scoring.registerScoringRule('vip', {
 *   triggers: ['interaction.recorded'],
 *   async evaluate(subject) {
 *     const purchases = await subject.interactions({ type: 'purchase' });
 *     return { value: purchases.length, explanation: `${purchases.length} purchases` };
 *   },
 * });
 * ```
 *
 * `filter` receives the trigger events as a union discriminated by `eventType`, so checking the
 * type narrows the payload with no cast:
 *
 * ```ts
 * ctx.scoring.registerScoringRule('engagement', {
 *   triggers: ['interaction.recorded', 'customer.merged'],
 *   filter: (event) => event.eventType !== 'interaction.recorded' || event.direction === 'INBOUND',
 *   evaluate: async (subject) => ({ value: (await subject.interactions({ direction: 'INBOUND' })).length, explanation: 'messages' }),
 * });
 * ```
 */
export interface ScoringRule<Trigger extends EventType = EventType> {
  /** Event types that cause a re-evaluation of the customer in the event's `customerId`. */
  triggers: Trigger[];
  /**
   * Re-evaluates every customer this often (milliseconds or ISO-8601, e.g. `P1D`), for scores
   * that change with time alone, such as a satisfaction window that moves on. Runs once per
   * period across all instances of a deployment, while the plugin is active.
   */
  reevaluateEvery?: Duration;
  /**
   * Returns false to skip the evaluation for a trigger event (e.g. an interaction that is not a
   * survey answer), keeping the stored score as it is.
   */
  filter?(event: DeliveredEvent<Trigger>): boolean;
  /**
   * Computes the score, or returns `undefined` when there is not enough data; a stored score is
   * then removed.
   */
  evaluate(subject: CustomerSubject): Promise<ScoreResult | undefined> | ScoreResult | undefined;
}
