import { inject, injectable } from 'inversify';
import { ApiKeys } from './ApiKeys.js';
import type { Authenticator } from './Authenticator.js';
import { API_KEY_PREFIX, SESSION_PREFIX } from './credentialTokens.js';
import type { Principal } from './Principal.js';
import { Sessions } from './Sessions.js';

/**
 * The {@link Authenticator} of the stored credentials: a token's prefix says whether it is an API
 * key (`rk_`) or a session (`rs_`), and one lookup by its hash says whose it is. Anything else is
 * not a credential of ours and is refused without a query.
 */
@injectable()
export class CredentialAuthenticator implements Authenticator {
  constructor(
    @inject(ApiKeys) private readonly apiKeys: ApiKeys,
    @inject(Sessions) private readonly sessions: Sessions,
  ) {}

  authenticate(token: string): Promise<Principal | undefined> {
    if (token.startsWith(API_KEY_PREFIX)) return this.apiKeys.authenticate(token);
    if (token.startsWith(SESSION_PREFIX)) return this.sessions.authenticate(token);
    return Promise.resolve(undefined);
  }
}
