import { createHash, randomBytes } from 'node:crypto';

/** A new link token: 32 random bytes, base64url. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of a token. A plain SHA-256 is enough: the token is 256 random bits, so there
 * is nothing to guess that a slow hash would protect.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A random reference for a member of a round: no order, no time, no customer id in it. */
export function newRef(): string {
  return randomBytes(12).toString('base64url');
}
