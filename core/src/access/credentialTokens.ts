import { createHash, randomBytes } from 'node:crypto';

/** The prefix of an API key's token. */
export const API_KEY_PREFIX = 'rk_';

/** The prefix of a session token from `login`. */
export const SESSION_PREFIX = 'rs_';

/** Random bytes per token: 256 bits, beyond any guessing. */
const TOKEN_BYTES = 32;

/** How many characters of an API key are kept in the clear, to recognise it in `keys list`. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

/** A fresh secret token: the prefix and 32 random bytes in base64url. */
export function newToken(prefix: typeof API_KEY_PREFIX | typeof SESSION_PREFIX): string {
  return prefix + randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * The stored form of a token: its SHA-256, in hex. A slow hash would add nothing here: the tokens
 * carry 256 random bits, so nobody can try candidates against a leaked hash, and a fast hash keeps
 * authenticating a request to one lookup by primary key.
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The first characters of an API key (`rk_AbC123`), stored to tell keys apart. */
export function displayPrefix(token: string): string {
  return token.slice(0, DISPLAY_PREFIX_LENGTH);
}
