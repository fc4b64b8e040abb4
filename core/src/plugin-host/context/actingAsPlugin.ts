import { actAsWithin } from '../../actors/acting.js';
import { pluginActor } from '../../actors/Actor.js';

/**
 * The same members, each run as the plugin: what a plugin writes through its context is
 * attributed to it in the audit log, with the event or workflow run it handles as the cause
 * (`actAsWithin` keeps the ambient cause and request id).
 *
 * @example
 * ```ts
 * const customers = actingAsPlugin('@acme/loyalty', guardedMembers('customers', customerService, check));
 * ```
 */
export function actingAsPlugin<T extends object>(plugin: string, api: T): T {
  const actor = pluginActor(plugin);
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(api)) {
    wrapped[name] = typeof member === 'function' ? (...args: unknown[]) => actAsWithin(actor, () => (member as (...a: unknown[]) => unknown)(...args)) : member;
  }
  return Object.freeze(wrapped) as T;
}
