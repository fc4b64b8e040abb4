import type { Container } from 'inversify';
import { ApiKeys, SqlApiKeys } from '../access/ApiKeys.js';
import { RegisteredAnnotators } from '../annotations/RegisteredAnnotators.js';
import { Authenticator } from '../access/Authenticator.js';
import { CredentialAuthenticator } from '../access/CredentialAuthenticator.js';
import { Sessions, SqlSessions } from '../access/Sessions.js';
import { SqlUsers, Users } from '../access/Users.js';
import { ChannelProviders, RegisteredChannelProviders } from '../channels/ChannelProviders.js';
import { ConversationThreads, SqlConversationThreads } from '../channels/ConversationThreads.js';
import { InboundReceiver, RecordingInboundReceiver } from '../channels/InboundReceiver.js';
import { DeclaredReplyWindows, ReplyWindows } from '../channels/ReplyWindows.js';
import { OutboundMessenger, RecordingMessenger } from '../channels/OutboundMessenger.js';
import { bindService } from '../container/bindService.js';
import { ContributionRegistry, InMemoryContributionRegistry } from '../contributions/ContributionRegistry.js';
import { DeclaredContributions, ManifestIndex } from '../contributions/DeclaredContributions.js';
import { ActivationRequests, PluginActivation } from '../contributions/PluginActivation.js';
import { PluginCallReports, PluginCalls } from '../contributions/PluginCalls.js';
import { ServiceKpis, SqlServiceKpis } from '../kpis/ServiceKpis.js';
import { ConversationRouter } from '../domain/ConversationRouter.js';
import { ConversationService, DatabaseConversationService } from '../domain/ConversationService.js';
import { CustomerMerger, DatabaseCustomerMerger } from '../domain/CustomerMerger.js';
import { ConversationOwnership, DatabaseConversationOwnership } from '../domain/ConversationOwnership.js';
import { BotConductor, EventDrivenBotConductor } from '../bots/BotConductor.js';
import { BoundedPeoplesConversations, PeoplesConversations } from '../domain/PeoplesConversations.js';
import { EventDrivenRoundRobinAssigner, RoundRobinAssigner } from '../inbox/RoundRobinAssigner.js';
import { InboxQuery, SqlInboxQuery } from '../inbox/InboxQuery.js';
import { SegmentDefinitions, SqlSegmentDefinitions } from '../segments/SegmentDefinitions.js';
import { SegmentRefresh, SqlSegmentRefresh } from '../segments/SegmentRefresh.js';
import { SegmentRefreshSchedule, TimedSegmentRefreshSchedule } from '../segments/SegmentRefreshSchedule.js';
import { RegisteredRuleModels, RuleModels } from '../segments/RuleModels.js';
import { RuleModelRefresh, SqlRuleModelRefresh } from '../segments/RuleModelRefresh.js';
import { ChannelTypingIndicators, TypingIndicators } from '../channels/TypingIndicators.js';
import { CustomerService } from '../domain/CustomerService.js';
import { DatabaseCustomerService } from '../domain/DatabaseCustomerService.js';
import { DatabaseInteractionService } from '../domain/DatabaseInteractionService.js';
import { DeliveryTracker, SqlDeliveryTracker } from '../domain/delivery/DeliveryTracker.js';
import { InteractionService } from '../domain/InteractionService.js';
import { InboundAnnotations } from '../domain/interactions/InboundAnnotations.js';
import { CustomerEvaluator, TriggeredEvaluator } from '../evaluation/CustomerEvaluator.js';
import { ReevaluationSweeps, SweepsInDatabase } from '../evaluation/ReevaluationSweeps.js';
import { ScoreStore, SqlScoreStore } from '../evaluation/ScoreStore.js';
import { SegmentStore, SqlSegmentStore } from '../evaluation/SegmentStore.js';
import { EventBus, OutboxEventBus } from '../events/EventBus.js';
import { EventDispatcher, OutboxDispatcher } from '../events/EventDispatcher.js';
import { EventHandlers, InProcessEventHandlers } from '../events/EventHandlers.js';
import { EventOutbox, SqlEventOutbox } from '../events/EventOutbox.js';
import { PluginContextFactory } from '../plugin-host/context/PluginContextFactory.js';
import { PluginCustomerData, RegisteredPluginCustomerData } from '../privacy/PluginCustomerData.js';
import { DatabasePrivacyRequests, PrivacyRequests } from '../privacy/PrivacyRequests.js';
import { LazyPluginHost, PluginHost } from '../plugin-host/PluginHost.js';
import { DurableWorkflowEngine, WorkflowEngine, WorkflowStarter } from '../workflows/WorkflowEngine.js';
import { WorkflowStore } from '../workflows/WorkflowStore.js';
import { WorkflowWaits } from '../workflows/WorkflowWaits.js';
import { SqlWebhooks, Webhooks } from '../webhooks/Webhooks.js';
import { LeasedWebhookDeliveryWorker, WebhookDeliveryWorker } from '../webhooks/WebhookDeliveryWorker.js';
import { WebhookDeliveryStore } from '../webhooks/WebhookDeliveryStore.js';
import { WebhookEndpointStore } from '../webhooks/WebhookEndpointStore.js';
import { Metrics, PrometheusMetrics } from '../metrics/Metrics.js';

/**
 * Binds every core service under its token, to its implementation, folder by folder from the
 * bottom up. Implementations receive their dependencies by constructor injection (`@inject(token)`
 * on each parameter), so a service's dependencies are read in its constructor and nowhere else;
 * every binding is a singleton of the container. What the deployment provides (the logger, the
 * database, the clock, the options, the key–value storage) is bound by the caller, see createKernel.
 */
export function bindCoreServices(container: Container): void {
  // What plugins declare and register, and the two ways the core's parts reach the plugin host.
  bindService(container, DeclaredContributions).to(ManifestIndex);
  bindService(container, ContributionRegistry).to(InMemoryContributionRegistry);
  bindService(container, PluginActivation).to(ActivationRequests);
  bindService(container, PluginCalls).to(PluginCallReports);
  // The operator's figures: the parts above report to it; it reads the tables when scraped.
  bindService(container, Metrics).to(PrometheusMetrics);

  bindService(container, EventOutbox).to(SqlEventOutbox);
  bindService(container, EventHandlers).to(InProcessEventHandlers);
  bindService(container, EventDispatcher).to(OutboxDispatcher);
  bindService(container, EventBus).to(OutboxEventBus);

  // Credentials: API keys, users and their sessions, and the authenticator that reads them.
  bindService(container, ApiKeys).to(SqlApiKeys);
  bindService(container, Users).to(SqlUsers);
  bindService(container, Sessions).to(SqlSessions);
  bindService(container, Authenticator).to(CredentialAuthenticator);

  bindService(container, CustomerService).to(DatabaseCustomerService);
  bindService(container, PeoplesConversations).to(BoundedPeoplesConversations);
  container.bind(ConversationRouter).toSelf();
  bindService(container, DeliveryTracker).to(SqlDeliveryTracker);
  // What plugins add to inbound messages before they are stored (contributes.annotators).
  bindService(container, InboundAnnotations).to(RegisteredAnnotators);
  bindService(container, InteractionService).to(DatabaseInteractionService);
  bindService(container, ConversationService).to(DatabaseConversationService);
  bindService(container, ServiceKpis).to(SqlServiceKpis);
  bindService(container, CustomerMerger).to(DatabaseCustomerMerger);
  bindService(container, ConversationOwnership).to(DatabaseConversationOwnership);
  bindService(container, BotConductor).to(EventDrivenBotConductor);
  bindService(container, RoundRobinAssigner).to(EventDrivenRoundRobinAssigner);
  bindService(container, InboxQuery).to(SqlInboxQuery);
  bindService(container, SegmentRefresh).to(SqlSegmentRefresh);
  bindService(container, SegmentDefinitions).to(SqlSegmentDefinitions);
  bindService(container, RuleModels).to(RegisteredRuleModels);
  bindService(container, RuleModelRefresh).to(SqlRuleModelRefresh);
  bindService(container, SegmentRefreshSchedule).to(TimedSegmentRefreshSchedule);
  bindService(container, TypingIndicators).to(ChannelTypingIndicators);

  bindService(container, ScoreStore).to(SqlScoreStore);
  bindService(container, SegmentStore).to(SqlSegmentStore);
  bindService(container, CustomerEvaluator).to(TriggeredEvaluator);
  bindService(container, ReevaluationSweeps).to(SweepsInDatabase);

  bindService(container, ChannelProviders).to(RegisteredChannelProviders);
  bindService(container, ConversationThreads).to(SqlConversationThreads);
  bindService(container, OutboundMessenger).to(RecordingMessenger);
  bindService(container, InboundReceiver).to(RecordingInboundReceiver);
  bindService(container, ReplyWindows).to(DeclaredReplyWindows);

  container.bind(WorkflowStore).toSelf();
  container.bind(WorkflowWaits).toSelf();
  bindService(container, WorkflowEngine).to(DurableWorkflowEngine);
  bindService(container, WorkflowStarter).toService(WorkflowEngine);

  // Outbound webhooks: endpoints, the recording of events and the delivery worker.
  container.bind(WebhookEndpointStore).toSelf();
  container.bind(WebhookDeliveryStore).toSelf();
  bindService(container, WebhookDeliveryWorker).to(LeasedWebhookDeliveryWorker);
  bindService(container, Webhooks).to(SqlWebhooks);

  // Privacy requests: export and erasure of a customer's data, the plugins' included.
  bindService(container, PluginCustomerData).to(RegisteredPluginCustomerData);
  bindService(container, PrivacyRequests).to(DatabasePrivacyRequests);

  container.bind(PluginContextFactory).toSelf();
  bindService(container, PluginHost).to(LazyPluginHost);
}
