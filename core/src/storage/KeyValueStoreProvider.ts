import { serviceToken, type KeyValueStorage } from '@rapport/sdk';

/**
 * Hands out key–value stores, one per namespace. Plugins get the namespace of their own name,
 * so one plugin never sees another's keys; the core keeps its own state under `@rapport/core`.
 */
export interface KeyValueStoreProvider {
  forNamespace(namespace: string): KeyValueStorage;
}

/** The container token of the {@link KeyValueStoreProvider}. */
export const KeyValueStoreProvider = serviceToken<KeyValueStoreProvider>('rapport.core.KeyValueStoreProvider');
