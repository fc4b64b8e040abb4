import type { Logger } from 'pino';
import type { Clock } from '@rapport/sdk';
import type { KeyValueStoreProvider } from '../storage/KeyValueStoreProvider.js';
import type { EventBus } from '../events/EventBus.js';
import type { ContributionRegistry } from '../plugin-host/ContributionRegistry.js';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import type { ConversationKpis } from '../domain/ConversationKpis.js';
import type { ConversationService } from '../domain/ConversationService.js';
import type { CustomerMerger } from '../domain/CustomerMerger.js';
import type { DatabaseCustomerService } from '../domain/DatabaseCustomerService.js';
import type { DatabaseInteractionService } from '../domain/DatabaseInteractionService.js';
import type { Database } from '../persistence/openDatabase.js';
import type { WorkflowStarter } from '../plugin-host/WorkflowStarter.js';
import type { PluginHostOptions } from '../plugin-host/PluginHostOptions.js';

/**
 * Service identifiers of the core's container. Each names one service; its type is the interface
 * of the same name, as in Theia (`export const Foo = Symbol('Foo'); export interface Foo`).
 * Plugins never see these: their child containers inherit them, but the SDK exposes only the
 * permission-checked context.
 */
export const TOKENS = {
  Logger: Symbol.for('rapport.Logger') as symbol & { __type?: Logger },
  Clock: Symbol.for('rapport.Clock') as symbol & { __type?: Clock },
  KeyValueStoreProvider: Symbol.for('rapport.KeyValueStoreProvider') as symbol & { __type?: KeyValueStoreProvider },
  EventBus: Symbol.for('rapport.EventBus') as symbol & { __type?: EventBus },
  ContributionRegistry: Symbol.for('rapport.ContributionRegistry') as symbol & { __type?: ContributionRegistry },
  PluginHost: Symbol.for('rapport.PluginHost') as symbol & { __type?: PluginHost },
  PluginHostOptions: Symbol.for('rapport.PluginHostOptions') as symbol & { __type?: PluginHostOptions },
  Database: Symbol.for('rapport.Database') as symbol & { __type?: Database },
  CustomerService: Symbol.for('rapport.CustomerService') as symbol & { __type?: DatabaseCustomerService },
  InteractionService: Symbol.for('rapport.InteractionService') as symbol & { __type?: DatabaseInteractionService },
  ConversationService: Symbol.for('rapport.ConversationService') as symbol & { __type?: ConversationService },
  ConversationKpis: Symbol.for('rapport.ConversationKpis') as symbol & { __type?: ConversationKpis },
  CustomerMerger: Symbol.for('rapport.CustomerMerger') as symbol & { __type?: CustomerMerger },
  WorkflowStarter: Symbol.for('rapport.WorkflowStarter') as symbol & { __type?: WorkflowStarter },
} as const;
