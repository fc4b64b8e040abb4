import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Disposable, type Clock, type DeliveredEvent, type EventHandler, type EventType } from '@rapport/sdk';
import { errorMessage } from '../util/errorMessage.js';
import { withTimeout } from '../util/withTimeout.js';
import type { EventOutbox, StagedEvent } from './EventOutbox.js';

/** Who owns a subscription: a plugin's name, or `null` for the core itself. */
export type SubscriptionOwner = string | null;

/** Told about every handler call, so the plugin host can keep figures and trip breakers. */
export interface HandlerObserver {
  handlerCalled(owner: string): void;
  handlerFailed(owner: string, error: unknown): void | Promise<void>;
}

/** Called before an event is delivered, so the plugin host can activate `onEvent` plugins first. */
export type ActivationHook = (type: string) => Promise<void>;

/** What delivers the outbox: EventDispatcher. */
export interface OutboxDelivery {
  readonly outbox: EventOutbox;
  /** Delivers every event due now and resolves when done. */
  dispatch(): Promise<void>;
  /** Asks for a dispatch soon, without waiting for it. */
  schedule(): void;
  /** What a writer does after its commit: dispatch and wait, or only ask for a dispatch. */
  afterLocalCommit(): Promise<void>;
  /** Runs `hook` before each delivered batch (see EventDispatcher). */
  beforeEachBatch(hook: () => Promise<void>): void;
}

/** How one delivery went: the handlers that have the event now, and the errors of those that failed. */
export interface DeliveryResult {
  deliveredTo: string[];
  failures: { handler: string; error: string }[];
}

interface Subscription {
  type: string;
  owner: SubscriptionOwner;
  handler: EventHandler;
  /** Stable across restarts for an owner that subscribes in the same order: `<plugin or core>#<type>#<n>`. */
  key: string;
}

/**
 * The event bus. Handlers run in process, each under a timeout and inside its own try/catch, so
 * one plugin's slow or throwing handler is logged with the plugin's name and never stops the
 * other handlers or the publisher.
 *
 * With an outbox attached (the kernel always attaches one), events are durable: a writer stages
 * them in the transaction of its change ({@link stage}), and the dispatcher delivers them after
 * the commit, at least once, in order per customer, retrying the plugin handlers that failed.
 * The `plugin.*` lifecycle events stay in process: they describe this process's plugin host.
 */
export class EventBus {
  private readonly subscriptions = new Set<Subscription>();
  private activationHook: ActivationHook = async () => {};
  private observer: HandlerObserver | undefined;
  private delivery: OutboxDelivery | undefined;
  /** Set while handlers run, so a handler that publishes does not wait for its own delivery. */
  private readonly insideDelivery = new AsyncLocalStorage<true>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly handlerTimeoutMs: number,
  ) {}

  /** Installs the hook that activates lazily loaded plugins before delivery. */
  setActivationHook(hook: ActivationHook): void {
    this.activationHook = hook;
  }

  /** Installs the observer of plugin handler calls. */
  setHandlerObserver(observer: HandlerObserver): void {
    this.observer = observer;
  }

  /** Makes events durable: they go through the outbox that `delivery` dispatches. */
  attachOutbox(delivery: OutboxDelivery): void {
    this.delivery = delivery;
  }

  /** The attached outbox delivery, if any. */
  get outboxDelivery(): OutboxDelivery | undefined {
    return this.delivery;
  }

  /**
   * Subscribes `handler` to `type` on behalf of `owner`. The core may subscribe to `'*'`: every
   * durable event (the workflow engine's triggers and waits).
   */
  subscribe<T extends EventType>(type: T | '*', handler: EventHandler<T>, owner: SubscriptionOwner = null): Disposable {
    const key = `${owner ?? 'core'}#${type}#${[...this.subscriptions].filter((s) => s.owner === owner && s.type === type).length}`;
    const subscription: Subscription = { type, owner, handler: handler as EventHandler, key };
    this.subscriptions.add(subscription);
    return Disposable.create(() => {
      this.subscriptions.delete(subscription);
    });
  }

  /** The number of live subscriptions of one owner; used to prove that deactivation cleans up. */
  subscriptionCount(owner: SubscriptionOwner): number {
    return [...this.subscriptions].filter((s) => s.owner === owner).length;
  }

  /**
   * Publishes an event on its own (not part of a writer's transaction). A durable event is
   * written to the outbox, then delivered; this resolves once the handlers have finished, failed
   * or timed out, unless the dispatcher delivers in the background (`events.awaitDelivery`) or
   * this is called from inside a handler (which must not wait for a delivery that waits for it).
   */
  async publish(type: string, payload: object): Promise<DeliveredEvent> {
    if (!this.delivery || isLocal(type)) {
      const event = this.newEvent(type, payload);
      await this.deliverLocal(event);
      return event;
    }
    const event = await this.delivery.outbox.append(type, payload, this.clock.now());
    await this.afterCommit([{ event, durable: true }]);
    return event;
  }

  /**
   * Stages events in a writer's transaction, in this order: run the statements there (or chain
   * them with the writer's own), then call {@link afterCommit} once committed.
   */
  stage(events: readonly { type: string; payload: object }[]): StagedEvent[] {
    const local = (type: string) => !this.delivery || isLocal(type);
    const durable = this.delivery ? this.delivery.outbox.stage(events.filter((e) => !local(e.type)), this.clock.now()) : [];
    return events.map(({ type, payload }) => (local(type) ? { event: this.newEvent(type, payload), durable: false } : durable.shift()!));
  }

  /** Delivers what a writer staged and committed. */
  async afterCommit(staged: readonly StagedEvent[]): Promise<void> {
    for (const { event, durable } of staged) if (!durable) await this.deliverLocal(event);
    if (!this.delivery || !staged.some((event) => event.durable)) return;
    if (this.insideDelivery.getStore()) this.delivery.schedule();
    else await this.delivery.afterLocalCommit();
  }

  /**
   * Delivers a stored event to every current handler of its type except those in `deliveredTo`
   * (they had it on an earlier attempt). Handlers that fail or time out are reported, to be tried
   * again.
   */
  async deliverStored(event: DeliveredEvent, deliveredTo: readonly string[]): Promise<DeliveryResult> {
    await this.activate(event.eventType);
    const done = new Set(deliveredTo);
    const failures: DeliveryResult['failures'] = [];
    const handlers = [...this.subscriptions].filter((s) => (s.type === event.eventType || s.type === '*') && !done.has(s.key));
    await Promise.all(
      handlers.map(async (subscription) => {
        const error = await this.deliver(subscription, event);
        if (error === undefined) done.add(subscription.key);
        else failures.push({ handler: subscription.key, error });
      }),
    );
    return { deliveredTo: [...done], failures };
  }

  private newEvent(type: string, payload: object): DeliveredEvent {
    return Object.freeze({ eventType: type, ...payload, id: randomUUID(), occurredAt: this.clock.now().toISOString() }) as DeliveredEvent;
  }

  private async deliverLocal(event: DeliveredEvent): Promise<void> {
    await this.activate(event.eventType);
    const handlers = [...this.subscriptions].filter((s) => s.type === event.eventType);
    await Promise.all(handlers.map((subscription) => this.deliver(subscription, event)));
  }

  private async activate(type: string): Promise<void> {
    try {
      await this.activationHook(type);
    } catch (error) {
      this.logger.error({ err: error, eventType: type }, 'activating plugins for an event failed');
    }
  }

  /** Runs one handler; resolves with its error message if it failed, undefined if it succeeded. */
  private async deliver(subscription: Subscription, event: DeliveredEvent): Promise<string | undefined> {
    // The subscription may have been disposed by an earlier handler of the same event.
    if (!this.subscriptions.has(subscription)) return undefined;
    const { owner } = subscription;
    if (owner) this.observer?.handlerCalled(owner);
    try {
      await this.insideDelivery.run(true, () =>
        withTimeout(
          (async () => subscription.handler(event))(),
          this.handlerTimeoutMs,
          () => `The "${event.eventType}" handler of ${owner ? `plugin "${owner}"` : 'the core'} did not finish within ${this.handlerTimeoutMs} ms.`,
        ),
      );
      return undefined;
    } catch (error) {
      this.logger.error(
        { plugin: owner ?? undefined, eventType: event.eventType, eventId: event.id, err: { message: errorMessage(error) } },
        `event handler failed: ${errorMessage(error)}`,
      );
      if (owner) await this.observer?.handlerFailed(owner, error);
      return errorMessage(error);
    }
  }
}

/** The plugin host's lifecycle events describe this process; they are never stored. */
function isLocal(type: string): boolean {
  return type.startsWith('plugin.');
}
