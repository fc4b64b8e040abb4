import type { ChannelRouteOptions } from '../channels/inboundRoute.js';
import type { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import type { EventDispatcherOptions } from '../events/EventDispatcher.js';
import type { WorkflowEngineOptions } from '../workflows/WorkflowEngine.js';

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
  },
} as const;
