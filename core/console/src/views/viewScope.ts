/** A disposable the view may return, or anything with a `dispose()`. */
interface DisposableLike {
  dispose(): unknown;
}

/** The scope a view's `render` gets (`ViewScope` in @rapport/sdk): clean-ups run when the panel goes away or its object changes. */
export interface ViewScope {
  onDispose(dispose: () => void): DisposableLike;
  readonly disposed: boolean;
  dispose(): void;
}

/**
 * A new scope. Clean-ups run newest first; one that throws does not stop the others, and its
 * error goes to `onError` (the panel is going away, so there is nowhere to show it but the log).
 */
export function createViewScope(onError: (error: unknown) => void): ViewScope {
  const cleanups: (() => void)[] = [];
  let disposed = false;
  const run = (cleanup: () => void) => {
    try {
      cleanup();
    } catch (error) {
      onError(error);
    }
  };
  return {
    get disposed() {
      return disposed;
    },
    onDispose(cleanup) {
      if (disposed) {
        run(cleanup);
        return { dispose: () => undefined };
      }
      cleanups.push(cleanup);
      return {
        dispose: () => {
          const index = cleanups.indexOf(cleanup);
          if (index >= 0) cleanups.splice(index, 1);
        },
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const cleanup of cleanups.splice(0).reverse()) run(cleanup);
    },
  };
}

/** What `render` returned, as a clean-up: a function, a Disposable, or nothing. */
export function cleanupOf(result: unknown): (() => void) | undefined {
  if (typeof result === 'function') return result as () => void;
  if (result && typeof (result as DisposableLike).dispose === 'function') return () => void (result as DisposableLike).dispose();
  return undefined;
}
