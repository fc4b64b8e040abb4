import 'reflect-metadata';
import { Container } from 'inversify';
import type { ServiceToken } from '@rapport/sdk';
import { InboundReceiver } from '../channels/InboundReceiver.js';
import { OutboundMessenger } from '../channels/OutboundMessenger.js';
import { Clock } from '../clock/Clock.js';
import { SystemClock } from '../clock/SystemClock.js';
import { bindService, resolveService } from '../container/bindService.js';
import { ContributionRegistry } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { PluginCalls } from '../contributions/PluginCalls.js';
import { DEFAULT_PLUGIN_HOST_OPTIONS, PluginHostOptions } from '../contributions/PluginHostOptions.js';
import { ConversationKpis } from '../domain/ConversationKpis.js';
import { ConversationService } from '../domain/ConversationService.js';
import { ConversationWindowMs, DEFAULT_CONVERSATION_WINDOW_MS } from '../domain/conversationWindow.js';
import { CustomerMerger } from '../domain/CustomerMerger.js';
import { CustomerService } from '../domain/CustomerService.js';
import { InteractionService } from '../domain/InteractionService.js';
import { CustomerEvaluator } from '../evaluation/CustomerEvaluator.js';
import { ReevaluationSweeps } from '../evaluation/ReevaluationSweeps.js';
import { ScoreStore } from '../evaluation/ScoreStore.js';
import { SegmentStore } from '../evaluation/SegmentStore.js';
import { EventBus } from '../events/EventBus.js';
import { DEFAULT_EVENT_DISPATCHER_OPTIONS, EventDispatcher, EventDispatcherOptions } from '../events/EventDispatcher.js';
import { Logger } from '../logging/Logger.js';
import { Database } from '../persistence/openDatabase.js';
import { PluginHost } from '../plugin-host/PluginHost.js';
import { DatabaseKeyValueStoreProvider } from '../storage/DatabaseKeyValueStoreProvider.js';
import { KeyValueStoreProvider } from '../storage/KeyValueStoreProvider.js';
import { DEFAULT_WORKFLOW_ENGINE_OPTIONS, WorkflowEngine, WorkflowEngineOptions } from '../workflows/WorkflowEngine.js';
import { bindCoreServices } from './bindCoreServices.js';


/** What the composition root needs from its caller. */
export interface KernelOptions {
  logger: Logger;
  /** The open database; the caller opens it and runs the migrations. */
  database: Database;
  clock?: Clock;
  pluginHost?: Partial<PluginHostOptions>;
  /** Replaces the database-backed plugin storage (e.g. for a read-only inspection). */
  storage?: KeyValueStoreProvider;
  conversationWindowMs?: number;
  /** How the event outbox is delivered (poll interval, retries, leases). */
  events?: Partial<EventDispatcherOptions>;
  /** How workflow runs are scheduled and retried. */
  workflows?: Partial<WorkflowEngineOptions>;
}

/** The composed core: its container, and the services its entry points (server, CLI, test host) use. */
export interface Kernel {
  container: Container;
  database: Database;
  host: PluginHost;
  events: EventBus;
  registry: ContributionRegistry;
  declared: DeclaredContributions;
  /** Delivers the durable events; `rapport start` starts its timer once the plugins are up. */
  dispatcher: EventDispatcher;
  /** Runs workflows; `rapport start` starts its scheduling once the plugins are up. */
  workflows: WorkflowEngine;
  customers: CustomerService;
  interactions: InteractionService;
  conversations: ConversationService;
  kpis: ConversationKpis;
  merger: CustomerMerger;
  /** Every outbound message goes through it: sendMessage, ctx.channels.send, workflow sends. */
  messenger: OutboundMessenger;
  /** Every channel webhook request goes through it: the HTTP route and the test host. */
  inbound: InboundReceiver;
  /** Where calls into plugin code are reported (GraphQL resolvers report theirs here). */
  calls: PluginCalls;
  /** Scores per customer and rule; scoring rules write them through the evaluator. */
  scores: ScoreStore;
  /** Segment memberships per customer and model. */
  segments: SegmentStore;
  /** Periodic re-evaluation of rules and models with `reevaluateEvery`; `rapport start` starts it. */
  sweeps: ReevaluationSweeps;
  storage: KeyValueStoreProvider;
  clock: Clock;
  logger: Logger;
}

/**
 * The composition root: one inversify container holding every core service (see
 * bindCoreServices), with what the deployment provides bound first. Nothing in the core is made
 * with `new` outside the container, and no service is wired after its construction: each one
 * receives its dependencies in its constructor, and dependencies point one way (see
 * docs/architecture.md, "Layers").
 */
export function createKernel(options: KernelOptions): Kernel {
  const container = new Container({ defaultScope: 'Singleton' });
  bindService(container, Logger).toConstantValue(options.logger);
  bindService(container, Database).toConstantValue(options.database);
  if (options.clock) bindService(container, Clock).toConstantValue(options.clock);
  else bindService(container, Clock).to(SystemClock);
  bindService(container, PluginHostOptions).toConstantValue({ ...DEFAULT_PLUGIN_HOST_OPTIONS, ...options.pluginHost });
  bindService(container, EventDispatcherOptions).toConstantValue({ ...DEFAULT_EVENT_DISPATCHER_OPTIONS, ...options.events });
  bindService(container, WorkflowEngineOptions).toConstantValue({ ...DEFAULT_WORKFLOW_ENGINE_OPTIONS, ...options.workflows });
  bindService(container, ConversationWindowMs).toConstantValue(options.conversationWindowMs ?? DEFAULT_CONVERSATION_WINDOW_MS);
  if (options.storage) bindService(container, KeyValueStoreProvider).toConstantValue(options.storage);
  else bindService(container, KeyValueStoreProvider).to(DatabaseKeyValueStoreProvider);
  bindCoreServices(container);

  const get = <T>(token: ServiceToken<T>): T => resolveService(container, token);
  // The evaluator subscribes to registrations as it is made: it must exist before any plugin registers.
  get(CustomerEvaluator);
  return {
    container,
    database: options.database,
    host: get(PluginHost),
    events: get(EventBus),
    registry: get(ContributionRegistry),
    declared: get(DeclaredContributions),
    dispatcher: get(EventDispatcher),
    workflows: get(WorkflowEngine),
    customers: get(CustomerService),
    interactions: get(InteractionService),
    conversations: get(ConversationService),
    kpis: get(ConversationKpis),
    merger: get(CustomerMerger),
    messenger: get(OutboundMessenger),
    inbound: get(InboundReceiver),
    calls: get(PluginCalls),
    scores: get(ScoreStore),
    segments: get(SegmentStore),
    sweeps: get(ReevaluationSweeps),
    storage: get(KeyValueStoreProvider),
    clock: get(Clock),
    logger: options.logger,
  };
}
