import { CORS_ORIGIN_PATTERN, type CorsOptions } from '../access/CorsPolicy.js';
import type { GraphQLOptions } from '../access/GraphQLOptions.js';
import type { RateLimitOptions } from '../access/RateLimitOptions.js';
import type { ChannelRouteOptions } from '../channels/inboundRoute.js';
import type { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import type { EventDispatcherOptions } from '../events/EventDispatcher.js';
import type { WorkflowEngineOptions } from '../workflows/WorkflowEngine.js';
import type { BotHandoffOptions } from '../bots/BotHandoffOptions.js';
import type { AssignmentOptions } from '../inbox/AssignmentOptions.js';
import type { SegmentRefreshOptions } from '../segments/SegmentRefreshOptions.js';
import type { KpiOptions } from '../kpis/KpiOptions.js';
import type { WebhookOptions } from '../webhooks/WebhookOptions.js';
import type { TracingOptions } from '../tracing/startTracing.js';
import { tracingSchema } from './tracingConfig.js';

// The options of the GraphQL limits and the rate limit live with access control, which the
// kernel and the GraphQL layer may import (config may not be imported by them); re-exported here
// under the same names.
export { DEFAULT_GRAPHQL_LIMITS, type GraphQLLimits, type GraphQLOptions } from '../access/GraphQLOptions.js';
export { DEFAULT_RATE_LIMIT, RateLimitOptions } from '../access/RateLimitOptions.js';

/** The default lifetime of a session from `login`: 12 hours. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A loaded, validated rapport.config.json with defaults and overrides applied. */
export interface RapportConfig {
  /** The config file's absolute path, or a description when there is none. */
  file: string;
  /** The directory plugin paths and SQLite files are relative to. */
  baseDir: string;
  /**
   * `publicUrl`: the base URL clients and providers call, behind a proxy (channels'
   * `InboundRequest.publicUrl`). `timeouts` and `maxConnections` bound what one client can hold
   * open (`server.timeouts`, `server.maxConnections`). `cors`: the web origins whose pages may
   * call the API (`server.cors.origins`; none by default). `shutdownTimeoutMs`: how long a draining
   * instance may take to finish its requests and leases before it exits (`server.shutdownTimeout`).
   */
  server: { host: string; port: number; publicUrl?: string; timeouts: ServerTimeouts; maxConnections: number; cors: CorsOptions; shutdownTimeoutMs: number };
  /** The channels' webhook route (`channels.maxBodyBytes`). */
  channels: ChannelRouteOptions;
  /**
   * `connectTimeoutMs`: how long an unreachable database is retried at startup
   * (`database.connectTimeout`). `urlFrom`: where the URL was set, named in errors about it.
   */
  database: { url: string; connectTimeoutMs: number; urlFrom: ConfigOrigin };
  plugins: string[];
  pluginSettings: Record<string, unknown>;
  pluginHost: PluginHostOptions;
  /** How long an open conversation stays joinable without activity (`conversations.window`). */
  conversationWindowMs: number;
  /** How durable events are delivered (`events`). */
  events: EventDispatcherOptions;
  /** How workflow runs are scheduled and retried (`workflows`). */
  workflows: WorkflowEngineOptions;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Sessions of signed-in users (`auth.sessionTtl`). */
  auth: { sessionTtlMs: number };
  graphql: GraphQLOptions;
  rateLimit: RateLimitOptions;
  /** Shared state between instances (rate limits); none means in memory, one instance. */
  redis?: { url: string; channelPrefix?: string };
  /**
   * The audit log (`audit`): how long events are kept (none: forever), and the secret its
   * checkpoints and chain are keyed with (`audit.secret` or `RAPPORT_AUDIT_SECRET`).
   */
  audit: { retentionMs?: number; secret?: string };
  /** Which bot answers first on which channel (`bots`): channel id → bot id. */
  bots: Record<string, string>;
  /** When bots hand conversations to people (`botHandoff`). */
  botHandoff: BotHandoffOptions;
  /** How conversations get an agent (`assignment`). */
  assignment: AssignmentOptions;
  /** When defined segments are refreshed (`segments.refreshEvery`, `segments.coalesce`). */
  segments: SegmentRefreshOptions;
  /** Business hours and SLA targets of the service KPIs (`businessHours`, `sla`). */
  kpis: KpiOptions;
  /** Outbound webhooks (`webhooks`): the SSRF guard, the secrets' overlap after a rotation, the timeout. */
  webhooks: Pick<WebhookOptions, 'allowPrivateAddresses' | 'secretOverlapMs' | 'timeoutMs'>;
  /** `GET /metrics` (`metrics.token` or `RAPPORT_METRICS_TOKEN`): off (404) without a token. */
  metrics: { token?: string };
  /** Where OpenTelemetry spans go (`tracing`, or the OTEL_* environment); none: tracing is off. */
  tracing?: TracingOptions;
}

/** Where a configured value came from: a file (or `environment`, `command line`) and its field. */
export interface ConfigOrigin {
  file: string;
  field: string;
}

/** How long the HTTP server waits for a client, in milliseconds (`server.timeouts`). */
export interface ServerTimeouts {
  /** For a request's headers, from its first byte: a slow-headers client is dropped with 408. */
  headersMs: number;
  /** For a whole request, headers and body. */
  requestMs: number;
  /** For the next request on an idle keep-alive connection. */
  keepAliveMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };
/** How long a draining instance may take before it exits (`server.shutdownTimeout`). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Open connections one process serves at most; more are closed as they arrive. */
export const DEFAULT_MAX_CONNECTIONS = 1_000;
/** How long `rapport start` retries a database that does not answer. */
export const DEFAULT_DATABASE_CONNECT_TIMEOUT_MS = 30_000;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A duration field of the file: milliseconds, ISO-8601 (`"PT10S"`) or a short form (`"10s"`). */
const duration = (description: string) => ({ type: ['string', 'integer'], description: `milliseconds or a duration such as ${description}` });
/** A count or a size; `maximum` keeps a typo such as 1e12 from passing as a setting. */
const integer = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum });
/** A time in milliseconds, bounded the same way. */
const millis = (minimum: number, maximum: number) => integer(minimum, maximum);

/** A weekday's open hours: spans of local time. */
const openSpans = { type: 'array', maxItems: 24, items: { type: 'string', description: 'a span of local time such as "09:00-17:00"' } };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The JSON Schema of rapport.config.json (docs/configuration.md describes every field). */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    server: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        publicUrl: {
          type: 'string',
          pattern: '^https?://[^/?#]+(/[^?#]*)?$',
          description: 'the base URL the server is reached at, such as "https://crm.example.com"',
        },
        timeouts: {
          type: 'object',
          additionalProperties: false,
          properties: {
            headers: duration('"10s" (how long a client may take to send a request\'s headers)'),
            request: duration('"30s" (how long a client may take to send a whole request)'),
            keepAlive: duration('"5s" (how long an idle keep-alive connection stays open)'),
          },
        },
        maxConnections: { ...integer(1, 1_000_000), description: 'open connections served at most; more are closed' },
        shutdownTimeout: duration('"10s" (how long a stopping instance may take to finish its requests and leases)'),
        cors: {
          type: 'object',
          additionalProperties: false,
          properties: {
            origins: {
              type: 'array',
              maxItems: 100,
              uniqueItems: true,
              items: {
                type: 'string',
                pattern: CORS_ORIGIN_PATTERN,
                description:
                  'an origin in lower case without a path or trailing slash, such as "https://app.example.com" or "http://localhost:5173"; "https://*.example.com" for its subdomains (without credentials); or "*" for any origin (without credentials)',
              },
            },
          },
        },
      },
    },
    channels: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxBodyBytes: { ...integer(1, 100 * 1024 * 1024), description: 'the largest webhook body a channel accepts, in bytes' },
      },
    },
    database: {
      type: 'object',
      additionalProperties: false,
      properties: {
        url: {
          type: 'string',
          pattern: '^(sqlite:.+|postgres(ql)?://.+)$',
          description: 'a database URL: sqlite:<file>, sqlite::memory: or postgres://user@host:port/db',
        },
        connectTimeout: duration('"30s" (how long an unreachable database is retried at startup)'),
      },
    },
    plugins: { type: 'array', items: { type: 'string', minLength: 1 } },
    pluginSettings: { type: 'object' },
    pluginHost: {
      type: 'object',
      additionalProperties: false,
      properties: {
        activationTimeoutMs: millis(1, HOUR),
        handlerTimeoutMs: millis(1, HOUR),
        deactivationTimeoutMs: millis(1, HOUR),
        circuitBreakerThreshold: integer(1, 1_000_000),
        circuitBreakerWindowMs: millis(1, DAY),
      },
    },
    events: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pollIntervalMs: millis(10, HOUR),
        batchSize: integer(1, 10_000),
        leaseMs: millis(100, DAY),
        maxAttempts: integer(1, 1_000),
        retryDelayMs: millis(1, DAY),
        maxRetryDelayMs: millis(1, 7 * DAY),
        retentionMs: millis(0, 3_650 * DAY),
        awaitDelivery: { type: 'boolean' },
        coalesceMs: millis(0, MINUTE),
      },
    },
    workflows: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pollIntervalMs: millis(10, HOUR),
        batchSize: integer(1, 10_000),
        leaseMs: millis(100, DAY),
        maxStepAttempts: integer(1, 1_000),
        retryDelayMs: millis(1, DAY),
        maxRetryDelayMs: millis(1, 7 * DAY),
        retentionMs: millis(0, 3_650 * DAY),
      },
    },
    conversations: {
      type: 'object',
      additionalProperties: false,
      properties: {
        window: duration('"P3D"'),
      },
    },
    logLevel: { enum: LOG_LEVELS },
    auth: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sessionTtl: duration('"PT12H"'),
      },
    },
    graphql: {
      type: 'object',
      additionalProperties: false,
      properties: {
        limits: {
          type: 'object',
          additionalProperties: false,
          properties: {
            maxDepth: integer(1, 1_000),
            maxAliases: integer(0, 10_000),
            maxTokens: integer(1, 1_000_000),
            maxNodes: integer(1, 1_000_000_000),
            maxBodyBytes: integer(1, 100 * 1024 * 1024),
          },
        },
        introspection: { type: 'boolean' },
        persistedOperations: {
          type: 'object',
          additionalProperties: false,
          required: ['file'],
          properties: {
            file: { type: 'string', minLength: 1, description: 'the operation list a front-end build wrote, relative to this file' },
            onlyListed: { type: 'boolean', description: 'refuse operation texts from every credential but ADMIN' },
          },
        },
      },
    },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max: integer(1, 1_000_000_000),
        windowMs: millis(1, DAY),
      },
    },
    redis: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^rediss?://.+', description: 'a Redis URL such as "redis://127.0.0.1:6379"' },
        channelPrefix: {
          type: 'string',
          pattern: '^[A-Za-z0-9:._-]{1,64}$',
          description: 'up to 64 letters, digits, ":", ".", "_" or "-", such as "rapport:prod:" (what the GraphQL subscriptions\' Redis channels start with)',
        },
      },
    },
    bots: {
      type: 'object',
      description: 'channel id → the id of the bot that answers first on it, e.g. { "chat": "faq" }',
      additionalProperties: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$' },
      propertyNames: { pattern: '^[a-z0-9][a-z0-9._-]*$' },
    },
    botHandoff: {
      type: 'object',
      additionalProperties: false,
      properties: {
        words: { type: 'array', minItems: 1, maxItems: 1_000, items: { type: 'string', minLength: 1, maxLength: 100 }, description: 'words and phrases that ask for a person (replace the default list)' },
        minConfidence: { type: 'number', minimum: 0, maximum: 1 },
        maxUnansweredTurns: integer(1, 100),
        angerBelow: { type: 'number', minimum: -1, maximum: 1 },
        timeout: duration('"8s" (how long a bot may take to answer one message)'),
        message: { type: ['string', 'null'], maxLength: 2_000, description: 'what the customer is told on a hand-off; null tells nothing' },
      },
    },
    segments: {
      type: 'object',
      additionalProperties: false,
      properties: {
        refreshEvery: duration('"PT15M" (every defined segment is refreshed this often)'),
        coalesce: duration('"5s" (how long after a change a refresh waits for more)'),
      },
    },
    assignment: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: { enum: ['manual', 'round-robin'], description: '"round-robin" assigns conversations for people to available agents in turn' },
      },
    },
    businessHours: {
      type: 'object',
      additionalProperties: false,
      required: ['timezone', 'weekly'],
      properties: {
        timezone: { type: 'string', minLength: 1, description: 'an IANA time zone such as "Europe/Berlin"' },
        weekly: {
          type: 'object',
          additionalProperties: false,
          description: 'open hours per weekday, e.g. { "mon": ["09:00-12:30", "13:30-17:00"] }; a day left out is closed',
          properties: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, openSpans])),
        },
        holidays: { type: 'array', maxItems: 10_000, items: { type: 'string', description: 'a local date YYYY-MM-DD on which the team does not work' } },
      },
    },
    sla: {
      type: 'object',
      additionalProperties: false,
      properties: {
        firstResponse: duration('"PT1H" (of business time when businessHours is set)'),
        resolution: duration('"P1D" (of business time when businessHours is set)'),
      },
    },
    audit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        retention: duration('"P365D"'),
        secret: { type: 'string', minLength: 32, description: 'at least 32 characters, kept outside the database' },
      },
    },
    webhooks: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowPrivateAddresses: { type: 'boolean', description: 'let webhooks reach loopback, private and link-local addresses (the SSRF guard refuses them by default)' },
        secretOverlap: duration('"PT24H" (how long the previous secret keeps signing after rotateWebhookSecret)'),
        timeout: duration('"15s" (how long one delivery attempt may take)'),
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: {
        token: { type: 'string', minLength: 16, description: 'the bearer token Prometheus scrapes GET /metrics with (at least 16 characters); without it /metrics is off' },
      },
    },
    tracing: tracingSchema,
  },
} as const;
