import type { IncomingHttpHeaders } from 'node:http';

/** What the `Authorization` header of a request says. */
export type PresentedCredential =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  /** A header that is there but is not `Bearer <token>`: refused, never treated as anonymous. */
  | { kind: 'malformed'; reason: string };

/** Tokens are base64url with a prefix; anything longer than this is not one of ours. */
const MAX_TOKEN_LENGTH = 512;

/** Reads `Authorization: Bearer <token>` (the scheme is case-insensitive, as RFC 6750 says). */
export function presentedCredential(headers: IncomingHttpHeaders): PresentedCredential {
  const header = headers.authorization;
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return { kind: 'malformed', reason: 'the Authorization header must be "Bearer <API key or session token>"' };
  const token = match[1]!;
  if (token.length > MAX_TOKEN_LENGTH) return { kind: 'malformed', reason: 'the bearer token is too long to be a Rapport credential' };
  return { kind: 'bearer', token };
}
