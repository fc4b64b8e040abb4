/**
 * Something that holds a resource or a registration and can release it.
 *
 * Every registration made through a {@link PluginContext} returns a `Disposable`. The host
 * disposes everything in `ctx.subscriptions` when the plugin is deactivated, so a plugin only
 * needs to dispose by hand what it wants to release earlier.
 *
 * @example
 * ```ts
 * const registration = ctx.events.on('customer.created', handler);
 * ctx.subscriptions.push(registration);
 * ```
 */
export interface Disposable {
  /** Releases the resource. Calling it a second time does nothing. */
  dispose(): void | Promise<void>;
}

/** Helpers to build {@link Disposable} values. */
export const Disposable = {
  /**
   * Wraps a clean-up function into a Disposable that runs it at most once.
   *
   * @example
   * ```ts
   * const timer = setInterval(tick, 1000);
   * ctx.subscriptions.push(Disposable.create(() => clearInterval(timer)));
   * ```
   */
  create(dispose: () => void | Promise<void>): Disposable {
    let disposed = false;
    return {
      dispose() {
        if (disposed) return;
        disposed = true;
        return dispose();
      },
    };
  },

  /**
   * Combines several Disposables into one that disposes them in reverse order, so resources are
   * released in the opposite order of their acquisition.
   *
   * @example
   * ```ts
   * const both = Disposable.from(first, second);
   * await both.dispose();
   * ```
   */
  from(...disposables: Disposable[]): Disposable {
    return Disposable.create(async () => {
      for (const disposable of [...disposables].reverse()) await disposable.dispose();
    });
  },

  /** A Disposable that does nothing; useful as a default. */
  none: Object.freeze({ dispose() {} }) as Disposable,
};
