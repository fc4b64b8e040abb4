import { REGISTERED_CONTRIBUTION_KINDS } from './contributionKinds.js';
import type { Permission } from './manifest.js';

/** What one context member needs: a permission from the manifest, or a rule of its own. */
export interface MemberRequirement {
  /** The permission in `rapport.permissions` the call needs; `null` when it needs none. */
  readonly permission: Permission | null;
  /** A rule the call follows besides (or instead of) a permission, for a person to read. */
  readonly rule?: string;
}

const needs = (permission: Permission, rule?: string): MemberRequirement => Object.freeze({ permission, ...(rule && { rule }) });
const free = (rule: string): MemberRequirement => Object.freeze({ permission: null, rule });

/** The registration calls, one per contribution kind, with what the kind says they need. */
function registrations(): Record<string, Record<string, MemberRequirement>> {
  const byNamespace: Record<string, Record<string, MemberRequirement>> = {};
  for (const kind of REGISTERED_CONTRIBUTION_KINDS) {
    const [namespace, method] = kind.register.split('.') as [string, string];
    const rule = `the ${kind.noun} must be declared in rapport.contributes.${kind.field}`;
    (byNamespace[namespace] ??= {})[method] = kind.permission ? needs(kind.permission, rule) : free(rule);
  }
  return byNamespace;
}

const registration = registrations();

/**
 * What every member of a plugin's context, and of the subject a scoring rule or segmentation
 * model evaluates, needs: the one table the host checks calls against, the test host follows and
 * the permissions table in the documentation is generated from. A call outside a plugin's
 * permissions throws {@link PermissionDeniedError}, naming the call, the permission and the file
 * to add it to.
 *
 * @example
 * ```ts
 * CONTEXT_PERMISSIONS.customers.create.permission; // 'customers:write'
 * CONTEXT_PERMISSIONS.subject.score.permission;    // 'customers:read'
 * ```
 */
export const CONTEXT_PERMISSIONS: Readonly<Record<string, Readonly<Record<string, MemberRequirement>>>> = Object.freeze({
  clock: {
    now: free('the host\'s clock (the fake clock on the test host)'),
    setTimer: free('pending timers are cancelled when the plugin is deactivated'),
  },
  storage: {
    get: needs('storage'),
    set: needs('storage'),
    delete: needs('storage'),
    keys: needs('storage'),
  },
  customers: {
    get: needs('customers:read'),
    find: needs('customers:read'),
    create: needs('customers:write'),
    update: needs('customers:write'),
    setAttributes: needs('customers:write'),
    merge: needs('customers:write'),
  },
  interactions: {
    record: needs('interactions:write'),
    get: needs('interactions:read'),
    list: needs('interactions:read'),
    find: needs('interactions:read'),
    updateDelivery: needs('interactions:write'),
  },
  conversations: {
    get: needs('interactions:read'),
    list: needs('interactions:read'),
    resolve: needs('interactions:write'),
    reopen: needs('interactions:write'),
  },
  events: {
    on: free('any event type'),
    publish: free('only the plugin\'s own event types; core events are published by the core'),
  },
  channels: {
    ...registration.channels,
    send: needs('messages:send'),
  },
  scoring: {
    ...registration.scoring,
    get: needs('customers:read'),
  },
  segmentation: {
    ...registration.segmentation,
    membershipsOf: needs('customers:read'),
  },
  workflows: {
    ...registration.workflows,
    start: needs('workflows:run', 'only the plugin\'s own workflows'),
  },
  privacy: {
    ...registration.privacy,
  },
  bots: {
    ...registration.bots,
  },
  annotators: {
    ...registration.annotators,
  },
  graphql: {
    registerResolvers: free('rapport.contributes.graphql must name the schema file'),
  },
  plugins: {
    getExports: free('the plugin must be listed in rapport.pluginDependencies'),
  },
  subject: {
    interactions: needs('interactions:read'),
    conversations: needs('interactions:read'),
    score: needs('customers:read'),
    segments: needs('customers:read'),
  },
});

/**
 * The requirement of one call, e.g. `requirementOf('customers', 'create')`; `undefined` for a
 * member the table does not list.
 */
export function requirementOf(namespace: string, member: string): MemberRequirement | undefined {
  const members = CONTEXT_PERMISSIONS[namespace];
  return members && Object.hasOwn(members, member) ? members[member] : undefined;
}
