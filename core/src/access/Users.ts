import { inject, injectable } from 'inversify';
import { ConflictError, NotFoundError, serviceToken, ValidationError } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { CREDENTIAL_CHANGES_CHANNEL } from '../persistence/migrations/0008_credential_changes.js';
import { Database } from '../persistence/openDatabase.js';
import { isUniqueViolation, SqlSession } from '../persistence/SqlSession.js';
import { orderedUuid } from '../util/orderedUuid.js';
import { parseRole } from './grants.js';
import { checkPassword, hashPassword } from './passwords.js';
import type { Role } from './scopes.js';

/** A person who signs in with `login`. Their password hash never leaves this folder. */
export interface User {
  id: string;
  /** Lower-cased, unique. */
  email: string;
  displayName: string | null;
  role: Role;
  createdAt: Date;
  /** Whether round-robin assignment may give them conversations (they are at work). */
  available: boolean;
  /** When an admin deactivated them (they cannot sign in, their sessions are refused); null while active. */
  disabledAt: Date | null;
}

/** What creating a user takes; the role as text, checked here. */
export interface NewUser {
  email: string;
  displayName?: string | null;
  role: string;
  /** At least 12 characters; stored only as its argon2id hash. */
  password: string;
}

/** The people who sign in. Creating one writes its audit event in the same transaction. */
export interface Users {
  /** A new user; CONFLICT when the email is taken. */
  create(input: NewUser): Promise<User>;
  /** Every user, by email. */
  list(): Promise<User[]>;
  get(id: string): Promise<User | undefined>;
  /** Marks a user available for round-robin assignment, or not; audited. */
  setAvailable(id: string, available: boolean): Promise<User>;
  /**
   * Deactivates a user (ends their sessions at once, on every instance; they cannot sign in, and
   * round-robin skips them) or reactivates them; audited. The user stays, so the audit log and
   * past assignments keep naming them.
   */
  setDisabled(id: string, disabled: boolean): Promise<User>;
}

/** The container token of the {@link Users}. */
export const Users = serviceToken<Users>('rapport.core.Users');

/** The columns of a {@link User}, for the selects of this folder. */
export const USER_COLUMNS = 'id, email, display_name, role, created_at, available, disabled_at';

/** An address with one @ and no spaces: the mail server is the real judge, this catches typos. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Emails are compared lower-cased, so `Ana@Example.com` and `ana@example.com` are one user. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The {@link Users} in the `users` table (migration 0007). */
@injectable()
export class SqlUsers implements Users {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async create(input: NewUser): Promise<User> {
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email) || email.length > 320) throw new ValidationError(`"${input.email}" is not an email address.`, 'email');
    const role = parseRole(input.role);
    checkPassword(input.password);
    const displayName = input.displayName?.trim() || null;
    // Hashed before the transaction: argon2 takes tens of milliseconds, and SQLite's write lock
    // would be held all that time.
    const passwordHash = await hashPassword(input.password);
    const user: User = { id: orderedUuid(), email, displayName, role, createdAt: this.clock.now(), available: false, disabledAt: null };
    try {
      await SqlSession.transaction(this.database, async (sql) => {
        await sql.run('insert into users (id, email, display_name, role, password_hash, created_at) values (?, ?, ?, ?, ?, ?)', [
          user.id,
          email,
          displayName,
          role,
          passwordHash,
          sql.date(user.createdAt),
        ]);
        const changes = { email: { before: null, after: email }, role: { before: null, after: role } };
        await this.audit.appendIn(sql, [{ action: 'user.create', targetType: 'User', targetId: user.id, changes }]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A user with the email "${email}" already exists.`);
      throw error;
    }
    return user;
  }

  async list(): Promise<User[]> {
    const rows = await SqlSession.autocommit(this.database).all(`select ${USER_COLUMNS} from users order by email`);
    return rows.map(readUser);
  }

  async get(id: string): Promise<User | undefined> {
    const row = await SqlSession.autocommit(this.database).one(`select ${USER_COLUMNS} from users where id = ?`, [id]);
    return row ? readUser(row) : undefined;
  }

  async setAvailable(id: string, available: boolean): Promise<User> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError(`No user with id "${id}".`);
    if (before.available === available) return before;
    if (available && before.disabledAt) throw new ConflictError(`User "${before.email}" was deactivated: reactivate them (reactivateUser) before marking them available.`);
    await SqlSession.transaction(this.database, async (sql) => {
      await sql.run('update users set available = ? where id = ?', [sql.dialect === 'postgresql' ? available : Number(available), id]);
      await this.audit.appendIn(sql, [{ action: 'user.setAvailable', targetType: 'User', targetId: id, changes: { available: { before: before.available, after: available } } }]);
    });
    return { ...before, available };
  }

  async setDisabled(id: string, disabled: boolean): Promise<User> {
    const before = await this.get(id);
    if (!before) throw new NotFoundError(`No user with id "${id}". users lists them.`);
    if ((before.disabledAt !== null) === disabled) return before;
    const disabledAt = disabled ? this.clock.now() : null;
    await SqlSession.transaction(this.database, async (sql) => {
      // Unavailable too: round-robin assignment must not hand them conversations.
      await sql.run('update users set disabled_at = ?, available = ? where id = ?', [disabledAt && sql.date(disabledAt), sql.dialect === 'postgresql' ? false : 0, id]);
      const ended = disabled ? await sql.all<{ id: string }>('delete from sessions where user_id = ? returning id', [id]) : [];
      const changes = { disabledAt: { before: before.disabledAt?.toISOString() ?? null, after: disabledAt?.toISOString() ?? null }, sessionsEnded: { before: null, after: ended.length } };
      await this.audit.appendIn(sql, [{ action: disabled ? 'user.deactivate' : 'user.reactivate', targetType: 'User', targetId: id, changes }]);
    });
    // The credential caches of every instance drop what they kept (on PostgreSQL the users
    // table's trigger announces it too).
    this.database.noteChange(CREDENTIAL_CHANGES_CHANNEL);
    return { ...before, available: disabled ? false : before.available, disabledAt };
  }
}

/** A {@link User} from a row of {@link USER_COLUMNS}. */
export function readUser(row: Record<string, unknown>): User {
  return {
    id: String(row.id),
    email: String(row.email),
    displayName: (row.display_name as string | null) ?? null,
    role: row.role as Role,
    createdAt: SqlSession.readDate(row.created_at)!,
    available: row.available === true || row.available === 1 || row.available === '1' || row.available === 't',
    disabledAt: SqlSession.readDate(row.disabled_at),
  };
}
