import { Disposable } from './disposable.js';

/**
 * A typed in-process event that listeners subscribe to, in the style of VS Code's `Event<T>`.
 * Subscribing returns a {@link Disposable} that removes the listener.
 *
 * This is for local notifications inside a plugin or between a plugin and its dependents. Domain
 * events that must survive a crash go through `ctx.events` instead.
 *
 * @example
 * ```ts
 * const subscription = emitter.event((value) => console.log(value));
 * subscription.dispose();
 * ```
 */
export type Event<T> = (listener: (value: T) => unknown) => Disposable;

/**
 * Owns an {@link Event} and fires it. Listeners run synchronously in subscription order; one
 * listener that throws does not stop the others, and its error is passed to `onListenerError`.
 *
 * @example
 * ```ts
 * const tierChanged = new EventEmitter<{ customerId: string; tier: string }>();
 * export const onTierChanged = tierChanged.event;
 * tierChanged.fire({ customerId: 'c1', tier: 'gold' });
 * ```
 */
export class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => unknown>();
  private disposed = false;

  /**
   * @param onListenerError - receives the error of a listener that threw; by default the error is
   *   rethrown asynchronously so that it is reported without interrupting the other listeners.
   */
  constructor(
    private readonly onListenerError: (error: unknown) => void = (error) => {
      queueMicrotask(() => {
        throw error;
      });
    },
  ) {}

  /** The event that consumers subscribe to. */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return Disposable.none;
    this.listeners.add(listener);
    return Disposable.create(() => {
      this.listeners.delete(listener);
    });
  };

  /** The number of listeners currently subscribed. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Calls every listener with `value`. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Removes every listener; later subscriptions are ignored. */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
