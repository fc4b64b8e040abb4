import type { Logger } from 'pino';
import type {
  ChannelsApi,
  ConversationsApi,
  CustomersApi,
  EventsApi,
  InteractionsApi,
  KeyValueStorage,
  PluginContext,
  PrivacyApi,
  BotsApi,
  AnnotatorsApi,
  ScoringApi,
  SegmentationApi,
  WorkflowsApi,
} from './context.js';
import { serviceToken } from './serviceToken.js';

/*
 * The services of a plugin's own inversify container (`ctx.container`). Each is the same object
 * as the matching member of the plugin's context, permission checks included, so a class the
 * plugin binds there receives what it needs by constructor injection instead of being handed the
 * whole context. Each token and its type share one name.
 *
 * @example
 * ```ts
 * import { inject, injectable } from 'inversify';
 * import { Customers, Scoring } from '@rapport/sdk';
 *
 * @injectable()
 * class TierCalculator {
 *   constructor(@inject(Customers) private readonly customers: Customers, @inject(Scoring) private readonly scoring: Scoring) {}
 * }
 *
 * export function activate(ctx: PluginContext) {
 *   ctx.container.bind(TierCalculator).toSelf();
 *   const tiers = ctx.container.get(TierCalculator);
 * }
 * ```
 * (Parameter decorators need `"experimentalDecorators": true` in the plugin's tsconfig.) The whole
 * context is bound too, under `PLUGIN_CONTEXT`.
 */

/** `ctx.customers`: read needs `customers:read`, changes need `customers:write`. */
export const Customers = serviceToken<CustomersApi>('rapport.Customers');
/** `ctx.customers`. */
export type Customers = CustomersApi;

/** `ctx.interactions`: reads need `interactions:read`, `record` needs `interactions:write`. */
export const Interactions = serviceToken<InteractionsApi>('rapport.Interactions');
/** `ctx.interactions`. */
export type Interactions = InteractionsApi;

/** `ctx.conversations`. */
export const Conversations = serviceToken<ConversationsApi>('rapport.Conversations');
/** `ctx.conversations`. */
export type Conversations = ConversationsApi;

/** `ctx.storage`, the plugin's key–value store. Needs `storage`. */
export const Storage = serviceToken<KeyValueStorage>('rapport.Storage');
/** `ctx.storage`. */
export type Storage = KeyValueStorage;

/** `ctx.events`. */
export const Events = serviceToken<EventsApi>('rapport.Events');
/** `ctx.events`. */
export type Events = EventsApi;

/** `ctx.channels`. */
export const Channels = serviceToken<ChannelsApi>('rapport.Channels');
/** `ctx.channels`. */
export type Channels = ChannelsApi;

/** `ctx.scoring`. */
export const Scoring = serviceToken<ScoringApi>('rapport.Scoring');
/** `ctx.scoring`. */
export type Scoring = ScoringApi;

/** `ctx.segmentation`. */
export const Segmentation = serviceToken<SegmentationApi>('rapport.Segmentation');
/** `ctx.segmentation`. */
export type Segmentation = SegmentationApi;

/** `ctx.workflows`. */
export const Workflows = serviceToken<WorkflowsApi>('rapport.Workflows');
/** `ctx.workflows`. */
export type Workflows = WorkflowsApi;

/** `ctx.privacy`: export and erasure of what the plugin keeps about customers. */
export const Privacy = serviceToken<PrivacyApi>('rapport.Privacy');
/** `ctx.privacy`. */
export type Privacy = PrivacyApi;

/** `ctx.bots`: bots that answer first and hand off to people. */
export const Bots = serviceToken<BotsApi>('rapport.Bots');
/** `ctx.bots`. */
export type Bots = BotsApi;

/** `ctx.annotators`: metadata added to inbound messages before they are stored. */
export const Annotators = serviceToken<AnnotatorsApi>('rapport.Annotators');
/** `ctx.annotators`. */
export type Annotators = AnnotatorsApi;

/** `ctx.logger`, the pino logger whose lines carry the plugin's name. */
export const PluginLogger = serviceToken<Logger>('rapport.PluginLogger');
/** `ctx.logger`. */
export type PluginLogger = Logger;

/** `ctx.settings`, the plugin's validated settings. */
export const PluginSettings = serviceToken<Readonly<Record<string, unknown>>>('rapport.PluginSettings');
/** `ctx.settings`. */
export type PluginSettings = Readonly<Record<string, unknown>>;

/**
 * Every service a plugin's container holds, with the context member it is: what the host binds
 * when it creates the container, in one list.
 */
export const PLUGIN_SERVICES = [
  { token: Customers, member: 'customers' },
  { token: Interactions, member: 'interactions' },
  { token: Conversations, member: 'conversations' },
  { token: Storage, member: 'storage' },
  { token: Events, member: 'events' },
  { token: Channels, member: 'channels' },
  { token: Scoring, member: 'scoring' },
  { token: Segmentation, member: 'segmentation' },
  { token: Workflows, member: 'workflows' },
  { token: Privacy, member: 'privacy' },
  { token: Bots, member: 'bots' },
  { token: Annotators, member: 'annotators' },
  { token: PluginLogger, member: 'logger' },
  { token: PluginSettings, member: 'settings' },
] as const satisfies readonly { token: symbol; member: keyof PluginContext }[];
