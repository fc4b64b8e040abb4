import { TimeoutError } from '@rapport/sdk';

/**
 * Resolves or rejects like `work`, or rejects with a {@link TimeoutError} after `timeoutMs` of
 * real time. JavaScript cannot stop the work itself; the caller stops waiting for it and treats
 * the plugin as failed, which is what containment needs.
 *
 * Real time, not the domain clock, on purpose: budgets protect the process from hangs, and a
 * fake clock that nobody advances would make them never fire.
 */
export async function withTimeout<T>(work: Promise<T> | T, timeoutMs: number, describe: () => string): Promise<T> {
  const pending = Promise.resolve(work);
  // If the timeout wins, a later rejection of the abandoned work must not become an unhandled
  // rejection that takes the process down: that is exactly the containment this function gives.
  pending.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(describe(), timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
