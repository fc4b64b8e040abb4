import { serviceToken } from '@rapport/sdk';
import type { Principal } from './Principal.js';

/** Turns the bearer token of a request into its principal. */
export interface Authenticator {
  /**
   * The principal of an API key (`rk_…`) or a session token, or undefined when the token is
   * unknown, revoked or expired. A revocation holds at once on every instance: the principal is
   * read from the database, or kept only while the database announces every change (CredentialCache).
   */
  authenticate(token: string): Promise<Principal | undefined>;
}
export const Authenticator = serviceToken<Authenticator>('rapport.core.Authenticator');
