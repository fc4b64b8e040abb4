/**
 * `@rapport/sdk`: the public plugin API of Rapport. Plugins depend on this package only.
 *
 * @packageDocumentation
 */
export { API_VERSION } from './version.js';
export { Disposable } from './disposable.js';
export { EventEmitter, type Event } from './event.js';
export {
  RapportError,
  PermissionDeniedError,
  PluginLoadError,
  ManifestValidationError,
  SettingsValidationError,
  ContributionMismatchError,
  ConfigError,
  ValidationError,
  NotFoundError,
  ConflictError,
  TimeoutError,
  PluginNotActiveError,
  DeliveryError,
  ChannelWindowClosedError,
  formatProblems,
  type RapportErrorCode,
  type ValidationProblem,
} from './errors.js';
export { parseDuration, type Duration } from './duration.js';
export { toGlobalId, fromGlobalId, decodeGlobalId } from './globalIds.js';
export type { Clock } from './clock.js';
export {
  PERMISSIONS,
  manifestSchema,
  type Permission,
  type ActivationEvent,
  type PluginManifest,
  type RapportManifestSection,
  type PluginContributions,
  type ChannelContribution,
  type ChannelAddressKind,
  type ScoringRuleContribution,
  type SegmentationModelContribution,
  type WorkflowContribution,
  type CustomerDataContribution,
  type BotContribution,
  type AnnotatorContribution,
  type ViewContribution,
} from './manifest.js';
export {
  CORE_EVENT_TYPES,
  type CoreEventPayloads,
  type CoreEventType,
  type EventType,
  type EventPayload,
  type DeliveredEvent,
  type EventHandler,
} from './events.js';
export type {
  Direction,
  InteractionType,
  Customer,
  CreateCustomerInput,
  UpdateCustomerInput,
  CustomerQuery,
  Interaction,
  RecordInteractionInput,
  ListInteractionsOptions,
  InteractionSearch,
  ListConversationsOptions,
  Conversation,
  ConversationStatus,
  ConversationHandler,
} from './domain.js';
export { PLUGIN_CONTEXT } from './context.js';
export { eachInteraction } from './interactionPages.js';
export { durationSetting, settingsProblem, throwIfSettingsProblems } from './settingsProblems.js';
export {
  SURVEY_RESPONSE,
  CSAT_QUESTION,
  NPS_QUESTION,
  isSurveyQuestion,
  readSurveyAnswer,
  readAnswer,
  type SurveyQuestion,
} from './surveys.js';
export type {
  PluginContext,
  PluginInfo,
  PluginModule,
  JsonValue,
  KeyValueStorage,
  CustomersApi,
  InteractionsApi,
  ConversationsApi,
  EventsApi,
  ChannelsApi,
  ScoringApi,
  StoredScore,
  SegmentMembership,
  SegmentationApi,
  WorkflowsApi,
  StartedWorkflowRun,
  PrivacyApi,
  BotsApi,
  AnnotatorsApi,
  PluginsApi,
} from './context.js';
export type { GraphQLApi, ResolverMap, ResolverContext, FieldResolver } from './graphqlApi.js';
export {
  headerValue,
  publicUrlOf,
  type ChannelProvider,
  type OutboundMessage,
  type SendOptions,
  type SendResult,
  type InboundRequest,
  type InboundMessage,
  type InboundResult,
  type WebhookResponse,
  type MessageTemplate,
  type InteractionChanges,
  type RecordEvent,
  type TypingIndicator,
} from './contributions/channel.js';
export type { ChannelRequest, ChannelResponse } from './contributions/channelRoutes.js';
export { isBotHandOff, type Bot, type BotTurn, type BotResponse, type BotReply, type BotHandOff } from './contributions/bot.js';
export {
  DELIVERY_STATUS_ORDER,
  movesForward,
  type DeliveryStatus,
  type DeliveryReceipt,
  type DeliveryUpdate,
  type Delivery,
} from './delivery.js';
export { computeHmac, verifyHmacSignature, type HmacSignatureCheck, type SignatureAlgorithm, type SignatureEncoding } from './signatures.js';
export { verifySharedSecret, sharedSecretRefusal } from './sharedSecret.js';
export { serviceToken, getService, type ServiceToken, type ServiceSource } from './serviceToken.js';
/** inversify's decorators, from the SDK so that a plugin's classes and the host's containers share one inversify. */
export { inject, injectable } from 'inversify';
export {
  PLUGIN_SERVICES,
  Customers,
  Interactions,
  Conversations,
  Storage,
  Events,
  Channels,
  Scoring,
  Segmentation,
  Workflows,
  Privacy,
  Bots,
  Annotators,
  PluginLogger,
  PluginSettings,
} from './pluginServices.js';
export { CONTEXT_PERMISSIONS, requirementOf, type MemberRequirement } from './contextPermissions.js';
export {
  CONTRIBUTION_KINDS,
  CONTRIBUTION_ID_PATTERN,
  REGISTERED_CONTRIBUTION_KINDS,
  VIEW_ENTRY_PATTERN,
  contributionKind,
  registeredContributionKind,
  type ContributionKind,
  type ContributionField,
  type RegisteredContributionKind,
  type RegisteredContributionField,
} from './contributionKinds.js';
export { VIEW_LOCATIONS, type ViewLocation, type ViewModule, type ViewProps, type ViewRenderResult, type ViewScope } from './views.js';
export type { ScoringRule, ScoreResult, CustomerSubject } from './contributions/scoring.js';
export type { SegmentationModel } from './contributions/segmentation.js';
export {
  isRuleSegmentationModel,
  type RuleLeaf,
  type RuleOp,
  type RuleSegment,
  type RuleSegmentationModel,
  type RuleTree,
  type SegmentRank,
  type SegmentRankValue,
} from './contributions/ruleTrees.js';
export type { CustomerDataHandler, DataSubject } from './contributions/privacy.js';
export type { Annotator, AnnotatedMessage, Annotation } from './contributions/annotator.js';
export type {
  Workflow,
  AftercareWorkflow,
  WorkflowRun,
  WorkflowMessage,
  WaitForEventOptions,
} from './contributions/workflow.js';
export type { PluginState, PluginStatus, PluginMetrics } from './host.js';
