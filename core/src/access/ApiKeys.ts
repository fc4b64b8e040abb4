import { inject, injectable } from 'inversify';
import { ConflictError, NotFoundError, serviceToken, ValidationError } from '@rapport/sdk';
import { AuditLog } from '../audit/AuditLog.js';
import { Clock } from '../clock/Clock.js';
import { Logger } from '../logging/Logger.js';
import { CREDENTIAL_CHANGES_CHANNEL } from '../persistence/migrations/0008_credential_changes.js';
import { Database } from '../persistence/openDatabase.js';
import { retryOnConflict } from '../persistence/retryOnConflict.js';
import { isUniqueViolation, SqlSession } from '../persistence/SqlSession.js';
import { API_KEY_PREFIX, displayPrefix, newToken, tokenHash } from './credentialTokens.js';
import { parseGrant, type Grant } from './grants.js';
import type { Principal } from './Principal.js';
import { ROLE_SCOPES, scopesOf, type Role, type Scope } from './scopes.js';

/** An API key as it is listed: everything but its secret, which is never stored. */
export interface ApiKey {
  name: string;
  /** Its role, or null when it was given explicit scopes. */
  role: Role | null;
  /** The scopes it holds: its role's, or its own list. */
  scopes: Scope[];
  /** The first characters of the token, to recognise it (`rk_AbC123`). */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A key just created, with its token: the only time the token is seen. */
export interface CreatedApiKey {
  token: string;
  apiKey: ApiKey;
}

/** What {@link ApiKeys.ensureBootstrapKey} found and did. */
export type BootstrapOutcome = 'created' | 'replaced' | 'unchanged';

/** The name of the key `RAPPORT_BOOTSTRAP_API_KEY` makes sure of. */
export const BOOTSTRAP_KEY_NAME = 'bootstrap';

/** The name of the key `rapport start --demo` makes. */
export const DEMO_KEY_NAME = 'demo';

/**
 * API keys: credentials of integrations and servers, each with a role or an explicit list of
 * scopes. Creating and revoking one writes its audit event in the same transaction.
 */
export interface ApiKeys {
  /** A new key with a unique name; its token is returned this once. */
  create(input: { name: string; role?: string | null; scopes?: readonly string[] | null }): Promise<CreatedApiKey>;
  /** Every key, revoked ones included, by name. */
  list(): Promise<ApiKey[]>;
  /** Refuses the key from now on, on every instance. True when it was revoked now, false when it already was. */
  revoke(name: string): Promise<boolean>;
  /**
   * Makes sure an ADMIN key named `bootstrap` with exactly this secret exists and is not revoked
   * (`RAPPORT_BOOTSTRAP_API_KEY`); an existing `bootstrap` key with another secret gets this one.
   */
  ensureBootstrapKey(token: string): Promise<BootstrapOutcome>;
  /** A fresh ADMIN key named `demo` (`rapport start --demo`), replacing the previous one's secret. */
  createDemoKey(): Promise<string>;
  /** The principal of an API key token, or undefined when it is unknown or revoked. */
  authenticate(token: string): Promise<Principal | undefined>;
}

/** The container token of the {@link ApiKeys}. */
export const ApiKeys = serviceToken<ApiKeys>('rapport.core.ApiKeys');

/** Names an operator can type and scripts can pass around unquoted. */
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `lastUsedAt` is written at most this often per key: a write per request would double the cost of a read. */
const LAST_USED_RESOLUTION_MS = 60_000;

const RESERVED_NAMES = new Set([BOOTSTRAP_KEY_NAME, DEMO_KEY_NAME]);

/** The {@link ApiKeys} in the `api_keys` table (migration 0007), keyed by the SHA-256 of the token. */
@injectable()
export class SqlApiKeys implements ApiKeys {
  /** Keys whose `last_used_at` is being written now, so concurrent requests write it once. */
  private readonly touching = new Set<string>();
  private readonly logger: Logger;

  constructor(
    @inject(Database) private readonly database: Database,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'access' });
  }

  async create(input: { name: string; role?: string | null; scopes?: readonly string[] | null }): Promise<CreatedApiKey> {
    const name = checkName(input.name);
    if (RESERVED_NAMES.has(name)) {
      throw new ValidationError(`The key name "${name}" is reserved for the key rapport start makes itself; choose another name.`, 'name');
    }
    const grant = parseGrant(input);
    const token = newToken(API_KEY_PREFIX);
    const now = this.clock.now();
    try {
      await SqlSession.transaction(this.database, async (sql) => {
        await this.insert(sql, name, token, grant, now);
        await this.audit.appendIn(sql, [{ action: 'apiKey.create', targetType: 'ApiKey', targetId: name, changes: grantChanges(grant) }]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`An API key named "${name}" already exists (revoked keys keep their names, for the audit log). Choose another name.`);
      }
      throw error;
    }
    return { token, apiKey: toApiKey({ name, role: grant.role ?? null, scopes: grant.scopes ?? null, prefix: displayPrefix(token), created_at: now }) };
  }

  async list(): Promise<ApiKey[]> {
    const rows = await SqlSession.autocommit(this.database).all(
      'select name, role, scopes, prefix, created_at, last_used_at, revoked_at from api_keys order by name',
    );
    return rows.map(toApiKey);
  }

  async revoke(name: string): Promise<boolean> {
    const revoked = await SqlSession.transaction(this.database, async (sql) => {
      const row = await sql.one<{ revoked_at: unknown }>('select revoked_at from api_keys where name = ?', [name]);
      if (!row) throw new NotFoundError(`No API key named "${name}". List the keys with \`rapport keys list\` or the apiKeys query.`);
      if (row.revoked_at !== null && row.revoked_at !== undefined) return false;
      const now = this.clock.now();
      await sql.run('update api_keys set revoked_at = ? where name = ?', [sql.date(now), name]);
      await this.audit.appendIn(sql, [{ action: 'apiKey.revoke', targetType: 'ApiKey', targetId: name, changes: { revokedAt: { before: null, after: now.toISOString() } } }]);
      return true;
    });
    if (revoked) this.database.noteChange(CREDENTIAL_CHANGES_CHANNEL);
    return revoked;
  }

  async ensureBootstrapKey(token: string): Promise<BootstrapOutcome> {
    if (!token.startsWith(API_KEY_PREFIX) || token.length < 32) {
      throw new ValidationError(
        'RAPPORT_BOOTSTRAP_API_KEY must be an API key token: "rk_" followed by random characters, at least 32 characters in all. ' +
          'Make one with: node -e "console.log(\'rk_\' + require(\'crypto\').randomBytes(32).toString(\'base64url\'))"',
        'RAPPORT_BOOTSTRAP_API_KEY',
      );
    }
    return this.putAdminKey(BOOTSTRAP_KEY_NAME, token);
  }

  async createDemoKey(): Promise<string> {
    const token = newToken(API_KEY_PREFIX);
    await this.putAdminKey(DEMO_KEY_NAME, token);
    return token;
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = tokenHash(token);
    // The one query of a request's authentication: a primary-key lookup, so a revocation made by
    // any instance is seen by the next request.
    const row = await SqlSession.reads(this.database).one<{ name: string; role: Role | null; scopes: unknown; last_used_at: unknown; revoked_at: unknown }>(
      'select name, role, scopes, last_used_at, revoked_at from api_keys where token_hash = ?',
      [hash],
    );
    if (!row || (row.revoked_at !== null && row.revoked_at !== undefined)) return undefined;
    const stampedAt = this.noteUse(hash, SqlSession.readDate(row.last_used_at));
    const scopes = row.scopes === null || row.scopes === undefined ? null : SqlSession.readJson<Scope[]>(row.scopes);
    return {
      actor: { kind: 'API_KEY', id: row.name, name: row.name },
      ...(row.role && { role: row.role }),
      scopes: scopesOf({ role: row.role, scopes }),
      // Read again when the next stamp is due, so a kept key's lastUsedAt keeps its resolution.
      credential: { kind: 'apiKey', id: row.name, readAgainBy: new Date(stampedAt.getTime() + LAST_USED_RESOLUTION_MS) },
    };
  }

  /**
   * Records that a key was used, without the request waiting for it: at most once a minute per
   * key, judged from the `last_used_at` the lookup just read, so instances share the throttle.
   * Returns the stamp the key has from now on: the one read, or now.
   */
  private noteUse(hash: string, lastUsedAt: Date | null): Date {
    const now = this.clock.now();
    if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return lastUsedAt;
    if (this.touching.has(hash)) return now;
    this.touching.add(hash);
    const sql = SqlSession.autocommit(this.database);
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    sql
      .run('update api_keys set last_used_at = ? where token_hash = ? and (last_used_at is null or last_used_at < ?)', [sql.date(now), hash, sql.date(staleBefore)])
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not record when an API key was last used'))
      .finally(() => this.touching.delete(hash));
    return now;
  }

  /** Creates or updates the ADMIN key of that name so it has exactly this token, not revoked. */
  private async putAdminKey(name: string, token: string): Promise<BootstrapOutcome> {
    const hash = tokenHash(token);
    const grant: Grant = { role: 'ADMIN' };
    // Instances started together with the same key race to create it: the one that loses sees the
    // winner's row when it tries again, and the key is unchanged for it.
    const outcome = await retryOnConflict(() => SqlSession.transaction(this.database, async (sql): Promise<BootstrapOutcome> => {
      const row = await sql.one<{ token_hash: string; role: string | null; revoked_at: unknown }>(
        'select token_hash, role, revoked_at from api_keys where name = ?',
        [name],
      );
      const now = this.clock.now();
      if (!row) {
        await this.insert(sql, name, token, grant, now);
        await this.audit.appendIn(sql, [{ action: 'apiKey.create', targetType: 'ApiKey', targetId: name, changes: grantChanges(grant) }]);
        return 'created';
      }
      if (row.token_hash === hash && row.role === 'ADMIN' && (row.revoked_at === null || row.revoked_at === undefined)) return 'unchanged';
      await sql.run('update api_keys set token_hash = ?, prefix = ?, role = ?, scopes = null, created_at = ?, last_used_at = null, revoked_at = null where name = ?', [
        hash,
        displayPrefix(token),
        'ADMIN',
        sql.date(now),
        name,
      ]);
      await this.audit.appendIn(sql, [{ action: 'apiKey.replace', targetType: 'ApiKey', targetId: name, changes: { role: { before: row.role, after: 'ADMIN' } } }]);
      return 'replaced';
    }));
    if (outcome === 'replaced') this.database.noteChange(CREDENTIAL_CHANGES_CHANNEL);
    return outcome;
  }

  private async insert(sql: SqlSession, name: string, token: string, grant: Grant, now: Date): Promise<void> {
    await sql.run('insert into api_keys (token_hash, name, prefix, role, scopes, created_at) values (?, ?, ?, ?, ?, ?)', [
      tokenHash(token),
      name,
      displayPrefix(token),
      grant.role ?? null,
      grant.scopes ? sql.json(grant.scopes) : null,
      sql.date(now),
    ]);
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!KEY_NAME.test(trimmed)) {
    throw new ValidationError(
      `The API key name "${name}" is not valid: use 1 to 64 letters, digits, dots, dashes and underscores, starting with a letter or a digit.`,
      'name',
    );
  }
  return trimmed;
}

/** What the audit event of a new key records: its grant, never its secret. */
function grantChanges(grant: Grant): Record<string, { before: null; after: unknown }> {
  return grant.role ? { role: { before: null, after: grant.role } } : { scopes: { before: null, after: grant.scopes } };
}

function toApiKey(row: Record<string, unknown>): ApiKey {
  const role = (row.role as Role | null) ?? null;
  const explicit = row.scopes === null || row.scopes === undefined ? [] : SqlSession.readJson<Scope[]>(row.scopes);
  return {
    name: String(row.name),
    role,
    scopes: role ? [...ROLE_SCOPES[role]] : explicit,
    prefix: String(row.prefix),
    createdAt: SqlSession.readDate(row.created_at)!,
    lastUsedAt: SqlSession.readDate(row.last_used_at),
    revokedAt: SqlSession.readDate(row.revoked_at),
  };
}
