import type { Actor } from '../actors/Actor.js';
import type { Role, Scope } from './scopes.js';

/** An authenticated caller of the API: who it is, and what it may do. */
export interface Principal {
  actor: Actor;
  /** Its role, when it has one (users always; API keys when created with a role). */
  role?: Role;
  scopes: ReadonlySet<Scope>;
  /**
   * The credential it presented: an API key or a session of a signed-in user, with the moment it
   * expires when it does (sessions), and the moment it must be read again at the latest when it
   * is kept (a key's next `lastUsedAt` stamp is due then: see CredentialCache).
   */
  credential: { kind: 'apiKey' | 'session'; id: string; expiresAt?: Date; readAgainBy?: Date };
}
