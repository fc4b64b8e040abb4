import type { Logger } from 'pino';
import type { RapportConfig } from '../config/RapportConfig.js';
import { createKernel, type Kernel } from '../kernel/createKernel.js';
import { checkConfiguredBots } from './checkConfiguredBots.js';
import { checkServerHost } from './checkServerHost.js';
import { openConfiguredDatabase, type OpenConfiguredDatabaseOptions } from './openConfiguredDatabase.js';

/**
 * Opens the configured database and composes a kernel on it, with the plugins loaded (checked,
 * none activated). `inspect` is for commands that only look: a database that does not exist yet
 * is not created, an empty in-memory database stands in for it. A value of the config that stops
 * the deployment (see {@link checkServerHost}, {@link openConfiguredDatabase}) is a one-line
 * ConfigFieldError.
 */
export async function openConfiguredKernel(config: RapportConfig, logger: Logger, options: OpenConfiguredDatabaseOptions = {}): Promise<Kernel> {
  await checkServerHost(config);
  const database = await openConfiguredDatabase(config, logger, options);
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
    bots: config.bots,
    botHandoff: config.botHandoff,
    assignment: config.assignment,
    segments: config.segments,
    kpis: config.kpis,
    webhooks: config.webhooks,
  });
  try {
    await kernel.host.load({ entries: config.plugins, baseDir: config.baseDir, configFile: config.file, settings: config.pluginSettings });
    checkConfiguredBots(config, kernel.declared);
  } catch (error) {
    await database.close();
    throw error;
  }
  return kernel;
}
