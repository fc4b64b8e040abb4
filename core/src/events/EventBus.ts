import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { serviceToken, type DeliveredEvent, type Disposable, type EventHandler, type EventType } from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { noteEventOrigins } from '../tracing/eventOrigins.js';
import { EventDispatcher } from './EventDispatcher.js';
import { EventHandlers, type SubscriptionOwner } from './EventHandlers.js';
import { EventOutbox, type StagedEvent, type StagedSet } from './EventOutbox.js';

/**
 * The event bus, as writers and subscribers see it. Events are durable: a writer stages them in
 * the transaction of its change ({@link stage}), and the dispatcher delivers them after the
 * commit, at least once, in order per customer, retrying the plugin handlers that failed. The
 * `plugin.*` lifecycle events stay in process: they describe this process's plugin host.
 */
export interface EventBus {
  /** Subscribes `handler` to `type` on behalf of `owner` (see EventHandlers). */
  subscribe<T extends EventType>(type: T | '*', handler: EventHandler<T>, owner?: SubscriptionOwner): Disposable;
  /** The number of live subscriptions of one owner. */
  subscriptionCount(owner: SubscriptionOwner): number;
  /**
   * Publishes an event on its own (not part of a writer's transaction). A durable event is
   * written to the outbox, then delivered; this resolves once the handlers have finished, failed
   * or timed out, unless the dispatcher delivers in the background (`events.awaitDelivery`) or
   * this is called from inside a handler (which must not wait for a delivery that waits for it).
   */
  publish(type: string, payload: object): Promise<DeliveredEvent>;
  /**
   * Stages events in a writer's transaction, in this order: run the statements there (or chain
   * them with the writer's own), then call {@link afterCommit} once committed.
   */
  stage(events: readonly { type: string; payload: object }[]): StagedEvent[];
  /**
   * Where the database can chain writes (PostgreSQL): `moved`, a writer's statement ending in
   * `returning customer_id`, extended to also write one durable event of `type` per customer it
   * returns, payload `{ customerId, ...fields }`, without the customers travelling to Node and
   * back. Run its statement in the writer's transaction (it answers one row `{ n }`, the customers
   * moved), then call {@link afterCommit} with it. Undefined elsewhere: use
   * {@link stageForEachSelected} or {@link stageForEachOf}.
   *
   * The events are written as one event set (events/eventSets.ts), which the dispatcher expands
   * into one outbox row per customer after the commit, before it claims: a customer's event from
   * a set is delivered after that customer's events committed before the expansion, which may
   * include some committed after the writer's.
   */
  stageForEach(moved: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>): StagedSet | undefined;
  /**
   * Where {@link stageForEach} is undefined (SQLite): one durable event of `type` per row
   * `selected` gives (a `customer_id` column), payload `{ customerId, ...fields }`, as one event
   * set written by a single `insert … select`. Run its statement in the writer's transaction after
   * the writer's own, then call {@link afterCommit} with it.
   */
  stageForEachSelected(selected: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>): StagedSet;
  /**
   * One durable event of `type` per customer given, payload `{ customerId, ...fields }`, as one
   * event set (for a writer that has the customers in Node); undefined for none. Events of one
   * kind of move should all go through sets, so that they keep their order.
   */
  stageForEachOf(customerIds: readonly string[], type: string, fields: Readonly<Record<string, string>>): StagedSet | undefined;
  /** Delivers what a writer staged and committed. */
  afterCommit(staged: readonly (StagedEvent | StagedSet)[]): Promise<void>;
}

/** The container token of the {@link EventBus}. */
export const EventBus = serviceToken<EventBus>('rapport.core.EventBus');

/** The {@link EventBus} on the durable outbox. */
@injectable()
export class OutboxEventBus implements EventBus {
  constructor(
    @inject(EventOutbox) private readonly outbox: EventOutbox,
    @inject(EventDispatcher) private readonly dispatcher: EventDispatcher,
    @inject(EventHandlers) private readonly handlers: EventHandlers,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  subscribe<T extends EventType>(type: T | '*', handler: EventHandler<T>, owner: SubscriptionOwner = null): Disposable {
    return this.handlers.subscribe(type, handler, owner);
  }

  subscriptionCount(owner: SubscriptionOwner): number {
    return this.handlers.subscriptionCount(owner);
  }

  async publish(type: string, payload: object): Promise<DeliveredEvent> {
    if (isLocal(type)) {
      const event = this.localEvent(type, payload);
      await this.handlers.deliverLocal(event);
      return event;
    }
    const event = await this.outbox.append(type, payload, this.clock.now());
    await this.afterCommit([{ event, durable: true }]);
    return event;
  }

  stage(events: readonly { type: string; payload: object }[]): StagedEvent[] {
    const durable = this.outbox.stage(events.filter((e) => !isLocal(e.type)), this.clock.now());
    let next = 0;
    return events.map(({ type, payload }) => (isLocal(type) ? { event: this.localEvent(type, payload), durable: false } : durable[next++]!));
  }

  stageForEach(moved: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>): StagedSet | undefined {
    if (isLocal(type)) return undefined;
    const statement = this.outbox.stageForEach(moved, type, fields, this.clock.now());
    return statement && { statement, durable: true, set: true };
  }

  stageForEachSelected(selected: { sql: string; params: unknown[] }, type: string, fields: Readonly<Record<string, string>>): StagedSet {
    if (isLocal(type)) throw new Error(`${type} is a process-local event; it is never stored.`);
    return { statement: this.outbox.stageForEachSelected(selected, type, fields, this.clock.now()), durable: true, set: true };
  }

  stageForEachOf(customerIds: readonly string[], type: string, fields: Readonly<Record<string, string>>): StagedSet | undefined {
    if (isLocal(type)) throw new Error(`${type} is a process-local event; it is never stored.`);
    const statement = this.outbox.stageForEachOf(customerIds, type, fields, this.clock.now());
    return statement && { statement, durable: true, set: true };
  }

  async afterCommit(staged: readonly (StagedEvent | StagedSet)[]): Promise<void> {
    for (const event of staged) if (event.durable === false) await this.handlers.deliverLocal(event.event);
    if (!staged.some((event) => event.durable)) return;
    if (staged.some((event) => 'set' in event)) this.dispatcher.setsStaged();
    // Their delivery, later and apart from this writer, joins this writer's trace.
    noteEventOrigins(staged);
    if (this.handlers.insideHandler) this.dispatcher.schedule();
    else await this.dispatcher.afterLocalCommit();
  }

  private localEvent(type: string, payload: object): DeliveredEvent {
    return Object.freeze({ eventType: type, ...payload, id: randomUUID(), occurredAt: this.clock.now().toISOString() }) as DeliveredEvent;
  }
}

/** The plugin host's lifecycle events describe this process; they are never stored. */
function isLocal(type: string): boolean {
  return type.startsWith('plugin.');
}
