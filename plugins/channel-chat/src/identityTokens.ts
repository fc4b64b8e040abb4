import { errors, jwtVerify } from 'jose';
import { ChatHttpError } from './http.js';

/** What a valid identity token says about the visitor, as the business signed it. */
export interface VerifiedIdentity {
  /** The business's own user id. */
  sub: string;
  email: string;
  name: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks an identity token from `RapportChat.identify(token)`: a JWT, HS256, signed with the
 * `identitySecret` setting, with `sub`, `email`, `name` and `exp`. Nothing in it is trusted
 * before the signature is.
 *
 * @throws ChatHttpError 403 `IDENTIFY_NOT_CONFIGURED` without a secret; 401
 *   `INVALID_IDENTITY_TOKEN` for a token that is unsigned, wrongly signed, expired or incomplete.
 */
export async function verifyIdentityToken(token: unknown, secret: string | undefined): Promise<VerifiedIdentity> {
  if (!secret) {
    throw new ChatHttpError(
      403,
      'IDENTIFY_NOT_CONFIGURED',
      'This chat does not accept identity tokens: set identitySecret (at least 32 characters, the key your website signs identity tokens with) in the settings of @rapport/plugin-channel-chat.',
    );
  }
  if (typeof token !== 'string' || token.length === 0) {
    throw new ChatHttpError(400, 'BAD_REQUEST', 'Send the identity token as {"token": "<JWT>"}: a JWT signed (HS256) with identitySecret, with sub, email, name and exp.');
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], requiredClaims: ['sub', 'email', 'name', 'exp'] }));
  } catch (error) {
    throw new ChatHttpError(401, 'INVALID_IDENTITY_TOKEN', `The identity token was refused: ${reason(error)}`);
  }
  const { sub, email, name } = payload;
  if (typeof sub !== 'string' || typeof email !== 'string' || !EMAIL.test(email) || typeof name !== 'string') {
    throw new ChatHttpError(401, 'INVALID_IDENTITY_TOKEN', 'The identity token was refused: sub, email and name must be strings and email an email address.');
  }
  return { sub, email: email.toLowerCase(), name: name.trim() };
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired (exp is in the past). Sign a new one for each page load, valid for a few minutes.';
  if (error instanceof errors.JWTClaimValidationFailed) return `its claim "${error.claim}" is missing or wrong (${error.reason}). It needs sub, email, name and exp.`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'it is not signed with HS256. Sign it with HS256 and identitySecret.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not match. Sign it with the identitySecret configured for the chat plugin.';
  return 'it is not a JWT signed with HS256. Sign it with identitySecret, e.g. with jose: new SignJWT({ email, name }).setSubject(userId).setExpirationTime("10m").setProtectedHeader({ alg: "HS256" }).sign(key).';
}
