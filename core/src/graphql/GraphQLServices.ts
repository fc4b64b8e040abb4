import type { Logger } from 'pino';
import type { Clock } from '@rapport/sdk';
import type { OutboundMessenger } from '../channels/OutboundMessenger.js';
import type { ContributionRegistry } from '../contributions/ContributionRegistry.js';
import type { PluginCalls } from '../contributions/PluginCalls.js';
import type { ConversationKpis } from '../domain/ConversationKpis.js';
import type { ConversationService } from '../domain/ConversationService.js';
import type { CustomerMerger } from '../domain/CustomerMerger.js';
import type { CustomerService } from '../domain/CustomerService.js';
import type { InteractionService } from '../domain/InteractionService.js';
import type { EventBus } from '../events/EventBus.js';
import type { Database } from '../persistence/openDatabase.js';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import type { WorkflowEngine } from '../workflows/WorkflowEngine.js';

/** The core services the GraphQL layer resolves against; the kernel provides them. */
export interface GraphQLServices {
  database: Database;
  customers: CustomerService;
  interactions: InteractionService;
  conversations: ConversationService;
  kpis: ConversationKpis;
  merger: CustomerMerger;
  messenger: OutboundMessenger;
  host: PluginHost;
  /** Where a plugin resolver's calls and failures are reported (its figures, its circuit breaker). */
  calls: PluginCalls;
  workflows: WorkflowEngine;
  events: EventBus;
  registry: ContributionRegistry;
  logger: Logger;
  clock: Clock;
  /** How long a plugin's GraphQL resolver may run before it fails (default 10 s, the plugin handler budget). */
  pluginResolverTimeoutMs?: number;
}
