import { NotFoundError } from '@rapport/sdk';
import type { PluginRecord } from './PluginRecord.js';

/**
 * The configured plugins of one load, shared by the parts of the host: their records, the order
 * to activate them in (dependencies first) and the config file they came from, for messages.
 */
export class PluginRecords {
  private records = new Map<string, PluginRecord>();
  /** Every plugin name, dependencies before dependents. */
  order: readonly string[] = [];
  configFile = 'rapport.config.json';

  /** Replaces the plugins with those of a new load. */
  replace(records: Map<string, PluginRecord>, order: readonly string[], configFile: string): void {
    this.records = records;
    this.order = order;
    this.configFile = configFile;
  }

  get(name: string): PluginRecord | undefined {
    return this.records.get(name);
  }

  /** The record of a configured plugin; NotFoundError, listing the configured ones, otherwise. */
  require(name: string): PluginRecord {
    const record = this.records.get(name);
    if (!record) throw new NotFoundError(`No plugin named "${name}" is configured. Configured plugins: ${[...this.records.keys()].join(', ') || 'none'}.`);
    return record;
  }

  /** Every record, in config order. */
  all(): PluginRecord[] {
    return [...this.records.values()];
  }

  /** Every record, dependencies before dependents. */
  inDependencyOrder(): PluginRecord[] {
    return this.order.map((name) => this.records.get(name)!);
  }
}
