import { serviceToken, type JsonValue, type KeyValueStorage } from '@rapport/sdk';
import type { AuditEntry } from '../audit/AuditLog.js';

/**
 * A key–value store as the core holds it: a plugin's `ctx.storage` (whose writes are audited as
 * `storage.set` and `storage.delete`), plus a write the core audits as what it means.
 */
export interface CoreKeyValueStorage extends KeyValueStorage {
  /**
   * `set`, with `entry` as its audit event instead of `storage.set`: the core's own state, such as
   * the plugins an operator disabled (`plugin.disable`). Not part of a plugin's context.
   */
  setAudited(key: string, value: JsonValue, entry: AuditEntry): Promise<void>;
}

/**
 * Hands out key–value stores, one per namespace. Plugins get the namespace of their own name,
 * so one plugin never sees another's keys; the core keeps its own state under `@rapport/core`.
 */
export interface KeyValueStoreProvider {
  forNamespace(namespace: string): CoreKeyValueStorage;
}

/** The container token of the {@link KeyValueStoreProvider}. */
export const KeyValueStoreProvider = serviceToken<KeyValueStoreProvider>('rapport.core.KeyValueStoreProvider');
