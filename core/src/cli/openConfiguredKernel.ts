import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RapportConfig } from '../config/RapportConfig.js';
import { createKernel, type Kernel } from '../kernel/createKernel.js';
import { openDatabase } from '../persistence/openDatabase.js';

/**
 * Opens the configured database and composes a kernel on it, with the plugins loaded (checked,
 * none activated). `inspect` is for commands that only look: a SQLite file that does not exist
 * yet is not created, an empty in-memory database stands in for it.
 */
export async function openConfiguredKernel(config: RapportConfig, logger: Logger, options: { inspect?: boolean } = {}): Promise<Kernel> {
  let url = config.database.url;
  if (options.inspect && url.startsWith('sqlite:') && url !== 'sqlite::memory:') {
    if (!existsSync(path.resolve(config.baseDir, url.slice('sqlite:'.length)))) url = 'sqlite::memory:';
  }
  const database = await openDatabase(url, { baseDir: config.baseDir, logger });
  const kernel = createKernel({
    logger,
    database,
    pluginHost: config.pluginHost,
    conversationWindowMs: config.conversationWindowMs,
    events: config.events,
    workflows: config.workflows,
    audit: config.audit,
    rateLimit: config.rateLimit,
    redis: config.redis,
    auth: config.auth,
  });
  try {
    await kernel.host.load({ entries: config.plugins, baseDir: config.baseDir, configFile: config.file, settings: config.pluginSettings });
  } catch (error) {
    await database.close();
    throw error;
  }
  return kernel;
}
