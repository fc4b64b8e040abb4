import { CONTEXT_PERMISSIONS, type ConversationsApi, type CustomersApi, type InteractionsApi, type KeyValueStorage } from '@rapport/sdk';
import { customersApi } from '../domain/customersApi.js';
import { guardedMembers, permissionCheck, type MemberCheck } from '../contributions/permissionGuard.js';
import type { Kernel } from '../kernel/createKernel.js';

/** The data members a test reaches through the test host, as plugins reach them through their contexts. */
export interface DataFacades {
  customers: CustomersApi;
  interactions: InteractionsApi;
  conversations: ConversationsApi;
}

/** The same, and the plugin's storage, as one plugin's context sees them. */
export interface PluginFacades extends DataFacades {
  storage: KeyValueStorage;
}

const allowEverything: MemberCheck = () => undefined;

/**
 * The test host's `customers`, `interactions` and `conversations`: the members the SDK's
 * permission table lists, so they are exactly the context's, acting as the core (no permission
 * checks). Every write delivers what it caused before it resolves.
 */
export function coreFacades(kernel: Kernel, settle: () => Promise<void>): DataFacades {
  return {
    customers: facade('customers', customersApi(kernel.customers, kernel.merger), allowEverything, settle),
    interactions: facade('interactions', kernel.interactions, allowEverything, settle),
    conversations: facade('conversations', kernel.conversations, allowEverything, settle),
  };
}

/**
 * What one plugin's context could do with the data: every member checked against the plugin's
 * manifest with the same table and the same check as its context, so a test can assert what the
 * plugin is (not) permitted to do.
 */
export function pluginFacades(kernel: Kernel, plugin: string, settle: () => Promise<void>): PluginFacades {
  kernel.host.status(plugin); // NotFoundError, naming the configured plugins, for a name that is not one.
  const check = permissionCheck(plugin, (permission) => kernel.declared.hasPermission(plugin, permission));
  return {
    customers: facade('customers', customersApi(kernel.customers, kernel.merger), check, settle),
    interactions: facade('interactions', kernel.interactions, check, settle),
    conversations: facade('conversations', kernel.conversations, check, settle),
    storage: facade('storage', kernel.host.storageOf(plugin), check, settle),
  };
}

function facade<T>(namespace: string, service: object, check: MemberCheck, settle: () => Promise<void>): T {
  const guarded = guardedMembers<Record<string, (...args: unknown[]) => Promise<unknown>>>(namespace, service, check);
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [member, call] of Object.entries(guarded)) {
    const writes = CONTEXT_PERMISSIONS[namespace]![member]!.permission?.endsWith(':write') ?? false;
    api[member] = writes
      ? async (...args) => {
          const result = await call(...args);
          await settle();
          return result;
        }
      : call;
  }
  return api as T;
}
