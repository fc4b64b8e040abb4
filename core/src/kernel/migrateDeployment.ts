import { migrateAll, type MigrationReport } from '../persistence/migrateAll.js';
import type { Kernel } from './createKernel.js';

/**
 * Applies the core's migrations and those of every plugin the host loaded, dependencies first. A
 * plugin whose migrations fail is FAILED with the reason, and the core and the other plugins go
 * on (`rapport start`, `rapport plugins check` and the test host do this alike).
 */
export async function migrateDeployment(kernel: Pick<Kernel, 'database' | 'host' | 'logger'>): Promise<MigrationReport[]> {
  const reports = await migrateAll(kernel.database, kernel.host.loadedManifests(), kernel.logger);
  for (const report of reports) {
    if (report.error) await kernel.host.failPlugin(report.owner, `Its migrations failed: ${report.error}`);
  }
  return reports;
}
