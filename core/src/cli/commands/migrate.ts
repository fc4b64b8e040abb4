import { createLogger } from '../../logging/createLogger.js';
import { loadConfig } from '../../config/loadConfig.js';
import { migrateAll, type MigrationReport } from '../../persistence/migrateAll.js';
import { openConfiguredKernel } from '../openConfiguredKernel.js';

/**
 * `rapport migrate`: applies the core's migrations and those of every plugin that passes the
 * load checks (no plugin code is imported), and prints one line per owner. Exits with 2 when a
 * plugin's migrations failed, after the others have run; a core failure is thrown, and the CLI
 * reports it with exit code 2 as well.
 */
export async function migrateCommand(options: { config?: string; database?: string; createDatabase?: boolean }): Promise<number> {
  const config = await loadConfig({ file: options.config, overrides: { database: options.database } });
  const kernel = await openConfiguredKernel(config, createLogger({ level: 'silent' }), { createDatabase: options.createDatabase });
  let reports: MigrationReport[];
  try {
    reports = await migrateAll(kernel.database, kernel.host.loadedManifests());
  } finally {
    await kernel.database.close();
  }
  process.stdout.write(reports.map(formatReport).join(''));
  return reports.some((report) => report.error !== undefined) ? 2 : 0;
}

/** `owner: applied a, b`, `owner: up to date` or `owner: FAILED: message`. */
export function formatReport({ owner, applied, error }: MigrationReport): string {
  if (error !== undefined) return `${owner}: FAILED: ${error}\n`;
  return `${owner}: ${applied.length > 0 ? `applied ${applied.join(', ')}` : 'up to date'}\n`;
}
