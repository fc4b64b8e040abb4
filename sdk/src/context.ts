import type { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Delivery, DeliveryUpdate } from './delivery.js';
import type { Disposable } from './disposable.js';
import type {
  CreateCustomerInput,
  Customer,
  CustomerQuery,
  Conversation,
  Interaction,
  InteractionSearch,
  ListConversationsOptions,
  ListInteractionsOptions,
  RecordInteractionInput,
  UpdateCustomerInput,
} from './domain.js';
import type { EventHandler, EventPayload, EventType } from './events.js';
import type { ChannelProvider, OutboundMessage, SendOptions, SendResult } from './contributions/channel.js';
import type { ScoreResult, ScoringRule } from './contributions/scoring.js';
import type { RuleSegmentationModel } from './contributions/ruleTrees.js';
import type { SegmentationModel } from './contributions/segmentation.js';
import type { Workflow } from './contributions/workflow.js';
import type { CustomerDataHandler } from './contributions/privacy.js';
import type { Bot } from './contributions/bot.js';
import type { Annotator } from './contributions/annotator.js';
import type { Clock } from './clock.js';
import type { GraphQLApi } from './graphqlApi.js';

/** The name and version of a plugin, from its manifest. */
export interface PluginInfo {
  readonly name: string;
  readonly version: string;
}

/** A JSON value, as accepted by {@link KeyValueStorage}. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A persistent key–value store scoped to one plugin (`ctx.storage`). Values are JSON; what is
 * read back is a copy. Needs the `storage` permission.
 *
 * @example
 * ```ts
 * await ctx.storage.set('cursor', { page: 3 });
 * const cursor = await ctx.storage.get<{ page: number }>('cursor');
 * ```
 */
export interface KeyValueStorage {
  /** The value stored under `key`, or `undefined`. */
  get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: JsonValue): Promise<void>;
  /** Removes `key`; resolves to whether it existed. */
  delete(key: string): Promise<boolean>;
  /** Every key, sorted, optionally only those that start with `prefix`. */
  keys(prefix?: string): Promise<string[]>;
}

/** `ctx.customers`: read needs `customers:read`, changes need `customers:write`. */
export interface CustomersApi {
  /** The customer with this id, or `undefined`. */
  get(id: string): Promise<Customer | undefined>;
  /** Customers that match every given field of the query. */
  find(query: CustomerQuery): Promise<Customer[]>;
  /** Creates a customer; an email, phone or handle that belongs to another customer is a `ConflictError`. */
  create(input: CreateCustomerInput): Promise<Customer>;
  /** Changes the given fields of a customer. */
  update(id: string, input: UpdateCustomerInput): Promise<Customer>;
  /** Merges `attributes` into the customer's attributes; a `null` value removes that attribute. */
  setAttributes(id: string, attributes: Record<string, unknown>): Promise<Customer>;
  /**
   * Merges customer `sourceId` into `targetId`, as `mergeCustomers` does: the target takes the
   * source's identities, interactions, conversations, scores and segments, and the source's open
   * conversation joins the target's. Merging is a person's decision, or follows from proof that
   * both are one person, such as an identity token the business signed; never from an address a
   * customer merely claims.
   */
  merge(targetId: string, sourceId: string): Promise<Customer>;
}

/** `ctx.interactions`: `record` and `updateDelivery` need `interactions:write`, reads need `interactions:read`. */
export interface InteractionsApi {
  /** Records an interaction, finding or creating the customer from the identity given. */
  record(input: RecordInteractionInput): Promise<Interaction>;
  /** The interaction with this id, or `undefined`. */
  get(id: string): Promise<Interaction | undefined>;
  /** The interactions of a customer, ordered by `occurredAt`. */
  list(customerId: string, options?: ListInteractionsOptions): Promise<Interaction[]>;
  /**
   * Interactions of every customer that match the filter, one page at a time, for org-wide
   * figures. See `eachInteraction` for a loop over every page.
   */
  find(search: InteractionSearch): Promise<Interaction[]>;
  /**
   * Applies a provider's delivery receipt to an outbound message: its status moves forward or
   * stays (see `DELIVERY_STATUS_ORDER`), and a move publishes `interaction.delivery_changed`.
   * A receipt for a message not recorded yet is kept and applied when it is. Resolves to the
   * status now stored. Webhook callbacks can return receipts from `parseInbound` instead.
   *
   * @example
   * ```ts
   * await ctx.interactions.updateDelivery({ channel: 'sms', externalId: sid, status: 'DELIVERED' });
   * ```
   */
  updateDelivery(update: DeliveryUpdate): Promise<Delivery>;
}

/** `ctx.conversations`: `get` and `list` need `interactions:read`, `reopen` and `resolve` need `interactions:write`. */
export interface ConversationsApi {
  /** The conversation with this id, or `undefined`. */
  get(id: string): Promise<Conversation | undefined>;
  /**
   * A customer's conversations with their timings (first response, resolution), oldest first
   * unless `newestFirst`, at most `limit` (100 by default).
   *
   * @example
   * ```ts
   * const recent = await ctx.conversations.list(customerId, { status: 'RESOLVED', newestFirst: true, limit: 10 });
   * const slowest = Math.max(...recent.map((c) => c.firstResponseTimeMs ?? 0));
   * ```
   */
  list(customerId: string, options?: ListConversationsOptions): Promise<Conversation[]>;
  /** Marks a conversation resolved and publishes `conversation.resolved` (if it was open). */
  resolve(id: string): Promise<Conversation>;
  /**
   * Opens a resolved conversation again, e.g. after a low satisfaction score, so the team sees it
   * among the open ones. The next inbound message joins it.
   */
  reopen(id: string): Promise<Conversation>;
}

/** `ctx.events`: the event bus. */
export interface EventsApi {
  /**
   * Subscribes to an event type. The handler is bounded by a timeout; an error it throws is
   * logged with the plugin's name and counted, and does not stop other handlers.
   */
  on<T extends EventType>(type: T, handler: EventHandler<T>): Disposable;
  /**
   * Publishes an event of the plugin's own. Core event types (docs/plugin-context.md#events) are published by the
   * core only; use a namespaced type such as `acme.tier.changed`.
   */
  publish<T extends EventType>(type: T, payload: EventPayload<T>): Promise<void>;
}

/** `ctx.channels`. */
export interface ChannelsApi {
  /** Registers a channel declared in `contributes.channels`. */
  registerChannel(id: string, provider: ChannelProvider): Disposable;
  /**
   * Delivers a message through a channel (activating its plugin if needed) and records it as an
   * OUTBOUND interaction in the conversation, as `sendMessage` does: the core fills in `to` and
   * the thread's `references`. Give an `idempotencyKey` to make a retried call deliver once.
   * Needs `messages:send`.
   */
  send(channelId: string, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
}

/** A score as the core stores it for a customer: a rule's last result. */
export interface StoredScore extends ScoreResult {
  rule: string;
  /** When the rule computed it. */
  computedAt: Date;
}

/** A customer's membership of a segment. */
export interface SegmentMembership {
  model: string;
  segment: string;
  /** Since when the customer is in it. */
  since: Date;
}

/** `ctx.scoring`: registering needs `scores:write`; reading stored scores needs `customers:read`. */
export interface ScoringApi {
  /** Registers a scoring rule declared in `contributes.scoringRules`. */
  registerScoringRule<Trigger extends EventType>(id: string, rule: ScoringRule<Trigger>): Disposable;
  /**
   * The stored score of a rule for a customer (any plugin's rule), e.g. for a GraphQL resolver;
   * `undefined` when the rule has none for them.
   */
  get(customerId: string, rule: string): Promise<StoredScore | undefined>;
}

/** `ctx.segmentation`: registering needs `segments:write`; reading memberships needs `customers:read`. */
export interface SegmentationApi {
  /**
   * Registers a segmentation model declared in `contributes.segmentationModels`: one that
   * classifies in code ({@link SegmentationModel}), or one whose segments are rule trees
   * ({@link RuleSegmentationModel}). A rule model is validated here: a segment its manifest does
   * not declare, or a tree that does not validate, throws a `ValidationError` naming the plugin,
   * the segment and the JSON path, which fails the activation.
   */
  registerSegmentationModel<Trigger extends EventType>(id: string, model: SegmentationModel<Trigger> | RuleSegmentationModel): Disposable;
  /** The customer's segment memberships, in every model or in one. */
  membershipsOf(customerId: string, model?: string): Promise<SegmentMembership[]>;
}

/** What `ctx.workflows.start()` returns. */
export interface StartedWorkflowRun {
  runId: string;
}

/** `ctx.workflows`. Needs `workflows:run`. */
export interface WorkflowsApi {
  /** Registers a workflow declared in `contributes.workflows`. */
  registerWorkflow<Input = Record<string, unknown>>(id: string, workflow: Workflow<Input>): Disposable;
  /** Starts a run of a workflow by hand. */
  start(id: string, input: Record<string, unknown>): Promise<StartedWorkflowRun>;
}

/**
 * `ctx.privacy`: taking part in privacy requests. A plugin that keeps anything about customers
 * outside the core's tables registers how to export it and how to erase it, so `exportCustomer`
 * and `eraseCustomer` cover it (docs/security/privacy.md).
 */
export interface PrivacyApi {
  /**
   * Registers the export and the erasure of data the plugin keeps about customers, declared in
   * `contributes.customerData`. Needs no permission.
   *
   * @example
   * ```ts
   * ctx.subscriptions.push(
   *   ctx.privacy.registerCustomerData('notes', {
   *     export: async ({ id }) => ({ note: (await ctx.storage.get(`notes:${id}`)) ?? null }),
   *     erase: async ({ id }) => void (await ctx.storage.delete(`notes:${id}`)),
   *   }),
   * );
   * ```
   */
  registerCustomerData(id: string, handler: CustomerDataHandler): Disposable;
}

/** `ctx.bots`: registering needs `messages:send`. */
export interface BotsApi {
  /**
   * Registers a bot declared in `contributes.bots`; the deployment's `bots` config puts it first
   * on channels' new conversations.
   */
  registerBot(id: string, bot: Bot): Disposable;
}

/** `ctx.annotators`: registering needs `interactions:write`. */
export interface AnnotatorsApi {
  /**
   * Registers an annotator declared in `contributes.annotators`: the core calls it on each inbound
   * customer message with text, before storing it, and merges what it returns into the message's
   * `metadata` (see {@link Annotator}).
   *
   * @example
   * ```ts
   * ctx.subscriptions.push(ctx.annotators.registerAnnotator('length', (message) => ({ length: message.text.length })));
   * ```
   */
  registerAnnotator(id: string, annotator: Annotator): Disposable;
}

/** `ctx.plugins`. */
export interface PluginsApi {
  /**
   * The value returned by the `activate()` of a plugin this one declares in
   * `pluginDependencies`. Dependencies are always active before their dependents.
   */
  getExports<T = unknown>(name: string): T;
}

/**
 * Everything a plugin receives in `activate(ctx)` (docs/plugin-context.md#the-context). Each
 * plugin gets its own context; every member that touches data is checked against the manifest's permissions and
 * throws `PermissionDeniedError` for a call the plugin did not declare.
 *
 * @example
 * ```ts
 * import type { PluginContext } from '@rapport/sdk';
 *
 * export async function activate(ctx: PluginContext) {
 *   ctx.subscriptions.push(
 *     ctx.events.on('customer.created', async ({ customerId }) => {
 *       ctx.logger.info({ customerId }, 'welcome');
 *     }),
 *   );
 * }
 * ```
 */
export interface PluginContext<Settings extends object = Readonly<Record<string, unknown>>> {
  /** The plugin's own name and version. */
  readonly plugin: PluginInfo;
  /** Disposed in reverse order when the plugin is deactivated. */
  readonly subscriptions: Disposable[];
  /** A pino logger whose lines carry `plugin: <name>`. */
  readonly logger: Logger;
  /**
   * The plugin's settings, validated against `contributes.configuration`, with defaults applied.
   * Give their type as `PluginContext<MySettings>` (it is yours to keep in line with the schema;
   * the host has checked the values against the schema before `activate()` runs).
   *
   * @example
   * ```ts
   * interface Settings { window: string; threshold: number }
   * export function activate(ctx: PluginContext<Settings>) { ctx.settings.threshold; }
   * ```
   */
  readonly settings: Readonly<Settings>;
  /**
   * Where the settings come from: the deployment's config file (e.g. `/srv/rapport.config.json`),
   * or what the test host was given. Checks the JSON Schema cannot express (one setting against
   * another) name it in their errors; see `settingsProblem`.
   */
  readonly settingsFile: string;
  /**
   * The host's clock: `now()`, and timers measured against it (the test host's fake clock in
   * tests, so a daily job runs when the test advances a day). A timer belongs to the plugin: a
   * callback that throws is charged to the plugin like a failing handler, and pending timers are
   * cancelled when the plugin is deactivated. Timers do not survive a restart; for work that
   * must happen at a time whatever happens, start a workflow and let it `sleep`.
   *
   * @example
   * ```ts
   * const refit = () => { void fitModel(); ctx.clock.setTimer(86_400_000, refit); };
   * ctx.clock.setTimer(0, refit);
   * ```
   */
  readonly clock: Clock;
  /** A persistent key–value store scoped to this plugin. Needs `storage`. */
  readonly storage: KeyValueStorage;
  readonly customers: CustomersApi;
  readonly interactions: InteractionsApi;
  readonly conversations: ConversationsApi;
  readonly events: EventsApi;
  readonly channels: ChannelsApi;
  readonly scoring: ScoringApi;
  readonly segmentation: SegmentationApi;
  readonly workflows: WorkflowsApi;
  /** Export and erasure of what the plugin keeps about customers. */
  readonly privacy: PrivacyApi;
  /** Bots, which answer first and hand off to people. */
  readonly bots: BotsApi;
  /** Annotators, which add metadata to inbound messages before they are stored. */
  readonly annotators: AnnotatorsApi;
  readonly graphql: GraphQLApi;
  readonly plugins: PluginsApi;
  /** The plugin's own inversify child container; unbound when the plugin is deactivated. */
  readonly container: Container;
}

/** The shape of a plugin's entry module (docs/plugin-context.md#the-entry-module). */
export interface PluginModule {
  /** Called when one of the plugin's activation events happens; may return an API object. */
  activate(ctx: PluginContext): unknown;
  /** Called before the plugin's subscriptions are disposed. */
  deactivate?(): unknown;
}

/**
 * The service identifier under which a plugin's own context is bound in its child container,
 * so classes the plugin binds there can receive it with `@inject(PLUGIN_CONTEXT)`.
 *
 * @example
 * ```ts
 * ctx.container.bind(TierCalculator).toDynamicValue((c) => new TierCalculator(c.get(PLUGIN_CONTEXT)));
 * ```
 */
export const PLUGIN_CONTEXT: unique symbol = Symbol.for('rapport.PluginContext');
