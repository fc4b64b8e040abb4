import type { PluginManifest } from '@rapport/sdk';
import type { Logger } from 'pino';
import { errorMessage } from '../util/errorMessage.js';
import { CORE_OWNER, MigrationRunner } from './MigrationRunner.js';
import { CORE_MIGRATIONS } from './migrations/index.js';
import type { Database } from './openDatabase.js';
import { readPluginMigrations } from './readPluginMigrations.js';

/** A plugin whose migrations to apply, as the plugin host loaded it. */
export interface MigratablePlugin {
  name: string;
  dir: string;
  manifestFile: string;
  manifest: PluginManifest;
}

/** What {@link migrateAll} did for one owner: the migrations it applied, and why it stopped. */
export interface MigrationReport {
  owner: string;
  applied: string[];
  /** Set when the owner's migrations could not be read or one of them failed. */
  error?: string;
}

/**
 * Applies the core's migrations, then each plugin's (`rapport.migrations`) in the order given,
 * which is dependency order, so a plugin may build on the tables of the plugins it depends on.
 * Plugins without migrations are left out of the report.
 *
 * A failing core migration throws: nothing can run on a core schema that is not current. A
 * plugin's failure is only recorded in its report entry: the plugin cannot work, but the core
 * and the other plugins can.
 */
export async function migrateAll(database: Database, plugins: readonly MigratablePlugin[], logger?: Logger): Promise<MigrationReport[]> {
  const runner = new MigrationRunner(database, logger);
  const reports: MigrationReport[] = [{ owner: CORE_OWNER, applied: await runner.run(CORE_OWNER, CORE_MIGRATIONS) }];
  for (const plugin of plugins) {
    if (plugin.manifest.rapport.migrations === undefined) continue;
    const report: MigrationReport = { owner: plugin.name, applied: [] };
    reports.push(report);
    try {
      const migrations = await readPluginMigrations(plugin.dir, plugin.manifest, plugin.manifestFile);
      // One at a time, so that the report lists what was applied before a failure.
      for (const migration of migrations) report.applied.push(...(await runner.run(plugin.name, [migration])));
    } catch (error) {
      report.error = errorMessage(error);
      logger?.error({ plugin: plugin.name, err: error }, `migrations of ${plugin.name} failed: ${report.error}`);
    }
  }
  return reports;
}
