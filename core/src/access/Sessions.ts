import { inject, injectable } from 'inversify';
import { RapportError, serviceToken } from '@rapport/sdk';
import { actAsWithin } from '../actors/acting.js';
import type { Actor } from '../actors/Actor.js';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { CREDENTIAL_CHANGES_CHANNEL } from '../persistence/migrations/0008_credential_changes.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { orderedUuid } from '../util/orderedUuid.js';
import { AuthOptions } from './AuthOptions.js';
import { newToken, SESSION_PREFIX, tokenHash } from './credentialTokens.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import type { Principal } from './Principal.js';
import { scopesOf, type Role } from './scopes.js';
import { normalizeEmail, readUser, USER_COLUMNS, type User } from './Users.js';

/** A signed-in user's session; its token is the bearer credential, shown once. */
export interface Session {
  token: string;
  expiresAt: Date;
  user: User;
}

/**
 * Sessions of signed-in users: `login` makes one, `logout` ends it at once. A session lasts
 * `auth.sessionTtlMs`; the database is asked on every request, so an ended session is refused by
 * every instance from the next request on.
 */
export interface Sessions {
  /** A new session; UNAUTHENTICATED, the same for a wrong email as for a wrong password, otherwise. */
  login(email: string, password: string): Promise<Session>;
  /** Ends the session of this token. False when it is not a live session. */
  logout(token: string): Promise<boolean>;
  /** The principal of a session token, or undefined when it is unknown, ended or expired. */
  authenticate(token: string): Promise<Principal | undefined>;
}

/** The container token of the {@link Sessions}. */
export const Sessions = serviceToken<Sessions>('rapport.core.Sessions');

const WRONG_CREDENTIALS = 'Wrong email or password. Check both and log in again.';

/** The {@link Sessions} in the `sessions` table (migration 0007), keyed by the SHA-256 of the token. */
@injectable()
export class SqlSessions implements Sessions {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuthOptions) private readonly options: AuthOptions,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async login(email: string, password: string): Promise<Session> {
    const row = await SqlSession.autocommit(this.database).one(`select ${USER_COLUMNS}, password_hash from users where email = ?`, [normalizeEmail(email)]);
    // An unknown email is checked against a dummy hash, so it costs the same time as a wrong password.
    const matches = await verifyPassword(row ? String(row.password_hash) : await dummyPasswordHash(), password);
    if (!row || !matches) throw new RapportError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    const user = readUser(row);
    // Said only to whoever knows the password: it tells nothing to someone guessing emails.
    if (user.disabledAt) throw new RapportError('UNAUTHENTICATED', 'This user was deactivated by an admin. Ask an admin to reactivate it (reactivateUser).');
    const token = newToken(SESSION_PREFIX);
    const now = this.clock.now();
    const session = { id: orderedUuid(), expiresAt: new Date(now.getTime() + this.options.sessionTtlMs) };
    const actor: Actor = { kind: 'USER', id: user.id, name: user.email };
    // The user acts: login is anonymous, and the audit event must name who signed in.
    await actAsWithin(actor, () =>
      SqlSession.transaction(this.database, async (sql) => {
        // Expired sessions are cleared as new ones are made, so the table holds only live ones.
        await sql.run('delete from sessions where expires_at <= ?', [sql.date(now)]);
        await sql.run('insert into sessions (token_hash, id, user_id, created_at, expires_at) values (?, ?, ?, ?, ?)', [
          tokenHash(token),
          session.id,
          user.id,
          sql.date(now),
          sql.date(session.expiresAt),
        ]);
        await this.audit.appendIn(sql, [{ action: 'session.create', targetType: 'Session', targetId: session.id, changes: { userId: { before: null, after: user.id } } }]);
      }),
    );
    return { token, expiresAt: session.expiresAt, user };
  }

  async logout(token: string): Promise<boolean> {
    if (!token.startsWith(SESSION_PREFIX)) return false;
    const ended = await SqlSession.transaction(this.database, async (sql) => {
      const row = await sql.one<{ id: string; user_id: string }>('select id, user_id from sessions where token_hash = ?', [tokenHash(token)]);
      if (!row) return false;
      await sql.run('delete from sessions where id = ?', [row.id]);
      await this.audit.appendIn(sql, [{ action: 'session.revoke', targetType: 'Session', targetId: row.id, changes: { userId: { before: row.user_id, after: null } } }]);
      return true;
    });
    if (ended) this.database.noteChange(CREDENTIAL_CHANGES_CHANNEL);
    return ended;
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    // One query: the session by its primary key, joined to its user by theirs.
    const row = await SqlSession.reads(this.database).one<{ session_id: string; expires_at: unknown; user_id: string; email: string; role: Role }>(
      'select s.id as session_id, s.expires_at, u.id as user_id, u.email, u.role from sessions s join users u on u.id = s.user_id where s.token_hash = ? and u.disabled_at is null',
      [tokenHash(token)],
    );
    const expiresAt = row && SqlSession.readDate(row.expires_at)!;
    if (!row || !expiresAt || expiresAt.getTime() <= this.clock.now().getTime()) return undefined;
    return {
      actor: { kind: 'USER', id: row.user_id, name: row.email },
      role: row.role,
      scopes: scopesOf({ role: row.role }),
      credential: { kind: 'session', id: row.session_id, expiresAt },
    };
  }
}
