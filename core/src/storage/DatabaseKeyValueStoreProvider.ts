import { inject, injectable } from 'inversify';
import { ValidationError, type JsonValue } from '@rapport/sdk';
import { AuditLog, type AuditEntry } from '../audit/AuditLog.js';
import { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import { checkKey } from './checkKey.js';
import type { CoreKeyValueStorage, KeyValueStoreProvider } from './KeyValueStoreProvider.js';

/**
 * Key–value stores kept in the `plugin_storage` table, one namespace per plugin (and
 * `@rapport/core` for the core's own state). Behaves exactly like
 * `InMemoryKeyValueStoreProvider`: values are JSON, reads return copies, keys come back
 * sorted. Every call runs its own statements, so nothing is cached between calls and
 * concurrent callers never share an identity map. Every write is audited in its transaction
 * (`storage.set`, `storage.delete`, with the value before and after).
 */
@injectable()
export class DatabaseKeyValueStoreProvider implements KeyValueStoreProvider {
  constructor(
    @inject(Database) private readonly database: Database,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  forNamespace(namespace: string): CoreKeyValueStorage {
    return new DatabaseKeyValueStorage(this.database, this.audit, namespace);
  }
}

class DatabaseKeyValueStorage implements CoreKeyValueStorage {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly namespace: string,
  ) {}

  async get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined> {
    // Plain SQL on the read session: plugins read their state on every event, where the ORM's
    // query building cost more than the statement. Each read parses the stored JSON afresh, so
    // the caller always gets its own copy.
    return (await this.current(SqlSession.reads(this.database), checkKey(key))) as T | undefined;
  }

  set(key: string, value: JsonValue): Promise<void> {
    return this.write(key, value, undefined);
  }

  setAudited(key: string, value: JsonValue, entry: AuditEntry): Promise<void> {
    return this.write(key, value, entry);
  }

  async delete(key: string): Promise<boolean> {
    const checked = checkKey(key);
    return SqlSession.transaction(this.database, async (sql) => {
      const before = await this.current(sql, checked);
      if (before === undefined) return false;
      await sql.run('delete from plugin_storage where namespace = ? and "key" = ?', [this.namespace, checked]);
      await this.audit.appendIn(sql, [this.storageAudit('storage.delete', checked, before, null)]);
      return true;
    });
  }

  /** Stores the value and its audit event (`entry`, or `storage.set` with the value before) in one transaction. */
  private async write(key: string, value: JsonValue, entry: AuditEntry | undefined): Promise<void> {
    const text = toJsonText(key, value);
    const checked = checkKey(key);
    await SqlSession.transaction(this.database, async (sql) => {
      const before = entry ? undefined : await this.current(sql, checked);
      // The JSON text goes in as a bound parameter, so the JSON value `null` stays JSON (`value not null`).
      await sql.run(
        'insert into plugin_storage (namespace, "key", value, updated_at) values (?, ?, ?, ?) ' +
          'on conflict (namespace, "key") do update set value = excluded.value, updated_at = excluded.updated_at',
        [this.namespace, checked, text, sql.date(new Date())],
      );
      await this.audit.appendIn(sql, [entry ?? this.storageAudit('storage.set', checked, before ?? null, JSON.parse(text) as JsonValue)]);
    });
  }

  /** The stored value of a key in the caller's transaction, if any. */
  private async current(sql: SqlSession, key: string): Promise<JsonValue | undefined> {
    // As text on both databases: PostgreSQL would hand a jsonb string back already parsed.
    const row = await sql.one<{ value: string }>('select cast(value as text) as value from plugin_storage where namespace = ? and "key" = ?', [this.namespace, key]);
    return row ? (JSON.parse(row.value) as JsonValue) : undefined;
  }

  /**
   * A storage write's audit event: the key (in its namespace) and the size of its value before
   * and after. Not the values: a plugin keeps customers' personal data there under keys that need
   * not name the customer, and an erasure could not find it in the log again.
   */
  private storageAudit(action: 'storage.set' | 'storage.delete', key: string, before: JsonValue | null, after: JsonValue | null): AuditEntry {
    const bytes = (value: JsonValue | null) => (value === null ? null : Buffer.byteLength(JSON.stringify(value)));
    return { action, targetType: 'StorageKey', targetId: `${this.namespace}:${key}`, changes: { valueBytes: { before: bytes(before), after: bytes(after) } } };
  }

  async keys(prefix = ''): Promise<string[]> {
    // LIKE narrows the rows in the database; the prefix's own `\`, `%` and `_` are escaped so
    // they match literally. SQLite's LIKE ignores ASCII case, so the exact check is done here,
    // and so is the sort: database collations do not all order strings as JavaScript does.
    const pattern = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
    const rows = await SqlSession.reads(this.database).all<{ key: string }>(
      `select "key" from plugin_storage where namespace = ? and "key" like ? escape '\\'`,
      [this.namespace, pattern],
    );
    return rows
      .map((row) => row.key)
      .filter((key) => key.startsWith(prefix))
      .sort();
  }
}

/**
 * The value as JSON text, or a ValidationError for what JSON cannot represent, and for the NUL
 * character, which PostgreSQL's jsonb cannot hold: it fails here, the same on every database.
 */
function toJsonText(key: string, value: JsonValue): string {
  const hasNul = (text: unknown) => typeof text === 'string' && text.includes('\0');
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (name, item: unknown) => {
      if (hasNul(name) || hasNul(item)) throw new Error('strings cannot contain the NUL character (\\u0000); encode such data first, e.g. as base64');
      return item;
    });
  } catch (error) {
    // BigInts and circular structures throw too, rather than returning undefined.
    throw new ValidationError(`storage.set("${key}") needs a JSON value: ${(error as Error).message.replace(/\.$/, '')}.`, 'value');
  }
  if (text === undefined) throw new ValidationError(`storage.set("${key}") needs a JSON value, got ${typeof value}.`, 'value');
  return text;
}
