import { performance } from 'node:perf_hooks';
import { REGISTERED_CONTRIBUTION_KINDS, ContributionMismatchError, PluginLoadError, RapportError, type PluginModule, type PluginStatus } from '@rapport/sdk';
import type { Clock } from '../clock/Clock.js';
import type { PluginHostOptions } from '../contributions/PluginHostOptions.js';
import type { EventBus } from '../events/EventBus.js';
import type { Logger } from '../logging/Logger.js';
import type { Metrics } from '../metrics/Metrics.js';
import { errorMessage } from '../util/errorMessage.js';
import { withTimeout } from '../util/withTimeout.js';
import type { PluginContextFactory, PluginContextHandle } from './context/PluginContextFactory.js';
import { importPluginEntry } from './importPluginEntry.js';
import type { Disablement, PluginRecord } from './PluginRecord.js';
import type { PluginRecords } from './PluginRecords.js';
import type { PluginStates } from './PluginStates.js';

/** What activating and deactivating plugins needs from the host around it. */
export interface LifecycleParts {
  records: PluginRecords;
  states: PluginStates;
  contexts: PluginContextFactory;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  options: PluginHostOptions;
  metrics: Metrics;
}

/**
 * Activating and deactivating plugins: dependencies first on the way up, dependents first on the
 * way down, each step within its budget, and a failure kept in the plugin's record, never thrown.
 */
export class PluginLifecycle {
  constructor(private readonly parts: LifecycleParts) {}

  /** Activates a plugin and, first, its dependencies; concurrent callers share one activation. */
  async activate(record: PluginRecord): Promise<PluginStatus> {
    const { states } = this.parts;
    if (!record.active && !record.activation && states.stateOf(record) === 'INSTALLED') {
      record.activation = this.runActivation(record).finally(() => {
        record.activation = undefined;
      });
    }
    await record.activation;
    return states.statusOf(record);
  }

  /**
   * Deactivates a plugin, its active dependents first, and records why (`disable`), or returns
   * it to INSTALLED when `disable` is undefined. Errors are logged, never thrown.
   */
  async deactivate(record: PluginRecord, disable: Disablement | undefined): Promise<void> {
    const { records, logger, events, options } = this.parts;
    if (disable) record.disabled = disable;
    if (record.activation) await record.activation;
    for (const dependent of [...records.inDependencyOrder()].reverse()) {
      if (dependent.active && Object.hasOwn(dependent.manifest!.rapport.pluginDependencies ?? {}, record.name)) {
        await this.deactivate(dependent, undefined);
      }
    }
    if (!record.active) return;
    record.active = false;
    const errors: string[] = [];
    try {
      await withTimeout(
        (async () => record.module?.deactivate?.())(),
        options.deactivationTimeoutMs,
        () => `deactivate() did not finish within ${options.deactivationTimeoutMs} ms.`,
      );
    } catch (error) {
      errors.push(errorMessage(error));
    }
    errors.push(...((await record.context?.revoke()) ?? []));
    record.context = undefined;
    record.module = undefined;
    record.exports = undefined;
    if (errors.length > 0) logger.warn({ plugin: record.name, errors }, 'plugin deactivated with errors');
    else logger.info({ plugin: record.name }, 'plugin deactivated');
    await events.publish('plugin.deactivated', { name: record.name, version: record.version });
  }

  /** Starts importing a plugin's entry module (once per process; later calls share it). */
  loadModule(record: PluginRecord): Promise<PluginModule> {
    record.moduleLoad ??= importPluginEntry(record);
    return record.moduleLoad;
  }

  /** Counts a failure of the plugin's code in its figures. */
  recordFailure(record: PluginRecord, error: unknown): void {
    record.metrics.failures++;
    record.metrics.lastError = { message: errorMessage(error), at: this.parts.clock.now() };
  }

  private async runActivation(record: PluginRecord): Promise<void> {
    const { records, contexts, events, clock, logger, options } = this.parts;
    for (const dependency of Object.keys(record.manifest!.rapport.pluginDependencies ?? {})) {
      await this.activate(records.require(dependency));
      if (!records.require(dependency).active) return; // The record now derives MISSING_DEPENDENCY.
    }
    const { activationTimeoutMs } = options;
    const started = performance.now();
    const handle = contexts.create({
      name: record.name,
      version: record.version,
      manifest: record.manifest!,
      manifestFile: record.manifestFile,
      settings: record.settings,
      settingsFile: records.configFile,
      exportsOf: (name) => exportsOf(records.require(name), this.parts.states.stateOf(records.require(name))),
    });
    record.context = handle;
    try {
      const pluginModule = await withTimeout(this.loadModule(record), activationTimeoutMs, () => `Importing ${record.mainFile} did not finish within ${activationTimeoutMs} ms.`);
      const exports = await withTimeout(
        (async () => pluginModule.activate(handle.context))().catch((error: unknown) => {
          throw error instanceof RapportError ? error : new PluginLoadError(record.name, `activate() failed: ${errorMessage(error)}`, { cause: error });
        }),
        activationTimeoutMs,
        () => `activate() did not finish within ${activationTimeoutMs} ms.`,
      );
      checkDeclaredContributions(record, handle);
      record.module = pluginModule;
      record.exports = exports;
      record.active = true;
      record.metrics.activationTimeMs = Math.round((performance.now() - started) * 1000) / 1000;
      record.metrics.activatedAt = clock.now();
      logger.info({ plugin: record.name, activationTimeMs: record.metrics.activationTimeMs }, 'plugin activated');
      this.parts.metrics.pluginActivation(record.name, true);
      await events.publish('plugin.activated', { name: record.name, version: record.version });
    } catch (error) {
      record.activationError = errorMessage(error);
      this.recordFailure(record, error);
      record.context = undefined;
      const disposalErrors = await handle.revoke();
      logger.error({ plugin: record.name, disposalErrors }, `plugin activation failed: ${record.activationError}`);
      this.parts.metrics.pluginActivation(record.name, false);
      await events.publish('plugin.failed', { name: record.name, version: record.version });
    }
  }
}

/** The value an active plugin's `activate()` returned. */
export function exportsOf(record: PluginRecord, state: string): unknown {
  if (!record.active) throw new PluginLoadError(record.name, `Plugin "${record.name}" is ${state}, so it has no exports.`);
  return record.exports;
}

/** The reverse of the registration check: everything declared must have been registered. */
function checkDeclaredContributions(record: PluginRecord, handle: PluginContextHandle): void {
  const contributes = record.manifest!.rapport.contributes ?? {};
  for (const { field, noun } of REGISTERED_CONTRIBUTION_KINDS) {
    for (const { id } of contributes[field] ?? []) {
      if (!handle.registeredIds(field).includes(id)) {
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
  if (contributes.graphql && handle.registeredIds('graphql').length === 0) {
    throw new ContributionMismatchError(
      record.name,
      'rapport.contributes.graphql',
      contributes.graphql,
      `Plugin "${record.name}" declares rapport.contributes.graphql (${record.manifestFile}) but did not call ` +
        'ctx.graphql.registerResolvers() in activate(). Register its resolvers there, or remove the declaration.',
    );
  }
}
