/**
 * The scopes of the API (contract §9) and what each role holds. This is the one description of
 * them: the GraphQL schema's `@requiresScope` directives name these, the CLI and `createApiKey`
 * check against them, and docs/security.md's table is generated from them.
 */
export const SCOPES = [
  'customers:read',
  'customers:write',
  'interactions:read',
  'interactions:write',
  'messages:send',
  'conversations:write',
  'workflows:manage',
  'plugins:manage',
  'audit:read',
  'privacy:manage',
  'access:manage',
] as const;

export type Scope = (typeof SCOPES)[number];

export const ROLES = ['ADMIN', 'AGENT', 'VIEWER'] as const;

export type Role = (typeof ROLES)[number];

/** What a scope lets its holder do, for the docs and `createApiKey`'s errors. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope, string>> = {
  'customers:read': 'read customers, conversations, scores, segments, plugins and workflow runs',
  'customers:write': 'create, update and merge customers',
  'interactions:read': 'read interactions (message text included) and subscribe to them',
  'interactions:write': 'record interactions, one at a time or in bulk',
  'messages:send': 'send messages to customers through a channel',
  'conversations:write': 'resolve and reopen conversations',
  'workflows:manage': 'cancel and retry workflow runs',
  'plugins:manage': 'enable and disable plugins',
  'audit:read': 'read the audit log',
  'privacy:manage': 'export and erase a customer\'s personal data',
  'access:manage': 'create and revoke API keys, create users',
};

const AGENT_EXCLUDED: readonly Scope[] = ['plugins:manage', 'audit:read', 'privacy:manage', 'access:manage'];

/**
 * ADMIN holds every scope; AGENT every scope but plugins, audit, privacy and access; VIEWER only
 * the `:read` scopes (the audit log included, so an auditor can be a viewer).
 */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  ADMIN: [...SCOPES],
  AGENT: SCOPES.filter((scope) => !AGENT_EXCLUDED.includes(scope)),
  VIEWER: SCOPES.filter((scope) => scope.endsWith(':read')),
};

/** The scope a field needs when nobody declared one (a plugin's field without `@requiresScope`). */
export const DEFAULT_FIELD_SCOPE: Scope = 'customers:read';

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The scopes a credential holds: its role's, or its own explicit list. */
export function scopesOf(grant: { role?: Role | null; scopes?: readonly Scope[] | null }): ReadonlySet<Scope> {
  if (grant.role) return new Set(ROLE_SCOPES[grant.role]);
  return new Set(grant.scopes ?? []);
}
