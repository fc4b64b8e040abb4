import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/Logger.js';
import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { keyIdOf } from './chainHashing.js';

/** A key of the chain, and its public id (see keyIdOf). */
export interface AuditKey {
  key: Buffer;
  id: string;
  /** True for the key generated into the database when no secret is configured. */
  generated: boolean;
}

/**
 * The chain's keys: the configured secret (`audit.secret`, `RAPPORT_AUDIT_SECRET`), or else a
 * random secret generated on first use and kept in `audit_chain`. The generated one protects
 * against nothing a database writer could not undo, and the log says so once.
 */
export class AuditKeys {
  private readonly configured: AuditKey | undefined;
  private generated: AuditKey | undefined;
  private warned = false;

  constructor(
    private readonly database: Database,
    secret: string | undefined,
    private readonly logger: Logger,
  ) {
    if (secret) {
      const key = Buffer.from(secret, 'utf8');
      this.configured = { key, id: keyIdOf(key), generated: false };
    }
  }

  /** The key new events are sealed with: the configured one, or the generated one (made now if need be). */
  async current(): Promise<AuditKey> {
    if (this.configured) return this.configured;
    const generated = (await this.readGenerated()) ?? (await this.generate());
    if (!this.warned) {
      this.warned = true;
      this.logger.warn(
        'The audit log is sealed with a key kept in the database, because audit.secret (RAPPORT_AUDIT_SECRET) is not set: ' +
          'anyone who can write to the database could rewrite the audit chain undetected. Set audit.secret to a random value of ' +
          'at least 32 characters, kept outside the database.',
      );
    }
    return generated;
  }

  /** The configured key, if any. */
  configuredKey(): AuditKey | undefined {
    return this.configured;
  }

  /** Every key at hand, by id: the configured one, and the generated one if the database holds one. */
  async available(): Promise<Map<string, AuditKey>> {
    const keys = new Map<string, AuditKey>();
    if (this.configured) keys.set(this.configured.id, this.configured);
    const generated = await this.readGenerated();
    if (generated) keys.set(generated.id, generated);
    return keys;
  }

  /** The generated key kept in the database, if there is one; read in the caller's transaction when it holds one. */
  async readGenerated(sql: SqlSession = SqlSession.autocommit(this.database)): Promise<AuditKey | undefined> {
    if (this.generated) return this.generated;
    const row = await sql.one<{ generated_secret: string | null }>('select generated_secret from audit_chain where id = 1');
    if (!row?.generated_secret) return undefined;
    const key = Buffer.from(row.generated_secret, 'utf8');
    this.generated = { key, id: keyIdOf(key), generated: true };
    return this.generated;
  }

  /** Generates the key; of two instances generating at once, the first one's wins and both use it. */
  private async generate(): Promise<AuditKey> {
    const sql = SqlSession.autocommit(this.database);
    // A chain already sealed with a configured secret needs that secret, not a new key.
    const head = await sql.one<{ key_id: string | null }>('select key_id from audit_chain where id = 1');
    if (head?.key_id) {
      throw new Error(
        `The audit chain is sealed with a configured secret (key id ${head.key_id}), and audit.secret (RAPPORT_AUDIT_SECRET) is not set: ` +
          'set it to that secret. Nothing is sealed until then.',
      );
    }
    await sql.run('update audit_chain set generated_secret = ? where id = 1 and generated_secret is null', [randomBytes(32).toString('base64url')]);
    const generated = await this.readGenerated();
    if (!generated) throw new Error('The audit chain head (audit_chain, id 1) is missing: run rapport migrate.');
    return generated;
  }
}
