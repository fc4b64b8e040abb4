import type { Clock } from '../clock.js';
import type { Duration } from '../duration.js';
import type { ConversationsApi, CustomersApi, InteractionsApi, JsonValue, KeyValueStorage } from '../context.js';
import type { InboundRequest, OutboundMessage, SendOptions, SendResult } from '../contributions/channel.js';
import type { Interaction } from '../domain.js';
import type { DeliveredEvent, EventPayload, EventType } from '../events.js';
import type { PluginStatus } from '../host.js';
import type { ActivationEvent } from '../manifest.js';

/** Options of {@link createTestHost}. */
export interface TestHostOptions {
  /**
   * The plugins to load, as in `rapport.config.json`: package names, or paths relative to
   * `baseDir`. They are loaded as real packages, manifest and all.
   */
  plugins: string[];
  /** Settings per plugin name, validated against each plugin's `contributes.configuration`. */
  settings?: Record<string, unknown>;
  /** The clock; pass a {@link FakeClock} to move time by hand. Defaults to a new FakeClock. */
  clock?: Clock;
  /** The directory plugin paths are relative to; defaults to `process.cwd()`. */
  baseDir?: string;
  /** Fault-containment budgets, in milliseconds. */
  limits?: {
    /** How long `activate()` may take (default 10 000). */
    activationTimeoutMs?: number;
    /** How long one event handler call may take (default 10 000). */
    handlerTimeoutMs?: number;
    /** Failures within `circuitBreakerWindowMs` that disable a plugin (default 5). */
    circuitBreakerThreshold?: number;
    /** The circuit breaker's window (default 60 000). */
    circuitBreakerWindowMs?: number;
  };
  /**
   * Which bot answers first on which channel's new conversations, as `bots` in
   * rapport.config.json: channel id → bot id (`{ sms: 'faq' }`).
   */
  bots?: Record<string, string>;
  /** When bots hand conversations to people, as `botHandoff` in rapport.config.json. */
  botHandoff?: TestBotHandoff;
  /** Activate `onStartup` plugins while starting (default true). */
  startup?: boolean;
  /**
   * Whether the test expects plugin code to fail. By default a failure of an event handler, a
   * scoring rule, a segmentation model, a re-evaluation sweep or a workflow run while the host
   * handles an awaited call (`publish`, `receive`, `graphql`, a write, `advance`, …) fails that
   * call with an error naming the plugin, where it failed and why, instead of leaving it in the
   * log. With `true`, calls go on and {@link TestHost.failures} lists what failed.
   */
  expectFailures?: boolean;
}

/**
 * The hand-off rules of bots (`botHandoff` in rapport.config.json); each field has a default.
 */
export interface TestBotHandoff {
  /** Words or phrases that ask for a person, any language (they replace the default list). */
  words?: string[];
  /** Answers below this confidence (0..1) are not sent; the conversation goes to people (default 0.5). */
  minConfidence?: number;
  /** Unanswered bot turns in a row that hand off (default 2). */
  maxUnansweredTurns?: number;
  /** A message whose sentiment (-1..1) is below this hands off (default -0.5). */
  angerBelow?: number;
  /** How long a bot may take to respond (default 10 s). */
  timeout?: Duration;
}

/** A failure of plugin code the test host saw. */
export interface TestFailure {
  plugin: string;
  /** Which of its code failed, e.g. `the "customer.created" handler` or `workflow "welcome" (run …)`. */
  where: string;
  message: string;
}

/** A log line captured by the test host, as pino wrote it. */
export interface CapturedLog {
  level: number;
  msg: string;
  plugin?: string;
  [field: string]: unknown;
}

/**
 * A running in-memory core with real plugins loaded, for plugin tests. Everything a test does
 * here it does as the core would, without permission checks.
 */
export interface TestHost {
  /** The clock the host runs on. */
  readonly clock: Clock;
  /** The status of every configured plugin. */
  plugins(): PluginStatus[];
  /** The status of one plugin; throws for a name that was not loaded. */
  plugin(name: string): PluginStatus;
  /** Activates a plugin (and its dependencies) as if one of its events had happened. */
  activate(name: string): Promise<PluginStatus>;
  /** Fires an activation event such as `onChannel:email`; matching plugins activate. */
  fireActivationEvent(event: ActivationEvent): Promise<void>;
  /** Publishes an event as the core, activating `onEvent` subscribers and waiting for delivery. */
  publish<T extends EventType>(type: T, payload: EventPayload<T>): Promise<void>;
  /** Disables or re-enables a plugin at runtime. */
  setPluginEnabled(name: string, enabled: boolean): Promise<PluginStatus>;
  /**
   * Sends through a channel as `sendMessage` does: activates the channel's plugin, fills in `to`
   * and the thread's `references`, delivers, and records the OUTBOUND interaction.
   */
  send(channelId: string, message: OutboundMessage, options?: SendOptions): Promise<SendResult>;
  /**
   * Delivers a webhook request to a channel as `POST /channels/:id/inbound` does: the plugin's
   * `parseInbound`, then the messages recorded in one transaction. Resolves with the recorded
   * interactions; rejects with the plugin's `ValidationError` for input it refuses.
   */
  receive(channelId: string, request: TestInboundRequest): Promise<Interaction[]>;
  /**
   * Delivers a webhook request to a channel and answers as `GET`/`POST /channels/:id/inbound`
   * would: the channel's own response (a handshake's challenge, TwiML, a 403 for a bad signature)
   * or the route's JSON, with the HTTP status of an error instead of a rejection. For provider
   * channels whose answers matter.
   */
  webhook(channelId: string, request: TestInboundRequest): Promise<TestWebhookResponse>;
  /** Runs a GraphQL operation against the full schema, plugin extensions included. */
  graphql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<TestGraphQLResult<Data>>;
  /** The customer's stored scores, one per rule. */
  scores(customerId: string): Promise<TestScore[]>;
  /** The customer's segment memberships, across models. */
  segments(customerId: string): Promise<TestSegmentMembership[]>;
  /**
   * Exports everything stored about a customer, as `exportCustomer` does: the core's data and
   * what every plugin's customer data handler returns (under `plugins["<plugin>"]["<id>"]`), so a
   * test can check its plugin's part.
   *
   * @example
   * ```ts
   * const document = await host.exportCustomer(customerId);
   * expect(document.plugins['@acme/rapport-notes']).toEqual({ notes: { note: 'Prefers email' } });
   * ```
   */
  exportCustomer(customerId: string): Promise<TestCustomerExport>;
  /**
   * Erases a customer as `eraseCustomer` does: every plugin's eraser first, then the core's data;
   * afterwards the id is not found. Rejects, naming the plugin, when an eraser fails.
   */
  eraseCustomer(customerId: string): Promise<void>;
  /** The value a plugin's `activate()` returned. */
  getExports<T = unknown>(name: string): T;
  /** A plugin's key–value storage. */
  storage(pluginName: string): KeyValueStorage;
  /** The core's customers, without permission checks. */
  readonly customers: CustomersApi;
  /** The core's interactions, without permission checks. */
  readonly interactions: InteractionsApi;
  /** The core's conversations, without permission checks. */
  readonly conversations: ConversationsApi;
  /**
   * The data members as one plugin's context has them: every call checked against that plugin's
   * manifest, with the same permission table (`CONTEXT_PERMISSIONS`) as its context, so a test can
   * show what the plugin may and may not do.
   *
   * @example
   * ```ts
   * await expect(host.as('@acme/rapport-loyalty').customers.create({})).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
   * ```
   */
  as(pluginName: string): { customers: CustomersApi; interactions: InteractionsApi; conversations: ConversationsApi; storage: KeyValueStorage };
  /**
   * Moves the host's {@link FakeClock} forward by `duration`, stopping at every workflow timer,
   * retry, event-wait timeout and event redelivery that falls due on the way, and running what is
   * due at each stop, with the same workflow engine and event outbox as production. A 7-day
   * workflow runs through in milliseconds. Throws if the host was given another kind of clock.
   *
   * @param duration - milliseconds or ISO-8601, e.g. `'P7D'`.
   */
  advance(duration: Duration): Promise<void>;
  /** The workflow runs, most recently started first, with their steps. */
  workflowRuns(filter?: { workflow?: string; status?: TestWorkflowRun['status'] }): Promise<TestWorkflowRun[]>;
  /**
   * Every event delivered so far, oldest first (core events and plugins' own), optionally of one
   * type: what a plugin published, as its subscribers received it.
   */
  events<T extends EventType = EventType>(type?: T): DeliveredEvent<T>[];
  /** Every log line written so far. */
  logs(): CapturedLog[];
  /** Every failure of plugin code so far (see {@link TestHostOptions.expectFailures}). */
  failures(): TestFailure[];
  /** Deactivates every plugin and releases the host. */
  stop(): Promise<void>;
}

/** A workflow run as {@link TestHost.workflowRuns} reports it. */
export interface TestWorkflowRun {
  id: string;
  workflow: string;
  plugin: string;
  status: 'RUNNING' | 'SLEEPING' | 'WAITING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  customerId: string | null;
  input: Record<string, unknown>;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** Every step the run has reached, in order. */
  steps: { name: string; status: string; attempts: number; error: string | null }[];
}

/** A webhook request for {@link TestHost.receive}; `body` may be a string (UTF-8). */
export interface TestInboundRequest extends Partial<Omit<InboundRequest, 'body'>> {
  body: Uint8Array | string;
}

/** What {@link TestHost.webhook} answers: the HTTP response the route would send, and what was recorded. */
export interface TestWebhookResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as UTF-8 text. */
  body: string;
  interactions: Interaction[];
}

/** The result of {@link TestHost.graphql}, as a GraphQL server answers. */
export interface TestGraphQLResult<Data> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/**
 * The document {@link TestHost.exportCustomer} returns, as `exportCustomer` returns it
 * (docs/security/privacy.md lists its parts): `customer`, `identities`, `interactions`,
 * `conversations`, `scores`, `segments`, `workflowRuns` and the rest, then the plugins' part.
 */
export interface TestCustomerExport {
  customer: Record<string, unknown>;
  /** Plugin name → customer data id → what the plugin's exporter returned. */
  plugins: Record<string, Record<string, JsonValue>>;
  [part: string]: unknown;
}

/** A stored score, as {@link TestHost.scores} reports it. */
export interface TestScore {
  rule: string;
  value: number;
  label: string | null;
  explanation: string | null;
  computedAt: Date;
}

/** A segment membership, as {@link TestHost.segments} reports it. */
export interface TestSegmentMembership {
  model: string;
  segment: string;
  since: Date;
}
