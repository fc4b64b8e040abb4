import { isRetryable } from './SqlSession.js';

/** Runs `write` again (at most twice more) when it lost a race on a unique key or a deadlock. */
export async function retryOnConflict<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
    }
  }
}
