import 'reflect-metadata';
import { Container } from 'inversify';
import type { ServiceToken } from '@rapport/sdk';
import { ApiKeys } from '../access/ApiKeys.js';
import { Authenticator } from '../access/Authenticator.js';
import { AuthOptions, DEFAULT_AUTH_OPTIONS } from '../access/AuthOptions.js';
import { MemoryRateLimiter } from '../access/MemoryRateLimiter.js';
import { RateLimiter } from '../access/RateLimiter.js';
import { DEFAULT_RATE_LIMIT, RateLimitOptions, RedisOptions } from '../access/RateLimitOptions.js';
import { RedisRateLimiter } from '../access/RedisRateLimiter.js';
import { Sessions } from '../access/Sessions.js';
import { Users } from '../access/Users.js';
import { AuditLog, AuditOptions, DEFAULT_AUDIT_OPTIONS } from '../audit/AuditLog.js';
import { DisabledAuditLog } from '../audit/DisabledAuditLog.js';
import { SqlAuditLog } from '../audit/SqlAuditLog.js';
import { ReplyWindows } from '../channels/ReplyWindows.js';
import { DeliveryTracker } from '../domain/delivery/DeliveryTracker.js';
import { ChannelProviders } from '../channels/ChannelProviders.js';
import { InboundReceiver } from '../channels/InboundReceiver.js';
import { OutboundMessenger } from '../channels/OutboundMessenger.js';
import { Clock } from '../clock/Clock.js';
import { SystemClock } from '../clock/SystemClock.js';
import { bindService, resolveService } from '../container/bindService.js';
import { ContributionRegistry } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { PluginCalls } from '../contributions/PluginCalls.js';
import { DEFAULT_PLUGIN_HOST_OPTIONS, PluginHostOptions } from '../contributions/PluginHostOptions.js';
import { DEFAULT_KPI_OPTIONS, KpiOptions } from '../kpis/KpiOptions.js';
import { ServiceKpis } from '../kpis/ServiceKpis.js';
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
import { PrivacyRequests } from '../privacy/PrivacyRequests.js';
import { DatabaseKeyValueStoreProvider } from '../storage/DatabaseKeyValueStoreProvider.js';
import { KeyValueStoreProvider } from '../storage/KeyValueStoreProvider.js';
import { DEFAULT_WORKFLOW_ENGINE_OPTIONS, WorkflowEngine, WorkflowEngineOptions } from '../workflows/WorkflowEngine.js';
import { BotConductor } from '../bots/BotConductor.js';
import { BotHandoffOptions, DEFAULT_BOT_HANDOFF_OPTIONS } from '../bots/BotHandoffOptions.js';
import { ChannelBots } from '../domain/channelBots.js';
import { ConversationOwnership } from '../domain/ConversationOwnership.js';
import { AssignmentOptions, DEFAULT_ASSIGNMENT_OPTIONS } from '../inbox/AssignmentOptions.js';
import { RoundRobinAssigner } from '../inbox/RoundRobinAssigner.js';
import { InboxQuery } from '../inbox/InboxQuery.js';
import { TypingIndicators } from '../channels/TypingIndicators.js';
import { SegmentDefinitions } from '../segments/SegmentDefinitions.js';
import { DEFAULT_SEGMENT_REFRESH_OPTIONS, SegmentRefreshOptions } from '../segments/SegmentRefreshOptions.js';
import { SegmentRefreshSchedule } from '../segments/SegmentRefreshSchedule.js';
import { DEFAULT_WEBHOOK_OPTIONS, WebhookOptions } from '../webhooks/WebhookOptions.js';
import { WebhookDeliveryWorker } from '../webhooks/WebhookDeliveryWorker.js';
import { Webhooks } from '../webhooks/Webhooks.js';
import { Metrics } from '../metrics/Metrics.js';
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
  /**
   * The audit log: its key (`audit.secret`) and retention. `enabled: false` records nothing: only
   * benchmarks use it, for the baseline that auditing's cost is measured against.
   */
  audit?: { enabled?: boolean; secret?: string; retentionMs?: number };
  /** Requests allowed per credential and window (default 1200 a minute). */
  rateLimit?: Partial<RateLimitOptions>;
  /** With a URL, instances share the rate limits through Redis; without, each counts in memory. */
  redis?: RedisOptions;
  /** Sessions of signed-in users (`auth` in the config; sessions last 12 hours by default). */
  auth?: Partial<AuthOptions>;
  /** Which bot answers first on which channel (`bots`): channel id → bot id. */
  bots?: Readonly<Record<string, string>>;
  /** When bots hand conversations to people (`botHandoff`). */
  botHandoff?: Partial<BotHandoffOptions>;
  /** How conversations get an agent (`assignment`). */
  assignment?: Partial<AssignmentOptions>;
  /** When defined segments are refreshed (`segments`). */
  segments?: Partial<SegmentRefreshOptions>;
  /** Business hours and SLA targets of the service KPIs (`businessHours`, `sla`). */
  kpis?: Partial<KpiOptions>;
  /** How outbound webhooks are delivered (`webhooks`): the SSRF guard, the secrets' overlap, the timeout. */
  webhooks?: Partial<WebhookOptions>;
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
  kpis: ServiceKpis;
  merger: CustomerMerger;
  /** Every outbound message goes through it: sendMessage, ctx.channels.send, workflow sends. */
  messenger: OutboundMessenger;
  /** Every channel webhook request goes through it: the HTTP route and the test host. */
  inbound: InboundReceiver;
  /** The channels' providers: their own routes (`/channels/:id/…`) and typing indicators go through it. */
  channels: ChannelProviders;
  /** Delivery status of outbound messages (Interaction.delivery). */
  deliveries: DeliveryTracker;
  /** Channels' reply windows (Conversation.replyWindows). */
  replyWindows: ReplyWindows;
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
  /** Export and erasure of a customer's data, the plugins' included (exportCustomer, eraseCustomer). */
  privacy: PrivacyRequests;
  /** The tamper-evident audit log; `rapport start` starts its sealing and retention timers (`audit.start()`). */
  audit: AuditLog;
  /** The per-credential request budget; holds a Redis connection when `redis` is set, so close it on shutdown. */
  rateLimiter: RateLimiter;
  /** Turns a request's bearer token (an API key or a session) into its principal. */
  authenticator: Authenticator;
  /** API keys: `rapport keys`, the GraphQL mutations, the bootstrap and demo keys. */
  apiKeys: ApiKeys;
  /** The people who sign in. */
  users: Users;
  /** Signed-in users' sessions: login and logout. */
  sessions: Sessions;
  /** Hand-off and assignment of conversations. */
  ownership: ConversationOwnership;
  /** Runs the bots' turns (bots/). */
  bots: BotConductor;
  /** The agents' inbox (`conversations(...)`). */
  inbox: InboxQuery;
  /** Agents' typing, shown on the customer's channel (`setTyping`). */
  typing: TypingIndicators;
  /** Segments defined by rule trees (`defineSegment`). */
  segmentDefinitions: SegmentDefinitions;
  /** Keeps defined segments current; `rapport start` starts it. */
  segmentSchedule: SegmentRefreshSchedule;
  /** Outbound webhooks: endpoints, deliveries and their log (the GraphQL API manages them). */
  webhooks: Webhooks;
  /** Sends webhook deliveries; `rapport start` starts it once the plugins are up. */
  webhookWorker: WebhookDeliveryWorker;
  /** The operator's figures, served at `/metrics` when `metrics.token` is set. */
  metrics: Metrics;
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
  bindService(container, AuthOptions).toConstantValue({ ...DEFAULT_AUTH_OPTIONS, ...options.auth });
  bindService(container, RateLimitOptions).toConstantValue({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit });
  container.bind(MemoryRateLimiter).toSelf();
  if (options.redis) {
    bindService(container, RedisOptions).toConstantValue(options.redis);
    bindService(container, RateLimiter).to(RedisRateLimiter);
  } else {
    bindService(container, RateLimiter).toService(MemoryRateLimiter);
  }
  bindService(container, ChannelBots).toConstantValue(new Map(Object.entries(options.bots ?? {})));
  bindService(container, BotHandoffOptions).toConstantValue({ ...DEFAULT_BOT_HANDOFF_OPTIONS, ...options.botHandoff });
  bindService(container, SegmentRefreshOptions).toConstantValue({ ...DEFAULT_SEGMENT_REFRESH_OPTIONS, ...options.segments });
  bindService(container, AssignmentOptions).toConstantValue({ ...DEFAULT_ASSIGNMENT_OPTIONS, ...options.assignment });
  bindService(container, KpiOptions).toConstantValue({ ...DEFAULT_KPI_OPTIONS, ...options.kpis });
  bindService(container, WebhookOptions).toConstantValue({ ...DEFAULT_WEBHOOK_OPTIONS, ...options.webhooks });
  bindService(container, ConversationWindowMs).toConstantValue(options.conversationWindowMs ?? DEFAULT_CONVERSATION_WINDOW_MS);
  const audit: AuditOptions = { ...DEFAULT_AUDIT_OPTIONS, ...options.audit };
  bindService(container, AuditOptions).toConstantValue(audit);
  bindService(container, AuditLog).to(audit.enabled ? SqlAuditLog : DisabledAuditLog);
  if (options.storage) bindService(container, KeyValueStoreProvider).toConstantValue(options.storage);
  else bindService(container, KeyValueStoreProvider).to(DatabaseKeyValueStoreProvider);
  bindCoreServices(container);

  const get = <T>(token: ServiceToken<T>): T => resolveService(container, token);
  // The evaluator subscribes to registrations as it is made: it must exist before any plugin registers.
  get(CustomerEvaluator);
  // The bots and automatic assignment listen to events from construction on, like the evaluator.
  get(RoundRobinAssigner);
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
    kpis: get(ServiceKpis),
    merger: get(CustomerMerger),
    messenger: get(OutboundMessenger),
    inbound: get(InboundReceiver),
    channels: get(ChannelProviders),
    deliveries: get(DeliveryTracker),
    replyWindows: get(ReplyWindows),
    calls: get(PluginCalls),
    scores: get(ScoreStore),
    segments: get(SegmentStore),
    sweeps: get(ReevaluationSweeps),
    storage: get(KeyValueStoreProvider),
    audit: get(AuditLog),
    privacy: get(PrivacyRequests),
    clock: get(Clock),
    logger: options.logger,
    rateLimiter: get(RateLimiter),
    authenticator: get(Authenticator),
    apiKeys: get(ApiKeys),
    users: get(Users),
    sessions: get(Sessions),
    ownership: get(ConversationOwnership),
    bots: get(BotConductor),
    inbox: get(InboxQuery),
    typing: get(TypingIndicators),
    segmentDefinitions: get(SegmentDefinitions),
    segmentSchedule: get(SegmentRefreshSchedule),
    webhooks: get(Webhooks),
    webhookWorker: get(WebhookDeliveryWorker),
    metrics: get(Metrics),
  };
}
