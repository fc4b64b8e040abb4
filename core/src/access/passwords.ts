import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { ValidationError } from '@rapport/sdk';

/** The shortest password a user may have. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * argon2id (the package's `Algorithm.Argon2id`; its enum is `const`, which isolated modules cannot
 * read) with the package's defaults, which are OWASP's: 19 MiB, 2 passes, 1 lane.
 */
const ARGON2ID = 2 as Algorithm;

/** Refuses a password that is too short, naming the rule. */
export function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long; the one given has ${password.length}.`, field);
  }
}

/** The argon2id hash of a password, in PHC form (`$argon2id$v=19$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** Whether `password` matches a stored hash; false (never an error) for a malformed hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password, made once, to verify against when the email is unknown: a login
 * then costs the same argon2 time whether the user exists or not, so the answer time does not
 * tell which emails have accounts.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}
