import { Disposable, type Event } from '@rapport/sdk';

/** What a listener of an {@link AsyncEmitter} receives: the value, and a way to make the firer wait. */
export type WaitUntilEvent<T> = T & {
  /** The firer waits for `work` before it goes on; a rejection is the firer's error. */
  waitUntil(work: Promise<unknown>): void;
};

/**
 * An event whose firer waits for what its listeners start, in the manner of VS Code's `IWaitUntil`
 * events (`onWillSaveTextDocument`). A lower layer announces that something is about to happen
 * (a delivery, the use of a channel), and a higher one that must prepare for it (the plugin host,
 * activating plugins) listens, without the lower layer knowing who it is.
 */
export class AsyncEmitter<T extends object> {
  private readonly listeners = new Set<(event: WaitUntilEvent<T>) => void>();

  /** The event listeners subscribe to. */
  readonly event: Event<WaitUntilEvent<T>> = (listener) => {
    this.listeners.add(listener);
    return Disposable.create(() => {
      this.listeners.delete(listener);
    });
  };

  /**
   * Calls every listener, then waits for everything they asked to wait for. Rejects with the first
   * error once all of it has settled, so no work is left running behind the caller's back.
   */
  async fireAsync(value: T): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const listener of [...this.listeners]) {
      try {
        listener({ ...value, waitUntil: (work) => void pending.push(work) });
      } catch (error) {
        pending.push(Promise.reject(error));
      }
    }
    if (pending.length === 0) return;
    const outcomes = await Promise.allSettled(pending);
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }
}
