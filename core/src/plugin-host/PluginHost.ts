import path from 'node:path';
import { inject, injectable } from 'inversify';
import {
  contributionKind,
  NotFoundError,
  serviceToken,
  ValidationError,
  type ActivationEvent,
  type ContributionField,
  type KeyValueStorage,
  type PluginManifest,
  type PluginStatus,
  type ViewContribution,
} from '@rapport/sdk';
import { Clock } from '../clock/Clock.js';
import { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { ContributionUnavailableError, PluginActivation, type ActivationRequest } from '../contributions/PluginActivation.js';
import { PluginCalls } from '../contributions/PluginCalls.js';
import { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import { EventBus } from '../events/EventBus.js';
import { Logger } from '../logging/Logger.js';
import { Metrics } from '../metrics/Metrics.js';
import { KeyValueStoreProvider } from '../storage/KeyValueStoreProvider.js';
import { errorMessage } from '../util/errorMessage.js';
import { CircuitBreakers } from './CircuitBreakers.js';
import { PluginContextFactory } from './context/PluginContextFactory.js';
import { loadPluginRecords, type PluginSource } from './loadPluginRecords.js';
import { OperatorChoices } from './OperatorChoices.js';
import { exportsOf, PluginLifecycle } from './PluginLifecycle.js';
import { PluginRecords } from './PluginRecords.js';
import { PluginStates } from './PluginStates.js';

/** A plugin that passed the load-phase checks, as `rapport migrate` reads its migrations. */
export interface LoadedManifest {
  name: string;
  dir: string;
  manifestFile: string;
  manifest: PluginManifest;
}

/**
 * The plugin host: finds, checks, activates and contains plugins, in the manner of VS Code's
 * extension host, with the permissions, budgets and hot enable/disable that VS Code lacks. It is
 * the top of the plugin world: it hands plugins the core's services through their contexts, and
 * the parts of the core that call plugins reach it only through `PluginActivation` and
 * `PluginCalls`, which it listens to.
 */
export interface PluginHost {
  /** Reads and checks every configured plugin; imports nothing. */
  load(source: PluginSource): Promise<void>;
  /** Activates every plugin that declares `onStartup`, dependencies first. */
  start(): Promise<void>;
  /** The status of every configured plugin, in config order. */
  list(): PluginStatus[];
  /** The status of one plugin; NotFoundError for a name that is not configured. */
  status(name: string): PluginStatus;
  /** The manifests of the plugins that passed the load-phase checks, dependencies first. */
  loadedManifests(): LoadedManifest[];
  /** True when no activation is in progress; `/readyz` reports it. */
  readonly settled: boolean;
  /** Activates a plugin and, first, its dependencies. Never throws for a plugin that fails: its status says why. */
  activate(name: string): Promise<PluginStatus>;
  /** Activates, in dependency order, every plugin that declares `event` and is waiting. */
  fireActivationEvent(event: ActivationEvent | string): Promise<void>;
  /** The value an active plugin's `activate()` returned. */
  getExports(name: string): unknown;
  /** Turns a plugin off or on at runtime, without a restart; the choice is persisted. */
  setEnabled(name: string, enabled: boolean): Promise<PluginStatus>;
  /** Fails a plugin for the rest of the process, for a reason found outside the host (its migrations, its schema). */
  failPlugin(name: string, message: string): Promise<void>;
  /**
   * The `contributes.graphql` SDL file of every plugin built for this API (not INCOMPATIBLE), in
   * config order, whatever its state: a plugin that is DISABLED or FAILED keeps its fields in the
   * schema, and they answer NOT_AVAILABLE with the reason, so the schema changes only when the
   * deployment's list of plugins does.
   */
  graphqlContributions(): { name: string; file: string }[];
  /**
   * The `contributes.views` of every plugin whose manifest was read, in config order, whatever its
   * state (INCOMPATIBLE too): the console lists a view of a plugin that cannot serve as not
   * available, with the reason.
   */
  viewContributions(): { plugin: string; dir: string; views: readonly ViewContribution[] }[];
  /** The storage of a plugin, as the core sees it (no permission check). */
  storageOf(name: string): KeyValueStorage;
  /** Deactivates every plugin, dependents first, each within its budget. */
  stop(): Promise<void>;
}

/** The container token of the {@link PluginHost}. */
export const PluginHost = serviceToken<PluginHost>('rapport.core.PluginHost');

/**
 * The {@link PluginHost}: two phases (load everything that needs no plugin code; activate lazily
 * on activation events), with a plugin's state derived from its record (see PluginStates).
 */
@injectable()
export class LazyPluginHost implements PluginHost {
  private readonly records = new PluginRecords();
  private readonly states = new PluginStates(this.records);
  private readonly lifecycle: PluginLifecycle;
  private readonly breakers: CircuitBreakers;
  private readonly choices: OperatorChoices;
  private readonly logger: Logger;

  constructor(
    @inject(DeclaredContributions) private readonly declared: DeclaredContributions,
    @inject(PluginContextFactory) contexts: PluginContextFactory,
    @inject(PluginActivation) activation: PluginActivation,
    @inject(PluginCalls) calls: PluginCalls,
    @inject(EventBus) private readonly events: EventBus,
    @inject(KeyValueStoreProvider) private readonly storage: KeyValueStoreProvider,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(PluginHostOptions) options: PluginHostOptions,
    @inject(Metrics) private readonly metrics: Metrics,
  ) {
    this.logger = logger.child({ component: 'plugin-host' });
    this.lifecycle = new PluginLifecycle({ records: this.records, states: this.states, contexts, events, clock, logger: this.logger, options, metrics });
    this.breakers = new CircuitBreakers(options.circuitBreakerThreshold, options.circuitBreakerWindowMs);
    this.choices = new OperatorChoices(storage.forNamespace('@rapport/core'), this.logger);
    // The parts below the host ask it for activations and tell it about calls into plugins.
    activation.onWillActivate((request) => request.waitUntil(this.serve(request)));
    calls.onDidCall((plugin) => this.counted(plugin));
    calls.onDidFail((failure) => failure.waitUntil(this.pluginFailed(failure.plugin, failure.error)));
  }

  async load(source: PluginSource): Promise<void> {
    const loaded = await loadPluginRecords(source, this.declared);
    this.records.replace(loaded.records, loaded.order, source.configFile);
    await this.choices.restore(this.records);
    for (const name of Object.keys(source.settings)) {
      if (!this.records.get(name)) {
        this.logger.warn(`${source.configFile}: pluginSettings has settings for "${name}", which is not in plugins; they are ignored.`);
      }
    }
    for (const status of this.list()) {
      if (status.state !== 'INSTALLED') this.logger.warn({ plugin: status.name, state: status.state }, status.error ?? status.state);
    }
  }

  async start(): Promise<void> {
    await this.fireActivationEvent('onStartup');
  }

  list(): PluginStatus[] {
    return this.records.all().map((record) => this.states.statusOf(record));
  }

  status(name: string): PluginStatus {
    return this.states.statusOf(this.records.require(name));
  }

  loadedManifests(): LoadedManifest[] {
    return this.records
      .inDependencyOrder()
      .filter((record) => record.manifest && !record.staticFailure)
      .map(({ name, dir, manifestFile, manifest }) => ({ name, dir, manifestFile, manifest: manifest! }));
  }

  get settled(): boolean {
    return this.records.all().every((record) => !record.activation);
  }

  activate(name: string): Promise<PluginStatus> {
    return this.lifecycle.activate(this.records.require(name));
  }

  async fireActivationEvent(event: ActivationEvent | string): Promise<void> {
    const waiting = new Set(this.declared.pluginsFor(event));
    if (waiting.size === 0) return;
    // Import the entry modules of everything this event wakes in parallel, then activate in
    // dependency order: imports are the bulk of activation cost, and they do not depend on order.
    for (const name of waiting) {
      const record = this.records.require(name);
      if (this.states.stateOf(record) === 'INSTALLED') void this.lifecycle.loadModule(record).catch(() => undefined);
    }
    for (const record of this.records.inDependencyOrder()) if (waiting.has(record.name)) await this.lifecycle.activate(record);
  }

  getExports(name: string): unknown {
    const record = this.records.require(name);
    return exportsOf(record, this.states.stateOf(record));
  }

  async setEnabled(name: string, enabled: boolean): Promise<PluginStatus> {
    const record = this.records.require(name);
    const choice = { plugin: record.name, enabled, wasEnabled: !record.disabled };
    if (!enabled) {
      await this.lifecycle.deactivate(record, OperatorChoices.disablement());
      await this.choices.persist(this.records, choice);
      return this.states.statusOf(record);
    }
    if (record.staticFailure) {
      throw new ValidationError(`Plugin "${name}" cannot be enabled: it is ${record.staticFailure.state}. ${record.staticFailure.error}`, 'name');
    }
    record.disabled = undefined;
    record.activationError = undefined;
    this.breakers.reset(name);
    await this.choices.persist(this.records, choice);
    // Plugins that wait for startup (this one, or dependents it held back) start again now.
    for (const other of this.records.inDependencyOrder()) {
      if (other.manifest?.rapport.activationEvents.includes('onStartup') && this.states.stateOf(other) === 'INSTALLED') await this.lifecycle.activate(other);
    }
    return this.states.statusOf(record);
  }

  async failPlugin(name: string, message: string): Promise<void> {
    const record = this.records.require(name);
    // Marked failed before deactivating, so nothing can activate it again while it winds down.
    record.staticFailure = { state: 'FAILED', error: message };
    await this.lifecycle.deactivate(record, undefined);
    this.logger.error({ plugin: name }, message);
    await this.events.publish('plugin.failed', { name: record.name, version: record.version });
  }

  graphqlContributions(): { name: string; file: string }[] {
    return this.records
      .all()
      .filter((record) => record.manifest?.rapport.contributes?.graphql && this.states.stateOf(record) !== 'INCOMPATIBLE')
      .map((record) => ({ name: record.name, file: path.resolve(record.dir, record.manifest!.rapport.contributes!.graphql!) }));
  }

  viewContributions(): { plugin: string; dir: string; views: readonly ViewContribution[] }[] {
    return this.records
      .all()
      .filter((record) => record.manifest?.rapport.contributes?.views?.length)
      .map((record) => ({ plugin: record.name, dir: record.dir, views: record.manifest!.rapport.contributes!.views! }));
  }

  storageOf(name: string): KeyValueStorage {
    return this.storage.forNamespace(this.records.require(name).name);
  }

  async stop(): Promise<void> {
    for (const record of [...this.records.inDependencyOrder()].reverse()) {
      if (record.active || record.activation) await this.lifecycle.deactivate(record, undefined);
    }
  }

  /** An activation request from below: the event's plugins, and the owner of the contribution about to be used. */
  private async serve({ event, contribution }: ActivationRequest): Promise<void> {
    if (event) await this.fireActivationEvent(event);
    if (contribution) await this.activateOwner(contribution.field, contribution.id);
  }

  /** Activates the plugin that declares a contribution, even if it forgot the activation event; throws when it cannot serve it. */
  private async activateOwner(field: ContributionField, id: string): Promise<void> {
    const { noun } = contributionKind(field);
    const owner = this.declared.ownerOf(field, id);
    if (!owner) {
      // Callers of the API see this: the server's configuration is named, not its file's path.
      throw new NotFoundError(`No plugin contributes ${noun} "${id}". Add a ${noun} plugin that declares it in rapport.contributes.${field} to plugins in the server's configuration.`);
    }
    const status = await this.activate(owner);
    if (status.state === 'ACTIVE') return;
    const what = `${noun[0]!.toUpperCase()}${noun.slice(1)} "${id}"`;
    throw new ContributionUnavailableError(owner, status.state, `${what} is unavailable: plugin "${owner}" is ${status.state}${status.error ? `: ${status.error}` : '.'}`);
  }

  private counted(plugin: string): void {
    const record = this.records.get(plugin);
    if (record) record.metrics.handlerCalls++;
  }

  /** A call into a plugin failed: counted, and the plugin disabled when its circuit breaker trips. */
  private async pluginFailed(plugin: string, error: unknown): Promise<void> {
    const record = this.records.get(plugin);
    if (!record) return;
    this.lifecycle.recordFailure(record, error);
    this.metrics.pluginFailure(plugin);
    const reason = this.breakers.recordFailure(plugin, this.clock.now().getTime(), errorMessage(error));
    if (!reason || record.disabled) return;
    this.metrics.pluginBreakerTripped(plugin);
    this.logger.error({ plugin }, reason);
    const deactivation = this.lifecycle.deactivate(record, { by: 'circuit-breaker', reason });
    // A handler that fails while its own plugin is still activating must not wait for that
    // activation, which may be waiting for this very event to be delivered.
    if (record.activation) void deactivation.catch((e: unknown) => this.logger.error({ plugin, err: e }, 'disabling failed'));
    else await deactivation;
  }
}
