import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type ValidationProblem } from '@rapport/sdk';
import { DEFAULT_MAX_BODY_BYTES } from '../channels/readBody.js';
import { DEFAULT_PLUGIN_HOST_OPTIONS } from '../contributions/PluginHostOptions.js';
import { DEFAULT_CONVERSATION_WINDOW_MS } from '../domain/conversationWindow.js';
import { DEFAULT_EVENT_DISPATCHER_OPTIONS } from '../events/EventDispatcher.js';
import { DEFAULT_WORKFLOW_ENGINE_OPTIONS } from '../workflows/WorkflowEngine.js';
import { DEFAULT_BOT_HANDOFF_OPTIONS, type BotHandoffOptions } from '../bots/BotHandoffOptions.js';
import { DEFAULT_ASSIGNMENT_OPTIONS, type AssignmentOptions } from '../inbox/AssignmentOptions.js';
import { DEFAULT_SEGMENT_REFRESH_OPTIONS } from '../segments/SegmentRefreshOptions.js';
import { DEFAULT_WEBHOOK_OPTIONS } from '../webhooks/WebhookOptions.js';
import { DEFAULT_KPI_OPTIONS } from '../kpis/KpiOptions.js';
import { createAjv } from '../validation/createAjv.js';
import { checkPluginSettings } from './checkPluginSettings.js';
import { readKpiOptions, type KpiSections } from './kpiConfig.js';
import { readPersistedOperations, type PersistedOperationsSection } from './persistedOperationsConfig.js';
import { DURATION_FIELDS, readDuration } from './configDurations.js';
import { readTracingOptions, type TracingSection } from './tracingConfig.js';
import { toProblems } from '../validation/toProblems.js';
import {
  configSchema,
  DEFAULT_DATABASE_CONNECT_TIMEOUT_MS,
  DEFAULT_GRAPHQL_LIMITS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_RATE_LIMIT,
  DEFAULT_SERVER_TIMEOUTS,
  DEFAULT_SESSION_TTL_MS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  LOG_LEVELS,
  type RapportConfig,
} from './RapportConfig.js';

const validateConfig = createAjv().compile(configSchema);

/** Where a configuration comes from, and what overrides it. */
export interface ConfigSource {
  /** The config file; defaults to `$RAPPORT_CONFIG`, then `./rapport.config.json` if present. */
  file?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Command-line options, which win over the environment and the file. */
  overrides?: { port?: string | number; database?: string };
}

/**
 * Loads rapport.config.json, validates it and applies, in increasing precedence, defaults, the
 * file, the environment (`RAPPORT_DATABASE_URL`, `PORT`, `LOG_LEVEL`) and command-line options.
 *
 * @throws ConfigError naming the file (or environment variable, or option) and the field.
 */
export async function loadConfig(source: ConfigSource = {}): Promise<RapportConfig> {
  const cwd = source.cwd ?? process.cwd();
  const env = source.env ?? process.env;
  const explicit = source.file ?? env.RAPPORT_CONFIG;
  const file = path.resolve(cwd, explicit ?? 'rapport.config.json');
  let raw: Record<string, unknown> = {};
  if (explicit || existsSync(file)) raw = await readJson(file);

  if (!validateConfig(raw)) throw new ConfigError(toProblems(validateConfig.errors, file));
  const parsed = raw as {
    server?: {
      host?: string;
      port?: number;
      publicUrl?: string;
      timeouts?: { headers?: string | number; request?: string | number; keepAlive?: string | number };
      maxConnections?: number;
      cors?: { origins?: string[] };
      shutdownTimeout?: string | number;
    };
    channels?: { maxBodyBytes?: number };
    database?: { url?: string; connectTimeout?: string | number };
    plugins?: string[];
    pluginSettings?: Record<string, unknown>;
    pluginHost?: Partial<RapportConfig['pluginHost']>;
    conversations?: { window?: string | number };
    events?: Partial<RapportConfig['events']>;
    workflows?: Partial<RapportConfig['workflows']>;
    logLevel?: RapportConfig['logLevel'];
    auth?: { sessionTtl?: string | number };
    graphql?: { limits?: Partial<RapportConfig['graphql']['limits']>; introspection?: boolean; persistedOperations?: PersistedOperationsSection };
    rateLimit?: Partial<RapportConfig['rateLimit']>;
    redis?: { url: string; channelPrefix?: string };
    audit?: { retention?: string | number; secret?: string };
    bots?: Record<string, string>;
    botHandoff?: Partial<Omit<BotHandoffOptions, 'timeoutMs'>> & { timeout?: string | number };
    assignment?: Partial<AssignmentOptions>;
    segments?: { refreshEvery?: string | number; coalesce?: string | number };
    webhooks?: { allowPrivateAddresses?: boolean; secretOverlap?: string | number; timeout?: string | number };
    metrics?: { token?: string };
    tracing?: TracingSection;
  } & KpiSections;
  const baseDir = path.dirname(file);
  const config: RapportConfig = {
    file: explicit || existsSync(file) ? file : `${file} (not found; using defaults)`,
    baseDir,
    server: {
      host: parsed.server?.host ?? '127.0.0.1',
      port: parsed.server?.port ?? 4000,
      ...(parsed.server?.publicUrl && { publicUrl: parsed.server.publicUrl.replace(/\/+$/, '') }),
      timeouts: { ...DEFAULT_SERVER_TIMEOUTS },
      maxConnections: parsed.server?.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      cors: { origins: parsed.server?.cors?.origins ?? [] },
      shutdownTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS,
    },
    channels: { maxBodyBytes: parsed.channels?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES },
    database: {
      url: parsed.database?.url ?? 'sqlite:./.rapport/rapport.db',
      connectTimeoutMs: DEFAULT_DATABASE_CONNECT_TIMEOUT_MS,
      urlFrom: { file, field: 'database.url' },
    },
    plugins: parsed.plugins ?? [],
    pluginSettings: parsed.pluginSettings ?? {},
    pluginHost: { ...DEFAULT_PLUGIN_HOST_OPTIONS, ...parsed.pluginHost },
    conversationWindowMs: DEFAULT_CONVERSATION_WINDOW_MS,
    // A server answers writers once they are committed; their handlers run right after.
    events: { ...DEFAULT_EVENT_DISPATCHER_OPTIONS, awaitDelivery: false, ...parsed.events },
    workflows: { ...DEFAULT_WORKFLOW_ENGINE_OPTIONS, ...parsed.workflows },
    logLevel: parsed.logLevel ?? 'info',
    auth: { sessionTtlMs: DEFAULT_SESSION_TTL_MS },
    graphql: {
      limits: { ...DEFAULT_GRAPHQL_LIMITS, ...parsed.graphql?.limits },
      introspection: parsed.graphql?.introspection ?? true,
      production: env.NODE_ENV === 'production',
    },
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...parsed.rateLimit },
    ...(parsed.redis && { redis: { url: parsed.redis.url, ...(parsed.redis.channelPrefix && { channelPrefix: parsed.redis.channelPrefix }) } }),
    bots: { ...parsed.bots },
    botHandoff: { ...DEFAULT_BOT_HANDOFF_OPTIONS, ...withoutTimeout(parsed.botHandoff) },
    assignment: { ...DEFAULT_ASSIGNMENT_OPTIONS, ...parsed.assignment },
    segments: { ...DEFAULT_SEGMENT_REFRESH_OPTIONS },
    kpis: { ...DEFAULT_KPI_OPTIONS },
    webhooks: {
      allowPrivateAddresses: parsed.webhooks?.allowPrivateAddresses ?? DEFAULT_WEBHOOK_OPTIONS.allowPrivateAddresses,
      secretOverlapMs: DEFAULT_WEBHOOK_OPTIONS.secretOverlapMs,
      timeoutMs: DEFAULT_WEBHOOK_OPTIONS.timeoutMs,
    },
    metrics: { ...((parsed.metrics?.token ?? env.RAPPORT_METRICS_TOKEN) && { token: parsed.metrics?.token ?? env.RAPPORT_METRICS_TOKEN }) },
    audit: { ...((parsed.audit?.secret ?? env.RAPPORT_AUDIT_SECRET) !== undefined && { secret: parsed.audit?.secret ?? env.RAPPORT_AUDIT_SECRET }) },
  };

  const problems: ValidationProblem[] = [];
  const timeouts = parsed.server?.timeouts;
  const durations = [
    [DURATION_FIELDS.conversationWindow, parsed.conversations?.window, (ms: number) => (config.conversationWindowMs = ms)],
    [DURATION_FIELDS.sessionTtl, parsed.auth?.sessionTtl, (ms: number) => (config.auth.sessionTtlMs = ms)],
    [DURATION_FIELDS.auditRetention, parsed.audit?.retention, (ms: number) => (config.audit.retentionMs = ms)],
    [DURATION_FIELDS.connectTimeout, parsed.database?.connectTimeout, (ms: number) => (config.database.connectTimeoutMs = ms)],
    [DURATION_FIELDS.headersTimeout, timeouts?.headers, (ms: number) => (config.server.timeouts.headersMs = ms)],
    [DURATION_FIELDS.requestTimeout, timeouts?.request, (ms: number) => (config.server.timeouts.requestMs = ms)],
    [DURATION_FIELDS.keepAliveTimeout, timeouts?.keepAlive, (ms: number) => (config.server.timeouts.keepAliveMs = ms)],
    [DURATION_FIELDS.shutdownTimeout, parsed.server?.shutdownTimeout, (ms: number) => (config.server.shutdownTimeoutMs = ms)],
    [DURATION_FIELDS.botTimeout, parsed.botHandoff?.timeout, (ms: number) => (config.botHandoff.timeoutMs = ms)],
    [DURATION_FIELDS.segmentRefresh, parsed.segments?.refreshEvery, (ms: number) => (config.segments.everyMs = ms)],
    [DURATION_FIELDS.segmentCoalesce, parsed.segments?.coalesce, (ms: number) => (config.segments.coalesceMs = ms)],
    [DURATION_FIELDS.webhookSecretOverlap, parsed.webhooks?.secretOverlap, (ms: number) => (config.webhooks.secretOverlapMs = ms)],
    [DURATION_FIELDS.webhookTimeout, parsed.webhooks?.timeout, (ms: number) => (config.webhooks.timeoutMs = ms)],
  ] as const;
  for (const [spec, value, set] of durations) {
    if (value === undefined) continue;
    const ms = readDuration(value, spec, file, problems);
    if (ms !== undefined) set(ms);
  }
  // Node refuses a server whose headers may take longer than the whole request.
  if (config.server.timeouts.headersMs > config.server.timeouts.requestMs) {
    problems.push({
      file,
      field: DURATION_FIELDS.headersTimeout.field,
      message: `must not be longer than server.timeouts.request (${config.server.timeouts.requestMs} ms), got ${config.server.timeouts.headersMs} ms`,
    });
  }
  // A bot turn runs inside an event handler: its own timeout must come first, or the handler's
  // budget would cut the turn off before the hand-off that the timeout makes.
  if (config.botHandoff.timeoutMs >= config.pluginHost.handlerTimeoutMs) {
    problems.push({
      file,
      field: DURATION_FIELDS.botTimeout.field,
      message: `must be shorter than pluginHost.handlerTimeoutMs (${config.pluginHost.handlerTimeoutMs} ms), got ${config.botHandoff.timeoutMs} ms`,
    });
  }
  config.kpis = readKpiOptions(parsed, file, problems);
  if (parsed.graphql?.persistedOperations) {
    const list = await readPersistedOperations(parsed.graphql.persistedOperations, baseDir, file, problems);
    if (list) config.graphql.persistedOperations = list;
  }
  problems.push(...checkPluginSettings(config.plugins, config.pluginSettings, baseDir, file));
  if (env.RAPPORT_AUDIT_SECRET !== undefined && parsed.audit?.secret === undefined && env.RAPPORT_AUDIT_SECRET.length < 32) {
    problems.push({ file: 'environment', field: 'RAPPORT_AUDIT_SECRET', message: 'must be at least 32 characters' });
  }
  if (env.RAPPORT_METRICS_TOKEN !== undefined && parsed.metrics?.token === undefined && env.RAPPORT_METRICS_TOKEN.length < 16) {
    problems.push({ file: 'environment', field: 'RAPPORT_METRICS_TOKEN', message: 'must be at least 16 characters (a shorter token is easy to guess)' });
  }
  const tracing = readTracingOptions(parsed.tracing, env, file, problems);
  if (tracing) config.tracing = tracing;
  if (env.RAPPORT_DATABASE_URL) {
    config.database.url = checkDatabaseUrl(env.RAPPORT_DATABASE_URL, 'environment', 'RAPPORT_DATABASE_URL', problems);
    config.database.urlFrom = { file: 'environment', field: 'RAPPORT_DATABASE_URL' };
  }
  if (env.PORT) config.server.port = checkPort(env.PORT, 'environment', 'PORT', problems);
  if (env.LOG_LEVEL) {
    if (LOG_LEVELS.includes(env.LOG_LEVEL)) config.logLevel = env.LOG_LEVEL as RapportConfig['logLevel'];
    else problems.push({ file: 'environment', field: 'LOG_LEVEL', message: `must be one of ${LOG_LEVELS.join(', ')}` });
  }
  if (source.overrides?.database !== undefined) {
    config.database.url = checkDatabaseUrl(source.overrides.database, 'command line', '--database', problems);
    config.database.urlFrom = { file: 'command line', field: '--database' };
  }
  if (source.overrides?.port !== undefined) config.server.port = checkPort(source.overrides.port, 'command line', '--port', problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** `botHandoff` without its `timeout`, which is read as a duration. */
function withoutTimeout(section: { timeout?: unknown } | undefined): Partial<BotHandoffOptions> {
  if (!section) return {};
  const { timeout: _timeout, ...rest } = section;
  return rest as Partial<BotHandoffOptions>;
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file, field: '(file)', message: `cannot be read: ${(error as Error).message}` }]);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([{ file, field: '(file)', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
}

function checkPort(value: string | number, file: string, field: string, problems: ValidationProblem[]): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push({ file, field, message: `must be an integer from 0 to 65535, got ${JSON.stringify(value)}` });
    return 0;
  }
  return port;
}

function checkDatabaseUrl(url: string, file: string, field: string, problems: ValidationProblem[]): string {
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(url)) {
    problems.push({ file, field, message: `must be sqlite:<file>, sqlite::memory: or postgres://…, got ${JSON.stringify(url)}` });
  }
  return url;
}
