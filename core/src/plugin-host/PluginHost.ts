import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Container } from 'inversify';
import type { Logger } from 'pino';
import semver from 'semver';
import {
  ContributionMismatchError,
  NotFoundError,
  PluginLoadError,
  RapportError,
  ValidationError,
  type ActivationEvent,
  type ChannelAddressKind,
  type ChannelProvider,
  type ConversationsApi,
  type Clock,
  type InboundMessage,
  type InboundRequest,
  type KeyValueStorage,
  type OutboundMessage,
  type Permission,
  type PluginManifest,
  type PluginModule,
  type PluginState,
  type PluginStatus,
  type SendOptions,
  type SendResult,
} from '@rapport/sdk';
import type { CustomerService } from '../domain/CustomerService.js';
import type { InteractionService } from '../domain/InteractionService.js';
import type { EventBus, HandlerObserver } from '../events/EventBus.js';
import type { ScoreStore } from '../evaluation/ScoreStore.js';
import type { SegmentStore } from '../evaluation/SegmentStore.js';
import type { KeyValueStoreProvider } from '../storage/KeyValueStoreProvider.js';
import { errorMessage } from '../util/errorMessage.js';
import { withTimeout } from '../util/withTimeout.js';
import { CircuitBreaker } from './CircuitBreaker.js';
import { CONTRIBUTION_KINDS, ContributionIndex } from './ContributionIndex.js';
import type { ContributionRegistry, Registration } from './ContributionRegistry.js';
import { loadPluginRecords, type PluginSource } from './loadPluginRecords.js';
import { createPluginContext } from './PluginContextFactory.js';
import type { PluginHostOptions } from './PluginHostOptions.js';
import type { PluginRecord } from './PluginRecord.js';
import type { WorkflowStarter } from './WorkflowStarter.js';


/** Sends a plugin's message the way the core sends every message. */
export type OutboundPath = (channelId: string, message: OutboundMessage, options: SendOptions) => Promise<SendResult>;
/** The core services the host hands to plugin contexts, and the host's own collaborators. */
export interface PluginHostDependencies {
  logger: Logger;
  clock: Clock;
  events: EventBus;
  registry: ContributionRegistry;
  storage: KeyValueStoreProvider;
  customers: CustomerService;
  interactions: InteractionService;
  conversations: ConversationsApi;
  scores: Pick<ScoreStore, 'get'>;
  segments: Pick<SegmentStore, 'listFor'>;
  workflows: WorkflowStarter;
  options: PluginHostOptions;
}

const DISABLED_KEY = 'plugin-host.disabled';

/**
 * The plugin host: finds, checks, activates and contains plugins, in the manner of VS Code's
 * extension host, with the permissions, budgets and hot enable/disable that VS Code lacks.
 *
 * A plugin's public state is never stored; it is derived from its record (see {@link stateOf}),
 * so a dependency that fails or is disabled turns its dependents MISSING_DEPENDENCY at once, and
 * back again when it recovers.
 */
export class PluginHost implements HandlerObserver {
  private records = new Map<string, PluginRecord>();
  private index = new ContributionIndex();
  private outboundPath?: OutboundPath;
  private order: string[] = [];
  private configFile = 'rapport.config.json';
  private readonly breakers = new Map<string, CircuitBreaker>();
  /** The parent of every plugin's child container; deliberately empty of core services. */
  private readonly pluginsContainer = new Container();
  private readonly coreStorage: KeyValueStorage;
  private readonly logger: Logger;

  constructor(private readonly deps: PluginHostDependencies) {
    this.logger = deps.logger.child({ component: 'plugin-host' });
    this.coreStorage = deps.storage.forNamespace('@rapport/core');
    deps.events.setActivationHook((type) => this.activateForEvent(type));
    deps.events.setHandlerObserver(this);
  }

  /** Reads and checks every configured plugin; imports nothing. */
  async load(source: PluginSource): Promise<void> {
    const loaded = await loadPluginRecords(source);
    this.records = loaded.records;
    this.index = loaded.index;
    this.order = loaded.order;
    this.configFile = source.configFile;
    const disabled = await this.coreStorage.get<string[]>(DISABLED_KEY).catch((error: unknown) => {
      // A database that has not been migrated yet (a first start) has no choices to read: that is
      // no problem worth a warning. Anything else is, and the host goes on without the choices.
      const notMigrated = /no such table|does not exist/i.test(errorMessage(error));
      this.logger[notMigrated ? 'debug' : 'warn']({ err: { message: errorMessage(error) } }, 'could not read which plugins operators disabled');
      return [];
    });
    for (const name of disabled ?? []) {
      const record = this.records.get(name);
      if (record) record.disabled = { by: 'operator', reason: 'Disabled by an operator; enable it with setPluginEnabled.' };
    }
    for (const name of Object.keys(source.settings)) {
      if (!this.records.has(name)) {
        this.logger.warn(`${source.configFile}: pluginSettings has settings for "${name}", which is not in plugins; they are ignored.`);
      }
    }
    for (const status of this.list()) {
      if (status.state !== 'INSTALLED') this.logger.warn({ plugin: status.name, state: status.state }, status.error ?? status.state);
    }
  }

  /** Activates every plugin that declares `onStartup`, dependencies first. */
  async start(): Promise<void> {
    await this.fireActivationEvent('onStartup');
  }

  /** The status of every configured plugin, in config order. */
  list(): PluginStatus[] {
    return [...this.records.values()].map((record) => this.toStatus(record));
  }

  /**
   * The manifests of the plugins that passed the load-phase checks, dependencies first; what
   * `rapport migrate` reads plugin migrations from. Nothing here needs plugin code.
   */
  loadedManifests(): { name: string; dir: string; manifestFile: string; manifest: PluginManifest }[] {
    return this.order
      .map((name) => this.records.get(name)!)
      .filter((record) => record.manifest && !record.staticFailure)
      .map(({ name, dir, manifestFile, manifest }) => ({ name, dir, manifestFile, manifest: manifest! }));
  }

  /** The status of one plugin. */
  status(name: string): PluginStatus {
    return this.toStatus(this.require(name));
  }

  /** Whether a plugin's manifest grants a permission (for core code that acts on its behalf). */
  hasPermission(name: string, permission: Permission): boolean {
    return this.records.get(name)?.manifest?.rapport.permissions?.includes(permission) ?? false;
  }

  /** True when no activation is in progress; `/readyz` reports it. */
  get settled(): boolean {
    return [...this.records.values()].every((record) => !record.activation);
  }

  /**
   * Activates a plugin and, first, its dependencies. Never throws for a plugin that fails: the
   * failure is kept in its status, which is returned.
   */
  async activate(name: string): Promise<PluginStatus> {
    const record = this.require(name);
    if (!record.active && !record.activation && this.stateOf(record) === 'INSTALLED') {
      record.activation = this.runActivation(record).finally(() => {
        record.activation = undefined;
      });
    }
    await record.activation;
    return this.toStatus(record);
  }

  /** Activates, in dependency order, every plugin that declares `event` and is waiting. */
  async fireActivationEvent(event: ActivationEvent | string): Promise<void> {
    const waiting = this.index.pluginsFor(event);
    if (waiting.length === 0) return;
    const targets = new Set(waiting);
    // Import the entry modules of everything this event wakes in parallel, then activate in
    // dependency order: imports are the bulk of activation cost, and they do not depend on order.
    for (const name of targets) {
      const record = this.records.get(name)!;
      if (this.stateOf(record) === 'INSTALLED') void this.loadModule(record).catch(() => undefined);
    }
    for (const name of this.order) if (targets.has(name)) await this.activate(name);
  }

  /** Activates what an event concerns: `onEvent:<type>` plugins and workflows it triggers. */
  async activateForEvent(type: string): Promise<void> {
    await this.fireActivationEvent(`onEvent:${type}`);
    for (const workflow of this.index.workflowsTriggeredBy(type)) await this.activateForWorkflow(workflow);
  }

  /** The workflows whose manifest trigger is `eventType`. */
  workflowsTriggeredBy(eventType: string): readonly string[] {
    return this.index.workflowsTriggeredBy(eventType);
  }

  /** The plugin that declares a workflow, if any. */
  ownerOfWorkflow(workflowId: string): string | undefined {
    return this.index.ownerOf('workflows', workflowId);
  }

  /** Activates the plugin of a workflow, for its trigger event or a due run (`onWorkflow:<id>`). */
  async activateForWorkflow(workflowId: string): Promise<void> {
    await this.fireActivationEvent(`onWorkflow:${workflowId}`);
    await this.activateOwner('workflows', workflowId);
  }

  /** Which identity of a customer a channel delivers to, from its manifest; undefined for an unknown channel. */
  channelAddress(channelId: string): ChannelAddressKind | undefined {
    return this.index.channelAddress(channelId);
  }

  /** The segments a segmentation model declares in its plugin's manifest. */
  segmentsOf(modelId: string): readonly string[] {
    return this.index.segmentsOf(modelId);
  }

  /** Activates the plugin of a channel before it sends or receives (`onChannel:<id>`). */
  async activateForChannel(channelId: string): Promise<void> {
    await this.fireActivationEvent(`onChannel:${channelId}`);
    await this.activateOwner('channels', channelId);
  }

  /** Activates the plugins of a GraphQL field before it is resolved (`onGraphQL:<Type.field>`). */
  async activateForGraphQL(coordinate: string): Promise<void> {
    await this.fireActivationEvent(`onGraphQL:${coordinate}`);
  }

  /**
   * Routes plugins' `ctx.channels.send` through the core's outbound path (address, thread,
   * recording), which the kernel builds after the host; see OutboundMessenger.
   */
  useOutboundPath(send: OutboundPath): void {
    this.outboundPath = send;
  }

  private async sendForPlugin(channelId: string, message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    if (!this.outboundPath) return this.sendThroughChannel(channelId, message, options);
    return this.outboundPath(channelId, message, options);
  }

  /** Delivers a message through a channel's provider, activating its plugin first. */
  async sendThroughChannel(channelId: string, message: OutboundMessage, options: SendOptions = {}): Promise<SendResult> {
    const provider = await this.channelProvider(channelId);
    const timeoutMs = this.deps.options.handlerTimeoutMs;
    return withTimeout(
      (async () => provider.implementation.send(message, options))(),
      timeoutMs,
      () => `Channel "${channelId}" of plugin "${provider.plugin}" did not deliver within ${timeoutMs} ms.`,
    );
  }

  /** The live provider of a channel, its plugin activated first; errors say why there is none. */
  private async channelProvider(channelId: string): Promise<Registration<ChannelProvider>> {
    await this.activateForChannel(channelId);
    const owner = this.index.ownerOf('channels', channelId);
    if (!owner) {
      throw new NotFoundError(
        `No plugin contributes channel "${channelId}". Add a channel plugin that declares it in rapport.contributes.channels to plugins in ${this.configFile}.`,
      );
    }
    const registration = this.deps.registry.channels.get(channelId);
    if (!registration) {
      const status = this.status(owner);
      throw new RapportError('NOT_AVAILABLE', `Channel "${channelId}" is unavailable: plugin "${owner}" is ${status.state}${status.error ? `: ${status.error}` : '.'}`);
    }
    return registration;
  }

  /**
   * Hands a webhook request to a channel's `parseInbound`, activating its plugin first, and
   * returns the normalized messages. Throws NotFoundError for a channel nobody contributes or one
   * that receives nothing; the plugin's own ValidationError passes through for a 400.
   */
  async receiveThroughChannel(channelId: string, request: InboundRequest): Promise<InboundMessage[]> {
    const provider = await this.channelProvider(channelId);
    if (!provider.implementation.parseInbound) {
      throw new NotFoundError(`Channel "${channelId}" does not receive messages: plugin "${provider.plugin}" has no parseInbound.`);
    }
    const timeoutMs = this.deps.options.handlerTimeoutMs;
    return withTimeout(
      (async () => provider.implementation.parseInbound!(request))(),
      timeoutMs,
      () => `Channel "${channelId}" of plugin "${provider.plugin}" did not parse the request within ${timeoutMs} ms.`,
    );
  }

  /** The value an active plugin's `activate()` returned. */
  getExports(name: string): unknown {
    const record = this.require(name);
    if (!record.active) throw new PluginLoadError(name, `Plugin "${name}" is ${this.stateOf(record)}, so it has no exports.`);
    return record.exports;
  }

  /**
   * Turns a plugin off or on at runtime, without a restart. Disabling deactivates the plugin's
   * active dependents first; enabling clears a failure or a tripped breaker, and activates again
   * the `onStartup` plugins that can now run. The choice is persisted.
   */
  async setEnabled(name: string, enabled: boolean): Promise<PluginStatus> {
    const record = this.require(name);
    if (enabled) {
      if (record.staticFailure) {
        throw new ValidationError(`Plugin "${name}" cannot be enabled: it is ${record.staticFailure.state}. ${record.staticFailure.error}`, 'name');
      }
      record.disabled = undefined;
      record.activationError = undefined;
      this.breakers.get(name)?.reset();
      await this.persistDisabled();
      for (const candidate of this.order) {
        const other = this.records.get(candidate)!;
        if (other.manifest?.rapport.activationEvents.includes('onStartup') && this.stateOf(other) === 'INSTALLED') {
          await this.activate(candidate);
        }
      }
    } else {
      await this.deactivate(record, { by: 'operator', reason: 'Disabled by an operator; enable it with setPluginEnabled.' });
      await this.persistDisabled();
    }
    return this.toStatus(record);
  }

  /**
   * Fails a plugin for the rest of the process, for a reason found outside the host (its
   * migrations failed, its GraphQL schema clashes with another plugin's): deactivates it, and its
   * dependents, if they are active.
   */
  async failPlugin(name: string, message: string): Promise<void> {
    const record = this.require(name);
    // Marked failed before deactivating, so nothing can activate it again while it winds down.
    record.staticFailure = { state: 'FAILED', error: message };
    await this.deactivate(record, undefined);
    this.logger.error({ plugin: name }, message);
    await this.deps.events.publish('plugin.failed', { name: record.name, version: record.version });
  }

  /** Deactivates every plugin, dependents first, each within its budget. */
  async stop(): Promise<void> {
    for (const name of [...this.order].reverse()) {
      const record = this.records.get(name)!;
      if (record.active || record.activation) await this.deactivate(record, undefined);
    }
  }

  /**
   * The `contributes.graphql` SDL file (absolute path) of every plugin that is INSTALLED or
   * ACTIVE, in config order: the GraphQL layer extends the schema with them before any plugin code
   * runs, so a lazy plugin's fields exist before its first activation.
   */
  graphqlContributions(): { name: string; file: string }[] {
    return [...this.records.values()]
      .filter((record) => record.manifest?.rapport.contributes?.graphql && ['INSTALLED', 'ACTIVE'].includes(this.stateOf(record)))
      .map((record) => ({ name: record.name, file: path.resolve(record.dir, record.manifest!.rapport.contributes!.graphql!) }));
  }

  /** The storage of a plugin, as the core sees it (no permission check). */
  storageOf(name: string): KeyValueStorage {
    return this.deps.storage.forNamespace(this.require(name).name);
  }

  // HandlerObserver ----------------------------------------------------------------------------

  handlerCalled(plugin: string): void {
    const record = this.records.get(plugin);
    if (record) record.metrics.handlerCalls++;
  }

  async handlerFailed(plugin: string, error: unknown): Promise<void> {
    const record = this.records.get(plugin);
    if (!record) return;
    this.recordFailure(record, error);
    const { circuitBreakerThreshold: threshold, circuitBreakerWindowMs: windowMs } = this.deps.options;
    let breaker = this.breakers.get(plugin);
    if (!breaker) {
      breaker = new CircuitBreaker(threshold, windowMs);
      this.breakers.set(plugin, breaker);
    }
    if (!breaker.recordFailure(this.deps.clock.now().getTime()) || record.disabled) return;
    const reason =
      `Disabled by the circuit breaker after ${breaker.recentFailures} failures within ${windowMs} ms. ` +
      `Last error: ${errorMessage(error)}. Fix the plugin, then enable it again with setPluginEnabled.`;
    this.logger.error({ plugin }, reason);
    const deactivation = this.deactivate(record, { by: 'circuit-breaker', reason });
    // A handler that fails while its own plugin is still activating must not wait for that
    // activation, which may be waiting for this very event to be delivered.
    if (record.activation) void deactivation.catch((e: unknown) => this.logger.error({ plugin, err: e }, 'disabling failed'));
    else await deactivation;
  }

  // Internals ----------------------------------------------------------------------------------

  /** The public state, derived from the record; see the class comment. */
  private stateOf(record: PluginRecord): PluginState {
    if (record.staticFailure) return record.staticFailure.state;
    if (record.disabled) return 'DISABLED';
    if (record.activationError) return 'FAILED';
    if (record.active) return 'ACTIVE';
    if (this.dependencyProblem(record)) return 'MISSING_DEPENDENCY';
    return 'INSTALLED';
  }

  private errorOf(record: PluginRecord): string | null {
    return (
      record.staticFailure?.error ??
      record.disabled?.reason ??
      record.activationError ??
      (record.active ? undefined : this.dependencyProblem(record)) ??
      null
    );
  }

  /** Why the plugin's dependencies cannot be used, if they cannot. Cycles are excluded earlier. */
  private dependencyProblem(record: PluginRecord): string | undefined {
    for (const [name, range] of Object.entries(record.manifest?.rapport.pluginDependencies ?? {})) {
      const dependency = this.records.get(name);
      if (!dependency || !dependency.manifest) {
        return `Plugin "${record.name}" requires "${name}" ${range}, which is not installed. Add it to plugins in ${this.configFile}.`;
      }
      if (!semver.satisfies(dependency.version, range, { includePrerelease: true })) {
        return `Plugin "${record.name}" requires "${name}" ${range}, but version ${dependency.version} is installed.`;
      }
      const state = this.stateOf(dependency);
      if (state !== 'INSTALLED' && state !== 'ACTIVE') {
        return `Plugin "${record.name}" requires "${name}", which is ${state}.`;
      }
    }
    return undefined;
  }

  private async activateOwner(field: 'channels' | 'workflows', id: string): Promise<void> {
    const owner = this.index.ownerOf(field, id);
    if (owner) await this.activate(owner);
  }

  private async runActivation(record: PluginRecord): Promise<void> {
    for (const dependency of Object.keys(record.manifest!.rapport.pluginDependencies ?? {})) {
      await this.activate(dependency);
      if (!this.records.get(dependency)!.active) return; // The record now derives MISSING_DEPENDENCY.
    }
    const { activationTimeoutMs } = this.deps.options;
    const started = performance.now();
    const handle = createPluginContext(
      {
        name: record.name,
        version: record.version,
        manifest: record.manifest!,
        manifestFile: record.manifestFile,
        settings: record.settings,
        settingsFile: this.configFile,
      },
      {
        ...this.deps,
        pluginsContainer: this.pluginsContainer,
        sendThroughChannel: (channelId, message, options) => this.sendForPlugin(channelId, message, options),
        exportsOf: (name) => this.getExports(name),
        disposeTimeoutMs: this.deps.options.deactivationTimeoutMs,
      },
    );
    record.context = handle;
    try {
      const pluginModule = await withTimeout(
        this.loadModule(record),
        activationTimeoutMs,
        () => `Importing ${record.mainFile} did not finish within ${activationTimeoutMs} ms.`,
      );
      const exports = await withTimeout(
        (async () => pluginModule.activate(handle.context))().catch((error: unknown) => {
          throw error instanceof RapportError ? error : new PluginLoadError(record.name, `activate() failed: ${errorMessage(error)}`, { cause: error });
        }),
        activationTimeoutMs,
        () => `activate() did not finish within ${activationTimeoutMs} ms.`,
      );
      this.checkDeclaredContributions(record, handle.registeredIds);
      record.module = pluginModule;
      record.exports = exports;
      record.active = true;
      record.metrics.activationTimeMs = Math.round((performance.now() - started) * 1000) / 1000;
      record.metrics.activatedAt = this.deps.clock.now();
      this.logger.info({ plugin: record.name, activationTimeMs: record.metrics.activationTimeMs }, 'plugin activated');
      await this.deps.events.publish('plugin.activated', { name: record.name, version: record.version });
    } catch (error) {
      record.activationError = errorMessage(error);
      this.recordFailure(record, error);
      record.context = undefined;
      const disposalErrors = await handle.revoke();
      this.logger.error({ plugin: record.name, disposalErrors }, `plugin activation failed: ${record.activationError}`);
      await this.deps.events.publish('plugin.failed', { name: record.name, version: record.version });
    }
  }

  /** The reverse of the registration check: everything declared must have been registered. */
  private checkDeclaredContributions(record: PluginRecord, registeredIds: (field: never) => string[]): void {
    const registered = registeredIds as (field: string) => string[];
    const contributes = record.manifest!.rapport.contributes ?? {};
    for (const { field, noun } of CONTRIBUTION_KINDS) {
      for (const { id } of contributes[field] ?? []) {
        if (!registered(field).includes(id)) {
          throw new ContributionMismatchError(
            record.name,
            `rapport.contributes.${field}`,
            id,
            `Plugin "${record.name}" declares ${noun} "${id}" in rapport.contributes.${field} (${record.manifestFile}) ` +
              'but did not register it in activate(). Register it there, or remove the declaration.',
          );
        }
      }
    }
    if (contributes.graphql && registered('graphql').length === 0) {
      throw new ContributionMismatchError(
        record.name,
        'rapport.contributes.graphql',
        contributes.graphql,
        `Plugin "${record.name}" declares rapport.contributes.graphql (${record.manifestFile}) but did not call ` +
          'ctx.graphql.registerResolvers() in activate(). Register its resolvers there, or remove the declaration.',
      );
    }
  }

  /**
   * Deactivates a plugin, its active dependents first, and records why (`disable`), or returns
   * it to INSTALLED when `disable` is undefined. Errors are logged, never thrown.
   */
  private async deactivate(record: PluginRecord, disable: PluginRecord['disabled']): Promise<void> {
    if (disable) record.disabled = disable;
    if (record.activation) await record.activation;
    for (const name of [...this.order].reverse()) {
      const dependent = this.records.get(name)!;
      if (dependent.active && Object.hasOwn(dependent.manifest!.rapport.pluginDependencies ?? {}, record.name)) {
        await this.deactivate(dependent, undefined);
      }
    }
    if (!record.active) return;
    record.active = false;
    const { deactivationTimeoutMs } = this.deps.options;
    const errors: string[] = [];
    try {
      await withTimeout(
        (async () => record.module?.deactivate?.())(),
        deactivationTimeoutMs,
        () => `deactivate() did not finish within ${deactivationTimeoutMs} ms.`,
      );
    } catch (error) {
      errors.push(errorMessage(error));
    }
    errors.push(...((await record.context?.revoke()) ?? []));
    record.context = undefined;
    record.module = undefined;
    record.exports = undefined;
    if (errors.length > 0) this.logger.warn({ plugin: record.name, errors }, 'plugin deactivated with errors');
    else this.logger.info({ plugin: record.name }, 'plugin deactivated');
    await this.deps.events.publish('plugin.deactivated', { name: record.name, version: record.version });
  }

  /** Imports a plugin's entry module once; later calls share the same promise. */
  private loadModule(record: PluginRecord): Promise<PluginModule> {
    record.moduleLoad ??= importEntry(record);
    return record.moduleLoad;
  }

  private recordFailure(record: PluginRecord, error: unknown): void {
    record.metrics.failures++;
    record.metrics.lastError = { message: errorMessage(error), at: this.deps.clock.now() };
  }

  private async persistDisabled(): Promise<void> {
    const disabled = [...this.records.values()].filter((r) => r.disabled?.by === 'operator').map((r) => r.name);
    await this.coreStorage.set(DISABLED_KEY, disabled);
  }

  private require(name: string): PluginRecord {
    const record = this.records.get(name);
    if (!record) throw new NotFoundError(`No plugin named "${name}" is configured. Configured plugins: ${[...this.records.keys()].join(', ') || 'none'}.`);
    return record;
  }

  private toStatus(record: PluginRecord): PluginStatus {
    return {
      name: record.name,
      displayName: record.displayName,
      version: record.version,
      state: this.stateOf(record),
      error: this.errorOf(record),
      activationEvents: [...(record.manifest?.rapport.activationEvents ?? [])],
      permissions: [...(record.manifest?.rapport.permissions ?? [])],
      location: record.dir,
      metrics: { ...record.metrics, lastError: record.metrics.lastError && { ...record.metrics.lastError } },
    };
  }
}

async function importEntry(record: PluginRecord): Promise<PluginModule> {
  let loaded: Partial<PluginModule> & { default?: Partial<PluginModule> };
  try {
    loaded = (await import(pathToFileURL(record.mainFile!).href)) as typeof loaded;
  } catch (error) {
    throw new PluginLoadError(record.name, `Cannot import ${record.mainFile}: ${errorMessage(error)}`, { cause: error });
  }
  const candidate = typeof loaded.activate === 'function' ? loaded : loaded.default;
  if (typeof candidate?.activate !== 'function') {
    throw new PluginLoadError(record.name, `${record.mainFile} does not export an activate(ctx) function.`);
  }
  return candidate as PluginModule;
}
