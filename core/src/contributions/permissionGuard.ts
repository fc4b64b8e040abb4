import { CONTEXT_PERMISSIONS, PermissionDeniedError, requirementOf, type MemberRequirement, type Permission } from '@rapport/sdk';

/** Decides whether one call may go ahead; throws to refuse it. */
export type MemberCheck = (operation: string, requirement: MemberRequirement) => void;

/**
 * The data members of `namespace` (a context member such as `customers`, or `subject`), as listed
 * in the SDK's `CONTEXT_PERMISSIONS`, each taken from `implementation` and checked before it runs.
 * Only the listed members are on the result: a core service's other methods stay out of a
 * plugin's reach. Every listed member must be a method of `implementation`, so the table and the
 * services cannot drift apart unnoticed.
 *
 * @example
 * ```ts
 * const customers = guardedMembers<CustomersApi>('customers', customerService, check); // customers.create() checks customers:write
 * ```
 */
export function guardedMembers<T>(namespace: string, implementation: object, check: MemberCheck, only?: readonly string[]): T {
  const members = CONTEXT_PERMISSIONS[namespace];
  if (!members) throw new TypeError(`CONTEXT_PERMISSIONS has no namespace "${namespace}".`);
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const member of only ?? Object.keys(members)) {
    const requirement = requirementOf(namespace, member);
    const method = (implementation as Record<string, unknown>)[member];
    if (!requirement || typeof method !== 'function') throw new TypeError(`${namespace}.${member} is not both in CONTEXT_PERMISSIONS and implemented.`);
    api[member] = async (...args: unknown[]) => {
      check(`${namespace}.${member}()`, requirement);
      return (method as (...a: unknown[]) => unknown).apply(implementation, args);
    };
  }
  return Object.freeze(api) as T;
}

/** A check that grants what `granted` says a plugin's manifest allows, and refuses the rest with the standard error. */
export function permissionCheck(plugin: string, granted: (permission: Permission) => boolean): MemberCheck {
  return (operation, { permission }) => {
    if (permission && !granted(permission)) throw new PermissionDeniedError(plugin, permission, operation);
  };
}
