import type { Logger } from 'pino';
import type { Clock } from '@rapport/sdk';
import type { ConversationKpis } from '../domain/ConversationKpis.js';
import type { ConversationService } from '../domain/ConversationService.js';
import type { CustomerMerger } from '../domain/CustomerMerger.js';
import type { DatabaseCustomerService } from '../domain/DatabaseCustomerService.js';
import type { DatabaseInteractionService } from '../domain/DatabaseInteractionService.js';
import type { OutboundMessenger } from '../domain/OutboundMessenger.js';
import type { EventBus } from '../events/EventBus.js';
import type { Database } from '../persistence/openDatabase.js';
import type { ContributionRegistry } from '../plugin-host/ContributionRegistry.js';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import type { WorkflowEngine } from '../workflows/WorkflowEngine.js';

/** The core services the GraphQL layer resolves against; the kernel provides them. */
export interface GraphQLServices {
  database: Database;
  customers: DatabaseCustomerService;
  interactions: DatabaseInteractionService;
  conversations: ConversationService;
  kpis: ConversationKpis;
  merger: CustomerMerger;
  messenger: OutboundMessenger;
  host: PluginHost;
  workflows: WorkflowEngine;
  events: EventBus;
  registry: ContributionRegistry;
  logger: Logger;
  clock: Clock;
  /** How long a plugin's GraphQL resolver may run before it fails (default 10 s, the plugin handler budget). */
  pluginResolverTimeoutMs?: number;
}
