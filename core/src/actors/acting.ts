import { AsyncLocalStorage } from 'node:async_hooks';
import { SYSTEM_ACTOR, type ActionCause, type Actor } from './Actor.js';

/**
 * Who is acting in the current asynchronous flow, and on whose request. The GraphQL pipeline sets
 * it for a request, the plugin context for a plugin's writes, the event dispatcher and the workflow
 * engine for what they hand to plugins. Writes read it to attribute their audit event.
 *
 * It travels with the async flow (AsyncLocalStorage) rather than through every service's
 * parameters, because the same service call is made on behalf of a user, a key, a plugin or the
 * system, and the write deep down must still say which.
 */
export interface Acting {
  actor: Actor;
  /** The HTTP request's id (`x-request-id`), when a request caused it. */
  requestId?: string;
  /** The event or workflow run that caused it, when a plugin or the system acts on one. */
  cause?: ActionCause;
}

const storage = new AsyncLocalStorage<Acting>();

const SYSTEM_ACTING: Acting = Object.freeze({ actor: SYSTEM_ACTOR });

/** Who is acting now; the system when nobody said otherwise. */
export function actingNow(): Acting {
  return storage.getStore() ?? SYSTEM_ACTING;
}

/** Runs `work` with `acting` as who acts, for everything it awaits. */
export function actAs<T>(acting: Acting, work: () => T): T {
  return storage.run(acting, work);
}

/**
 * Runs `work` as `actor`, keeping the request id and the cause of the flow it runs in: a plugin
 * writing while it handles an event keeps that event as the cause.
 */
export function actAsWithin<T>(actor: Actor, work: () => T, cause?: ActionCause): T {
  const outer = storage.getStore();
  return storage.run({ actor, requestId: outer?.requestId, cause: cause ?? outer?.cause }, work);
}
