import semver from 'semver';
import type { PluginState, PluginStatus } from '@rapport/sdk';
import type { PluginRecord } from './PluginRecord.js';
import type { PluginRecords } from './PluginRecords.js';

/**
 * A plugin's public state and error, derived from its record and its dependencies' states every
 * time they are read, never stored: a dependency that fails or is disabled turns its dependents
 * MISSING_DEPENDENCY at once, and back again when it recovers.
 *
 * ```
 * static failure → FAILED | INCOMPATIBLE
 * disabled       → DISABLED
 * activation err → FAILED
 * active         → ACTIVE
 * dependency not INSTALLED/ACTIVE, missing or out of range → MISSING_DEPENDENCY
 * otherwise      → INSTALLED
 * ```
 */
export class PluginStates {
  constructor(private readonly records: PluginRecords) {}

  stateOf(record: PluginRecord): PluginState {
    if (record.staticFailure) return record.staticFailure.state;
    if (record.disabled) return 'DISABLED';
    if (record.activationError) return 'FAILED';
    if (record.active) return 'ACTIVE';
    if (this.dependencyProblem(record)) return 'MISSING_DEPENDENCY';
    return 'INSTALLED';
  }

  errorOf(record: PluginRecord): string | null {
    return (
      record.staticFailure?.error ??
      record.disabled?.reason ??
      record.activationError ??
      (record.active ? undefined : this.dependencyProblem(record)) ??
      null
    );
  }

  /** What the API and the CLI show of a plugin. */
  statusOf(record: PluginRecord): PluginStatus {
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

  /** Why the plugin's dependencies cannot be used, if they cannot. Cycles are excluded earlier. */
  private dependencyProblem(record: PluginRecord): string | undefined {
    for (const [name, range] of Object.entries(record.manifest?.rapport.pluginDependencies ?? {})) {
      const dependency = this.records.get(name);
      if (!dependency || !dependency.manifest) {
        return `Plugin "${record.name}" requires "${name}" ${range}, which is not installed. Add it to plugins in ${this.records.configFile}.`;
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
}
