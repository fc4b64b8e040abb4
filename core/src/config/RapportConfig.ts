import type { GraphQLOptions } from '../access/GraphQLOptions.js';
import type { RateLimitOptions } from '../access/RateLimitOptions.js';
import type { ChannelRouteOptions } from '../channels/inboundRoute.js';
import type { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import type { EventDispatcherOptions } from '../events/EventDispatcher.js';
import type { WorkflowEngineOptions } from '../workflows/WorkflowEngine.js';

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
  /** `publicUrl`: the base URL clients and providers call, behind a proxy (channels' `InboundRequest.publicUrl`). */
  server: { host: string; port: number; publicUrl?: string };
  /** The channels' webhook route (`channels.maxBodyBytes`). */
  channels: ChannelRouteOptions;
  database: { url: string };
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
  redis?: { url: string };
  /**
   * The audit log (`audit`): how long events are kept (none: forever), and the secret its
   * checkpoints and chain are keyed with (`audit.secret` or `RAPPORT_AUDIT_SECRET`).
   */
  audit: { retentionMs?: number; secret?: string };
}

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
      },
    },
    channels: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxBodyBytes: { type: 'integer', minimum: 1, description: 'the largest webhook body a channel accepts, in bytes' },
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
      },
    },
    plugins: { type: 'array', items: { type: 'string', minLength: 1 } },
    pluginSettings: { type: 'object' },
    pluginHost: {
      type: 'object',
      additionalProperties: false,
      properties: {
        activationTimeoutMs: { type: 'integer', minimum: 1 },
        handlerTimeoutMs: { type: 'integer', minimum: 1 },
        deactivationTimeoutMs: { type: 'integer', minimum: 1 },
        circuitBreakerThreshold: { type: 'integer', minimum: 1 },
        circuitBreakerWindowMs: { type: 'integer', minimum: 1 },
      },
    },
    events: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pollIntervalMs: { type: 'integer', minimum: 10 },
        batchSize: { type: 'integer', minimum: 1 },
        leaseMs: { type: 'integer', minimum: 100 },
        maxAttempts: { type: 'integer', minimum: 1 },
        retryDelayMs: { type: 'integer', minimum: 1 },
        maxRetryDelayMs: { type: 'integer', minimum: 1 },
        retentionMs: { type: 'integer', minimum: 0 },
        awaitDelivery: { type: 'boolean' },
        coalesceMs: { type: 'integer', minimum: 0 },
      },
    },
    workflows: {
      type: 'object',
      additionalProperties: false,
      properties: {
        pollIntervalMs: { type: 'integer', minimum: 10 },
        batchSize: { type: 'integer', minimum: 1 },
        leaseMs: { type: 'integer', minimum: 100 },
        maxStepAttempts: { type: 'integer', minimum: 1 },
        retryDelayMs: { type: 'integer', minimum: 1 },
        maxRetryDelayMs: { type: 'integer', minimum: 1 },
      },
    },
    conversations: {
      type: 'object',
      additionalProperties: false,
      properties: {
        window: {
          type: ['string', 'integer'],
          description: 'milliseconds or an ISO-8601 duration such as "P3D"',
        },
      },
    },
    logLevel: { enum: LOG_LEVELS },
    auth: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sessionTtl: { type: ['string', 'integer'], description: 'milliseconds or an ISO-8601 duration such as "PT12H"' },
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
            maxDepth: { type: 'integer', minimum: 1 },
            maxAliases: { type: 'integer', minimum: 0 },
            maxTokens: { type: 'integer', minimum: 1 },
            maxNodes: { type: 'integer', minimum: 1 },
            maxBodyBytes: { type: 'integer', minimum: 1 },
          },
        },
        introspection: { type: 'boolean' },
      },
    },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max: { type: 'integer', minimum: 1 },
        windowMs: { type: 'integer', minimum: 1 },
      },
    },
    redis: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^rediss?://.+', description: 'a Redis URL such as "redis://127.0.0.1:6379"' },
      },
    },
    audit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        retention: { type: ['string', 'integer'], description: 'milliseconds or an ISO-8601 duration such as "P365D"' },
        secret: { type: 'string', minLength: 32, description: 'at least 32 characters, kept outside the database' },
      },
    },
  },
} as const;
