import { serviceToken } from '@rapport/sdk';

/** How credentials behave in this deployment (`auth` in rapport.config.json). */
export interface AuthOptions {
  /** How long a session from `login` lasts, in milliseconds. */
  sessionTtlMs: number;
}

/** The container token of the deployment's {@link AuthOptions}. */
export const AuthOptions = serviceToken<AuthOptions>('rapport.core.AuthOptions');

/** Twelve hours, as `auth.sessionTtl` defaults to. */
export const DEFAULT_AUTH_OPTIONS: AuthOptions = Object.freeze({ sessionTtlMs: 12 * 60 * 60 * 1000 });
