import { inject, injectable } from 'inversify';
import { Clock } from '../clock/Clock.js';
import { CREDENTIAL_CHANGES_CHANNEL } from '../persistence/migrations/0008_credential_changes.js';
import { Database } from '../persistence/openDatabase.js';
import { ApiKeys } from './ApiKeys.js';
import type { Authenticator } from './Authenticator.js';
import { CredentialCache } from './CredentialCache.js';
import { API_KEY_PREFIX, SESSION_PREFIX } from './credentialTokens.js';
import type { Principal } from './Principal.js';
import { Sessions } from './Sessions.js';

/**
 * The {@link Authenticator} of the stored credentials: a token's prefix says whether it is an API
 * key (`rk_`) or a session (`rs_`), and one lookup by its hash says whose it is, kept while the
 * database announces every credential change (see CredentialCache). Anything else is not a
 * credential of ours and is refused without a query.
 */
@injectable()
export class CredentialAuthenticator implements Authenticator {
  private readonly cache: CredentialCache;

  constructor(
    @inject(ApiKeys) private readonly apiKeys: ApiKeys,
    @inject(Sessions) private readonly sessions: Sessions,
    @inject(Database) database: Database,
    @inject(Clock) clock: Clock,
  ) {
    this.cache = new CredentialCache(() => database.watch(CREDENTIAL_CHANGES_CHANNEL), clock);
  }

  authenticate(token: string): Promise<Principal | undefined> {
    if (token.startsWith(API_KEY_PREFIX)) return this.cache.through(token, () => this.apiKeys.authenticate(token));
    if (token.startsWith(SESSION_PREFIX)) return this.cache.through(token, () => this.sessions.authenticate(token));
    return Promise.resolve(undefined);
  }
}
