import { serviceToken } from '@rapport/sdk';
import type { Principal } from './Principal.js';

/** Turns the bearer token of a request into its principal. */
export interface Authenticator {
  /**
   * The principal of an API key (`rk_…`) or a session token, or undefined when the token is
   * unknown, revoked or expired. Checked against the database on every call, so a revocation
   * holds at once on every instance.
   */
  authenticate(token: string): Promise<Principal | undefined>;
}
export const Authenticator = serviceToken<Authenticator>('rapport.core.Authenticator');
