import { raw } from '@mikro-orm/core';
import { inject, injectable } from 'inversify';
import { ValidationError, type JsonValue, type KeyValueStorage } from '@rapport/sdk';
import { StoredValueEntity } from '../persistence/entities.js';
import { Database } from '../persistence/openDatabase.js';
import { checkKey } from './checkKey.js';
import type { KeyValueStoreProvider } from './KeyValueStoreProvider.js';

/**
 * Key–value stores kept in the `plugin_storage` table, one namespace per plugin (and
 * `@rapport/core` for the core's own state). Behaves exactly like
 * `InMemoryKeyValueStoreProvider`: values are JSON, reads return copies, keys come back
 * sorted. Every call uses a fresh EntityManager, so nothing is cached between calls and
 * concurrent callers never share an identity map.
 */
@injectable()
export class DatabaseKeyValueStoreProvider implements KeyValueStoreProvider {
  constructor(@inject(Database) private readonly database: Database) {}

  forNamespace(namespace: string): KeyValueStorage {
    return new DatabaseKeyValueStorage(this.database, namespace);
  }
}

class DatabaseKeyValueStorage implements KeyValueStorage {
  constructor(
    private readonly database: Database,
    private readonly namespace: string,
  ) {}

  async get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined> {
    const row = await this.database.em().findOne(StoredValueEntity, { namespace: this.namespace, key: checkKey(key) });
    // Each read parses the stored JSON afresh, so the caller always gets its own copy.
    return row ? (row.value as T) : undefined;
  }

  async set(key: string, value: JsonValue): Promise<void> {
    const text = toJsonText(key, value);
    await this.database.em().upsert(StoredValueEntity, {
      namespace: this.namespace,
      key: checkKey(key),
      // The JSON text goes in as a bound parameter rather than through the ORM's json type,
      // which would turn the JSON value `null` into SQL NULL (and break `value not null`).
      value: raw('?', [text]),
      updatedAt: new Date(),
    });
  }

  async delete(key: string): Promise<boolean> {
    const deleted = await this.database.em().nativeDelete(StoredValueEntity, { namespace: this.namespace, key: checkKey(key) });
    return deleted > 0;
  }

  async keys(prefix = ''): Promise<string[]> {
    // LIKE narrows the rows in the database; the prefix's own `\`, `%` and `_` are escaped so
    // they match literally. SQLite's LIKE ignores ASCII case, so the exact check is done here,
    // and so is the sort: database collations do not all order strings as JavaScript does.
    const pattern = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
    const rows = await this.database
      .em()
      .find(StoredValueEntity, { namespace: this.namespace, [raw(`"key" like ? escape '\\'`, [pattern])]: [] }, { fields: ['key'] });
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
