import { AsyncLocalStorage } from 'node:async_hooks';
import { inject, injectable } from 'inversify';
import { Disposable, serviceToken, type DeliveredEvent, type EventHandler, type EventType } from '@rapport/sdk';
import { actAs } from '../actors/acting.js';
import { pluginActor, SYSTEM_ACTOR } from '../actors/Actor.js';
import { PluginActivation } from '../contributions/PluginActivation.js';
import { PluginCalls } from '../contributions/PluginCalls.js';
import { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import { Logger } from '../logging/Logger.js';
import { PLUGIN_ATTRIBUTE, withSpan } from '../tracing/spans.js';
import { errorMessage } from '../util/errorMessage.js';
import { withTimeout } from '../util/withTimeout.js';

/** Who owns a subscription: a plugin's name, or `null` for the core itself. */
export type SubscriptionOwner = string | null;

/** How one delivery went: the handlers that have the event now, and the errors of those that failed. */
export interface DeliveryResult {
  deliveredTo: string[];
  failures: { handler: string; error: string }[];
}

/**
 * The subscribers of events and the running of their handlers: each handler in its own try/catch
 * under the handler budget, so one plugin's slow or throwing handler is logged with its name,
 * counted against it, and never stops the other handlers or the publisher.
 */
export interface EventHandlers {
  /**
   * Subscribes `handler` to `type` on behalf of `owner`. The core may subscribe to `'*'`: every
   * durable event (the workflow engine's triggers and waits).
   */
  subscribe<T extends EventType>(type: T | '*', handler: EventHandler<T>, owner?: SubscriptionOwner): Disposable;
  /** The number of live subscriptions of one owner; used to prove that deactivation cleans up. */
  subscriptionCount(owner: SubscriptionOwner): number;
  /**
   * Delivers a stored event to every current handler of its type (and of `'*'`) except those in
   * `deliveredTo` (they had it on an earlier attempt); failures are reported, to be tried again.
   */
  deliverStored(event: DeliveredEvent, deliveredTo: readonly string[]): Promise<DeliveryResult>;
  /** Delivers a process-local event (the `plugin.*` lifecycle events) to the handlers of its type. */
  deliverLocal(event: DeliveredEvent): Promise<void>;
  /** True inside a handler, so a handler that publishes does not wait for its own delivery. */
  readonly insideHandler: boolean;
}

/** The container token of {@link EventHandlers}. */
export const EventHandlers = serviceToken<EventHandlers>('rapport.core.EventHandlers');

interface Subscription {
  type: string;
  owner: SubscriptionOwner;
  handler: EventHandler;
  /** Stable across restarts for an owner that subscribes in the same order: `<plugin or core>#<type>#<n>`. */
  key: string;
}

/** {@link EventHandlers} in process. Plugins waiting for `onEvent:<type>` are activated before delivery. */
@injectable()
export class InProcessEventHandlers implements EventHandlers {
  private readonly subscriptions = new Set<Subscription>();
  private readonly insideDelivery = new AsyncLocalStorage<true>();

  constructor(
    @inject(Logger) private readonly logger: Logger,
    @inject(PluginHostOptions) private readonly budgets: PluginHostOptions,
    @inject(PluginActivation) private readonly activation: PluginActivation,
    @inject(PluginCalls) private readonly calls: PluginCalls,
  ) {}

  subscribe<T extends EventType>(type: T | '*', handler: EventHandler<T>, owner: SubscriptionOwner = null): Disposable {
    const key = `${owner ?? 'core'}#${type}#${[...this.subscriptions].filter((s) => s.owner === owner && s.type === type).length}`;
    const subscription: Subscription = { type, owner, handler: handler as EventHandler, key };
    this.subscriptions.add(subscription);
    return Disposable.create(() => {
      this.subscriptions.delete(subscription);
    });
  }

  subscriptionCount(owner: SubscriptionOwner): number {
    return [...this.subscriptions].filter((s) => s.owner === owner).length;
  }

  get insideHandler(): boolean {
    return this.insideDelivery.getStore() === true;
  }

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

  async deliverLocal(event: DeliveredEvent): Promise<void> {
    await this.activate(event.eventType);
    const handlers = [...this.subscriptions].filter((s) => s.type === event.eventType);
    await Promise.all(handlers.map((subscription) => this.deliver(subscription, event)));
  }

  private async activate(type: string): Promise<void> {
    try {
      await this.activation.activateByEvent(`onEvent:${type}`);
    } catch (error) {
      this.logger.error({ err: error, eventType: type }, 'activating plugins for an event failed');
    }
  }

  /** Runs one handler; resolves with its error message if it failed, undefined if it succeeded. */
  private async deliver(subscription: Subscription, event: DeliveredEvent): Promise<string | undefined> {
    // The subscription may have been disposed by an earlier handler of the same event.
    if (!this.subscriptions.has(subscription)) return undefined;
    const { owner } = subscription;
    const { handlerTimeoutMs } = this.budgets;
    if (owner) this.calls.called(owner);
    // What a handler writes is its owner's, caused by this event, whoever's request started the
    // delivery pass (its request id does not carry over).
    const acting = { actor: owner ? pluginActor(owner) : SYSTEM_ACTOR, cause: { kind: 'event' as const, id: event.id } };
    try {
      await withSpan(
        `event handler ${event.eventType}`,
        { 'rapport.event.type': event.eventType, 'rapport.event.id': event.id, 'rapport.handler': subscription.key, ...(owner && { [PLUGIN_ATTRIBUTE]: owner }) },
        () =>
          this.insideDelivery.run(true, () =>
            withTimeout(
              actAs(acting, async () => subscription.handler(event)),
              handlerTimeoutMs,
              () => `The "${event.eventType}" handler of ${owner ? `plugin "${owner}"` : 'the core'} did not finish within ${handlerTimeoutMs} ms.`,
            ),
          ),
      );
      return undefined;
    } catch (error) {
      this.logger.error(
        { plugin: owner ?? undefined, eventType: event.eventType, eventId: event.id, err: { message: errorMessage(error) } },
        `event handler failed: ${errorMessage(error)}`,
      );
      if (owner) await this.calls.failed({ plugin: owner, error, where: `the "${event.eventType}" handler`, surfaced: false });
      return errorMessage(error);
    }
  }
}
