import { createLogger } from '../../logging/createLogger.js';
import { loadConfig } from '../../config/loadConfig.js';
import type { Kernel } from '../../kernel/createKernel.js';
import { CORE_OWNER, MigrationRunner } from '../../persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../persistence/migrations/index.js';
import { openConfiguredKernel } from '../openConfiguredKernel.js';

/**
 * Runs `work` on a kernel over the configured database, for `rapport keys` and `rapport users`.
 * They write to the database directly, so they work whether a server runs or not: a server
 * reads credentials from the database on every request. The core's migrations run first, so the
 * commands also work on a fresh database (the first key of a deployment is often made before its
 * first start).
 */
export async function withAccessKernel<T>(configFile: string | undefined, work: (kernel: Kernel) => Promise<T>): Promise<T> {
  const config = await loadConfig({ file: configFile });
  const kernel = await openConfiguredKernel(config, createLogger({ level: 'silent' }));
  try {
    await new MigrationRunner(kernel.database).run(CORE_OWNER, CORE_MIGRATIONS);
    return await work(kernel);
  } finally {
    await kernel.rateLimiter.close();
    await kernel.database.close();
  }
}
