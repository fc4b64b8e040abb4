import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Disposable, type Clock, type DeliveredEvent, type EventHandler, type EventType } from '@rapport/sdk';
import { errorMessage } from '../util/errorMessage.js';
import { withTimeout } from '../util/withTimeout.js';

/** Who owns a subscription: a plugin's name, or `null` for the core itself. */
export type SubscriptionOwner = string | null;

/** Told about every handler call, so the plugin host can keep figures and trip breakers. */
export interface HandlerObserver {
  handlerCalled(owner: string): void;
  handlerFailed(owner: string, error: unknown): void | Promise<void>;
}

/** Called before an event is delivered, so the plugin host can activate `onEvent` plugins first. */
export type ActivationHook = (type: string) => Promise<void>;

interface Subscription {
  type: string;
  owner: SubscriptionOwner;
  handler: EventHandler;
}

/**
 * The in-process event bus. Every handler runs under a timeout and inside its own try/catch, so
 * one plugin's slow or throwing handler is logged with the plugin's name and never stops the
 * other handlers or the publisher.
 */
export class EventBus {
  private readonly subscriptions = new Set<Subscription>();
  private activationHook: ActivationHook = async () => {};
  private observer: HandlerObserver | undefined;

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

  /** Subscribes `handler` to `type` on behalf of `owner`. */
  subscribe<T extends EventType>(type: T, handler: EventHandler<T>, owner: SubscriptionOwner = null): Disposable {
    const subscription: Subscription = { type, owner, handler: handler as EventHandler };
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
   * Publishes an event: activates the plugins waiting for it, then delivers it to every handler
   * and waits until each has finished, failed or timed out.
   */
  async publish(type: string, payload: object): Promise<DeliveredEvent> {
    const event = Object.freeze({ eventType: type, ...payload, id: randomUUID(), occurredAt: this.clock.now().toISOString() }) as DeliveredEvent;
    try {
      await this.activationHook(type);
    } catch (error) {
      this.logger.error({ err: error, eventType: type }, 'activating plugins for an event failed');
    }
    const handlers = [...this.subscriptions].filter((s) => s.type === type);
    await Promise.all(handlers.map((subscription) => this.deliver(subscription, event)));
    return event;
  }

  private async deliver(subscription: Subscription, event: DeliveredEvent): Promise<void> {
    // The subscription may have been disposed by an earlier handler of the same event.
    if (!this.subscriptions.has(subscription)) return;
    const { owner } = subscription;
    if (owner) this.observer?.handlerCalled(owner);
    try {
      await withTimeout(
        (async () => subscription.handler(event))(),
        this.handlerTimeoutMs,
        () => `The "${event.eventType}" handler of ${owner ? `plugin "${owner}"` : 'the core'} did not finish within ${this.handlerTimeoutMs} ms.`,
      );
    } catch (error) {
      this.logger.error(
        { plugin: owner ?? undefined, eventType: event.eventType, eventId: event.id, err: { message: errorMessage(error) } },
        `event handler failed: ${errorMessage(error)}`,
      );
      if (owner) await this.observer?.handlerFailed(owner, error);
    }
  }
}
