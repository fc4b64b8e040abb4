import 'reflect-metadata';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Clock } from '@rapport/sdk';
import { SystemClock } from '../clock/SystemClock.js';
import { TOKENS } from '../container/tokens.js';
import { ConversationKpis } from '../domain/ConversationKpis.js';
import { ConversationRouter } from '../domain/ConversationRouter.js';
import { ConversationService } from '../domain/ConversationService.js';
import { CustomerMerger } from '../domain/CustomerMerger.js';
import { DatabaseCustomerService } from '../domain/DatabaseCustomerService.js';
import { DatabaseInteractionService } from '../domain/DatabaseInteractionService.js';
import { OutboundMessenger } from '../domain/OutboundMessenger.js';
import { CustomerEvaluator } from '../evaluation/CustomerEvaluator.js';
import { ReevaluationSweeps } from '../evaluation/ReevaluationSweeps.js';
import { ScoreStore } from '../evaluation/ScoreStore.js';
import { SegmentStore } from '../evaluation/SegmentStore.js';
import { EventBus } from '../events/EventBus.js';
import { DEFAULT_EVENT_DISPATCHER_OPTIONS, EventDispatcher, type EventDispatcherOptions } from '../events/EventDispatcher.js';
import { EventOutbox } from '../events/EventOutbox.js';
import type { Database } from '../persistence/openDatabase.js';
import { ContributionRegistry } from '../plugin-host/ContributionRegistry.js';
import { PluginHost } from '../plugin-host/PluginHost.js';
import { DEFAULT_PLUGIN_HOST_OPTIONS, type PluginHostOptions } from '../plugin-host/PluginHostOptions.js';
import { DeferredWorkflowStarter, type WorkflowStarter } from '../plugin-host/WorkflowStarter.js';
import { WorkflowEngine, DEFAULT_WORKFLOW_ENGINE_OPTIONS, type WorkflowEngineOptions } from '../workflows/WorkflowEngine.js';
import { WorkflowStore } from '../workflows/WorkflowStore.js';
import { DatabaseKeyValueStoreProvider } from '../storage/DatabaseKeyValueStoreProvider.js';
import type { KeyValueStoreProvider } from '../storage/KeyValueStoreProvider.js';

/** How long an open conversation stays joinable without activity, by default. */
export const DEFAULT_CONVERSATION_WINDOW_MS = 3 * 86_400_000;

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

/** The composed core: its container and the services callers use directly. */
export interface Kernel {
  container: Container;
  database: Database;
  host: PluginHost;
  events: EventBus;
  registry: ContributionRegistry;
  /** Delivers the durable events; `rapport start` starts its timer once the plugins are up. */
  dispatcher: EventDispatcher;
  /** Runs workflows; `rapport start` starts its scheduling once the plugins are up. */
  workflows: WorkflowEngine;
  customers: DatabaseCustomerService;
  interactions: DatabaseInteractionService;
  conversations: ConversationService;
  kpis: ConversationKpis;
  merger: CustomerMerger;
  /** Every outbound message goes through it: sendMessage, ctx.channels.send, workflow sends. */
  messenger: OutboundMessenger;
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
 * The composition root: binds the core's services in one inversify container and returns them.
 *
 * Bindings are factories (`toDynamicValue`) rather than decorated classes: tsx and vitest strip
 * types with esbuild, which emits no decorator metadata, and explicit factories keep every
 * dependency visible here, in one place.
 */
export function createKernel(options: KernelOptions): Kernel {
  const container = new Container({ defaultScope: 'Singleton' });
  const hostOptions = { ...DEFAULT_PLUGIN_HOST_OPTIONS, ...options.pluginHost };
  const get = <T>(token: symbol) => container.get<T>(token);
  container.bind(TOKENS.Logger).toConstantValue(options.logger);
  container.bind(TOKENS.Database).toConstantValue(options.database);
  container.bind(TOKENS.Clock).toConstantValue(options.clock ?? new SystemClock());
  container.bind(TOKENS.PluginHostOptions).toConstantValue(hostOptions);
  container
    .bind(TOKENS.KeyValueStoreProvider)
    .toDynamicValue(() => options.storage ?? new DatabaseKeyValueStoreProvider(options.database));
  container.bind(TOKENS.ContributionRegistry).toDynamicValue(() => new ContributionRegistry());
  container.bind(TOKENS.EventBus).toDynamicValue(() => {
    const bus = new EventBus(get(TOKENS.Logger), get(TOKENS.Clock), hostOptions.handlerTimeoutMs);
    const dispatcher = new EventDispatcher(
      new EventOutbox(options.database),
      bus,
      get(TOKENS.Clock),
      get<Logger>(TOKENS.Logger).child({ component: 'events' }),
      { ...DEFAULT_EVENT_DISPATCHER_OPTIONS, ...options.events },
      options.database.dialect === 'sqlite',
    );
    bus.attachOutbox(dispatcher);
    return bus;
  });
  container
    .bind(TOKENS.CustomerService)
    .toDynamicValue(() => new DatabaseCustomerService(options.database, get(TOKENS.EventBus), get(TOKENS.Clock)));
  container
    .bind(TOKENS.InteractionService)
    .toDynamicValue(
      () =>
        new DatabaseInteractionService(
          options.database,
          get(TOKENS.CustomerService),
          new ConversationRouter(options.conversationWindowMs ?? DEFAULT_CONVERSATION_WINDOW_MS),
          get(TOKENS.EventBus),
          get(TOKENS.Clock),
        ),
    );
  container
    .bind(TOKENS.ConversationService)
    .toDynamicValue(() => new ConversationService(options.database, get(TOKENS.EventBus), get(TOKENS.Clock)));
  container.bind(TOKENS.ConversationKpis).toDynamicValue(() => new ConversationKpis(options.database));
  container
    .bind(TOKENS.CustomerMerger)
    .toDynamicValue(() => new CustomerMerger(options.database, get(TOKENS.CustomerService), get(TOKENS.EventBus), get(TOKENS.Clock)));
  container.bind(TOKENS.WorkflowStarter).toDynamicValue(() => new DeferredWorkflowStarter());
  const scores = new ScoreStore(options.database, get(TOKENS.EventBus));
  const segments = new SegmentStore(options.database, get(TOKENS.EventBus));
  container.bind(TOKENS.PluginHost).toDynamicValue(
    () =>
      new PluginHost({
        logger: get(TOKENS.Logger),
        clock: get(TOKENS.Clock),
        events: get(TOKENS.EventBus),
        registry: get(TOKENS.ContributionRegistry),
        storage: get(TOKENS.KeyValueStoreProvider),
        customers: get(TOKENS.CustomerService),
        interactions: get(TOKENS.InteractionService),
        conversations: get(TOKENS.ConversationService),
        scores,
        segments,
        workflows: get<WorkflowStarter>(TOKENS.WorkflowStarter),
        options: get<PluginHostOptions>(TOKENS.PluginHostOptions),
      }),
  );

  const host = get<PluginHost>(TOKENS.PluginHost);
  const messenger = new OutboundMessenger(
    options.database,
    host,
    get(TOKENS.CustomerService),
    get(TOKENS.InteractionService),
    options.logger.child({ component: 'outbound' }),
  );
  host.useOutboundPath(async (channel, message, sendOptions) => {
    const { customerId, conversationId, subject, text, html, metadata } = message;
    return (await messenger.send({ customerId, channel, conversationId, subject, text, html, metadata }, sendOptions)).result;
  });
  const workflows = new WorkflowEngine({
    store: new WorkflowStore(options.database),
    host,
    registry: get(TOKENS.ContributionRegistry),
    events: get(TOKENS.EventBus),
    messenger,
    clock: get(TOKENS.Clock),
    logger: options.logger.child({ component: 'workflows' }),
    options: { ...DEFAULT_WORKFLOW_ENGINE_OPTIONS, ...options.workflows },
    soleProcess: options.database.dialect === 'sqlite',
  });
  get<DeferredWorkflowStarter>(TOKENS.WorkflowStarter).bind(workflows);

  const evaluator = new CustomerEvaluator({
    registry: get(TOKENS.ContributionRegistry),
    events: get(TOKENS.EventBus),
    host,
    customers: get(TOKENS.CustomerService),
    interactions: get(TOKENS.InteractionService),
    scores,
    segments,
    clock: get(TOKENS.Clock),
    logger: options.logger.child({ component: 'evaluation' }),
    timeoutMs: hostOptions.handlerTimeoutMs,
  });
  const sweeps = new ReevaluationSweeps(
    options.database,
    evaluator,
    get(TOKENS.CustomerService),
    host,
    get(TOKENS.Clock),
    options.logger.child({ component: 'evaluation' }),
  );

  return {
    container,
    workflows,
    database: options.database,
    host: get(TOKENS.PluginHost),
    events: get(TOKENS.EventBus),
    registry: get(TOKENS.ContributionRegistry),
    dispatcher: get<EventBus>(TOKENS.EventBus).outboxDelivery as EventDispatcher,
    customers: get(TOKENS.CustomerService),
    interactions: get(TOKENS.InteractionService),
    conversations: get(TOKENS.ConversationService),
    kpis: get(TOKENS.ConversationKpis),
    merger: get(TOKENS.CustomerMerger),
    messenger,
    scores,
    segments,
    sweeps,
    storage: get(TOKENS.KeyValueStoreProvider),
    clock: get(TOKENS.Clock),
    logger: options.logger,
  };
}
