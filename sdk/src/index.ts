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
  formatProblems,
  type RapportErrorCode,
  type ValidationProblem,
} from './errors.js';
export { parseDuration, type Duration } from './duration.js';
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
  Conversation,
  ConversationStatus,
} from './domain.js';
export { PLUGIN_CONTEXT } from './context.js';
export { eachInteraction } from './interactionPages.js';
export { settingsProblem, throwIfSettingsProblems } from './settingsProblems.js';
export { CSAT_QUESTION, NPS_QUESTION, isSurveyQuestion, readSurveyAnswer, type SurveyQuestion } from './surveys.js';
export {
  SURVEY_RESPONSE,
  CSAT_METRIC,
  NPS_METRIC,
  CSAT_SATISFIED_FROM,
  CSAT_UNSATISFIED_BELOW,
  NPS_PROMOTER_FROM,
  NPS_DETRACTOR_UP_TO,
  readAnswer,
  tallyAnswers,
  parseWindow,
  windowSetting,
  answersInWindow,
  evaluateSatisfaction,
  satisfactionRule,
  checkRange,
  tallyOrgWide,
  orgWideFigures,
  describeWindow,
  type AnswerTally,
  type CsatTally,
  type NpsTally,
  type SatisfactionMetric,
  type SatisfactionRange,
  type OrgWideFigures,
} from './satisfaction.js';
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
  GraphQLApi,
  ResolverMap,
  PluginsApi,
} from './context.js';
export type {
  ChannelProvider,
  OutboundMessage,
  SendOptions,
  SendResult,
  InboundRequest,
  InboundMessage,
} from './contributions/channel.js';
export type { ScoringRule, ScoreResult, CustomerSubject } from './contributions/scoring.js';
export type { SegmentationModel } from './contributions/segmentation.js';
export type {
  AftercareWorkflow,
  WorkflowRun,
  WorkflowMessage,
  WaitForEventOptions,
} from './contributions/workflow.js';
export type { PluginState, PluginStatus, PluginMetrics } from './host.js';
