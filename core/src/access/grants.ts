import { ValidationError } from '@rapport/sdk';
import { isRole, isScope, ROLES, SCOPES, type Role, type Scope } from './scopes.js';

/** What a credential is granted: a role, or an explicit list of scopes (never both). */
export type Grant = { role: Role; scopes?: undefined } | { role?: undefined; scopes: readonly Scope[] };

/** Reads a role given as text, or says which roles there are. */
export function parseRole(value: string, field = 'role'): Role {
  const role = value.trim().toUpperCase();
  if (!isRole(role)) throw new ValidationError(`Unknown role "${value}". The roles are ${ROLES.join(', ')}.`, field);
  return role;
}

/** Reads a list of scopes, refusing the first unknown one and listing the valid ones. */
export function parseScopes(values: readonly string[], field = 'scopes'): Scope[] {
  const scopes = values.map((value) => value.trim()).filter((value) => value !== '');
  const unknown = scopes.find((scope) => !isScope(scope));
  if (unknown !== undefined) throw new ValidationError(`Unknown scope "${unknown}". The scopes are ${SCOPES.join(', ')}.`, field);
  if (scopes.length === 0) throw new ValidationError(`Give at least one scope. The scopes are ${SCOPES.join(', ')}.`, field);
  return [...new Set(scopes as Scope[])].sort((a, b) => SCOPES.indexOf(a) - SCOPES.indexOf(b));
}

/** A grant from a role or a list of scopes as a caller gave them: exactly one of the two. */
export function parseGrant(input: { role?: string | null; scopes?: readonly string[] | null }): Grant {
  const hasRole = input.role !== undefined && input.role !== null;
  const hasScopes = input.scopes !== undefined && input.scopes !== null;
  if (hasRole === hasScopes) {
    throw new ValidationError(`Give an API key either a role (${ROLES.join(', ')}) or a list of scopes, not ${hasRole ? 'both' : 'neither'}.`, 'role');
  }
  return hasRole ? { role: parseRole(input.role!) } : { scopes: parseScopes(input.scopes!) };
}
