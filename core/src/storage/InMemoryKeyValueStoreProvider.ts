import { ValidationError, type JsonValue } from '@rapport/sdk';
import { checkKey } from './checkKey.js';
import type { CoreKeyValueStorage, KeyValueStoreProvider } from './KeyValueStoreProvider.js';

/**
 * Key–value stores kept in process memory, for `sqlite::memory:`-style deployments and tests.
 * Values are stored as JSON text, so callers get copies and non-JSON values fail here exactly as
 * they would in a persisted store. Nothing reaches the database, so nothing is audited either.
 */
export class InMemoryKeyValueStoreProvider implements KeyValueStoreProvider {
  private readonly namespaces = new Map<string, Map<string, string>>();

  forNamespace(namespace: string): CoreKeyValueStorage {
    let entries = this.namespaces.get(namespace);
    if (!entries) {
      entries = new Map();
      this.namespaces.set(namespace, entries);
    }
    return new InMemoryKeyValueStorage(entries);
  }
}

class InMemoryKeyValueStorage implements CoreKeyValueStorage {
  constructor(private readonly entries: Map<string, string>) {}

  async get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined> {
    const text = this.entries.get(checkKey(key));
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set(key: string, value: JsonValue): Promise<void> {
    const text = JSON.stringify(value);
    if (text === undefined) throw new ValidationError(`storage.set("${key}") needs a JSON value, got ${typeof value}.`, 'value');
    this.entries.set(checkKey(key), text);
  }

  setAudited(key: string, value: JsonValue): Promise<void> {
    return this.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(checkKey(key));
  }

  async keys(prefix = ''): Promise<string[]> {
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}
