import type { Logger } from 'pino';
import type { Clock } from '@rapport/sdk';
import type { ApiKeys } from '../access/ApiKeys.js';
import type { Authenticator } from '../access/Authenticator.js';
import type { CorsOptions } from '../access/CorsPolicy.js';
import type { GraphQLOptions } from '../access/GraphQLOptions.js';
import type { RateLimiter } from '../access/RateLimiter.js';
import type { Sessions } from '../access/Sessions.js';
import type { Users } from '../access/Users.js';
import type { AuditLog } from '../audit/AuditLog.js';
import type { OutboundMessenger } from '../channels/OutboundMessenger.js';
import type { ReplyWindows } from '../channels/ReplyWindows.js';
import type { ContributionRegistry } from '../contributions/ContributionRegistry.js';
import type { PluginCalls } from '../contributions/PluginCalls.js';
import type { ServiceKpis } from '../kpis/ServiceKpis.js';
import type { ConversationService } from '../domain/ConversationService.js';
import type { CustomerMerger } from '../domain/CustomerMerger.js';
import type { CustomerService } from '../domain/CustomerService.js';
import type { DeliveryTracker } from '../domain/delivery/DeliveryTracker.js';
import type { InteractionService } from '../domain/InteractionService.js';
import type { EventBus } from '../events/EventBus.js';
import type { Database } from '../persistence/openDatabase.js';
import type { PluginHost } from '../plugin-host/PluginHost.js';
import type { PrivacyRequests } from '../privacy/PrivacyRequests.js';
import type { WorkflowEngine } from '../workflows/WorkflowEngine.js';
import type { TypingIndicators } from '../channels/TypingIndicators.js';
import type { ConversationOwnership } from '../domain/ConversationOwnership.js';
import type { InboxQuery } from '../inbox/InboxQuery.js';
import type { SegmentDefinitions } from '../segments/SegmentDefinitions.js';
import type { SubscriptionRedisOptions } from './subscriptions/subscriptionPubSub.js';
import type { Webhooks } from '../webhooks/Webhooks.js';
import type { Metrics } from '../metrics/Metrics.js';

/** The core services the GraphQL layer resolves against; the kernel provides them. */
export interface GraphQLServices {
  database: Database;
  customers: CustomerService;
  interactions: InteractionService;
  conversations: ConversationService;
  /** Hand-off and assignment (takeOverConversation, assignConversation). */
  ownership: ConversationOwnership;
  /** The agents' inbox (`conversations(...)`). */
  inbox: InboxQuery;
  /** Agents' typing shown to customers (`setTyping`). */
  typing: TypingIndicators;
  /** Segments defined by rule trees (`defineSegment`, `segmentDefinitions`). */
  segmentDefinitions: SegmentDefinitions;
  kpis: ServiceKpis;
  merger: CustomerMerger;
  messenger: OutboundMessenger;
  deliveries: DeliveryTracker;
  replyWindows: ReplyWindows;
  host: PluginHost;
  /** Where a plugin resolver's calls and failures are reported (its figures, its circuit breaker). */
  calls: PluginCalls;
  workflows: WorkflowEngine;
  events: EventBus;
  registry: ContributionRegistry;
  logger: Logger;
  clock: Clock;
  /** Turns a request's bearer token into its principal (access control, docs/security.md). */
  authenticator: Authenticator;
  /** API keys, users and sessions: the access resolvers (createApiKey, login, …). */
  apiKeys: ApiKeys;
  users: Users;
  sessions: Sessions;
  /** The per-credential request budget. */
  rateLimiter: RateLimiter;
  /** Query limits, suggestions and introspection (`graphql` in the config); the defaults when absent. */
  graphql?: GraphQLOptions;
  /**
   * Serves every request as the system, without credentials or rate limits. Only the benchmarks
   * set it, to measure what the door costs; nothing in the config file reaches it.
   */
  withoutAccessControl?: boolean;
  /** Which web origins may call the API from a browser (`server.cors`); none when absent. */
  cors?: CorsOptions;
  /** Headers GraphiQL starts with (`rapport start --demo` fills in the demo key). */
  graphiqlHeaders?: Record<string, string>;
  /** The tamper-evident audit log (`auditEvents`). */
  audit: AuditLog;
  /** Export and erasure of a customer's data (`exportCustomer`, `eraseCustomer`). */
  privacy: PrivacyRequests;
  /** Outbound webhooks: endpoints, deliveries and their log (`webhookEndpoints`, `createWebhookEndpoint`, …). */
  webhooks: Webhooks;
  /** How long a plugin's GraphQL resolver may run before it fails (default 10 s, the plugin handler budget). */
  pluginResolverTimeoutMs?: number;
  /**
   * Subscriptions' events go through this Redis (`redis.url` in the config), so subscribers on every
   * instance get them; in process when absent.
   */
  redis?: SubscriptionRedisOptions;
  /** Where executed operations are counted and timed (`/metrics`); none in the places that serve no metrics. */
  metrics?: Metrics;
}
