import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../config/loadConfig.js';
import { seedDemoData } from '../../demo/seedDemoData.js';
import { createGraphQLServer, GRAPHQL_PATH } from '../../graphql/createGraphQLServer.js';
import { createLogger } from '../../logging/createLogger.js';
import { migrateDeployment } from '../../kernel/migrateDeployment.js';
import { postgresMaintenanceWarning } from '../../persistence/postgresMaintenance.js';
import { createHttpServer } from '../../server/createHttpServer.js';
import { createChannelOwnRoute } from '../../channels/channelOwnRoutes.js';
import { createChannelRoute } from '../../channels/inboundRoute.js';
import { CONSOLE_PATH, createConsoleRoute } from '../../console/consoleRoute.js';
import { createPluginViewRoute } from '../../console/pluginViewRoute.js';
import type { Kernel } from '../../kernel/createKernel.js';
import type { Logger } from '../../logging/Logger.js';
import { listen } from '../listen.js';
import { openConfiguredKernel } from '../openConfiguredKernel.js';

/** Options of `rapport start`, as given on the command line. */
export interface StartOptions {
  config?: string;
  port?: string;
  database?: string;
  demo?: boolean;
  /** Create a missing PostgreSQL database or SQLite directory; `--demo` does too. */
  createDatabase?: boolean;
}

/**
 * `rapport start`: opens and migrates the database, loads the plugins, serves HTTP and activates
 * the `onStartup` plugins. Resolves when the process has been asked to stop and has stopped.
 */
export async function startCommand(options: StartOptions): Promise<number> {
  const config = await loadConfig({ file: options.config, overrides: { port: options.port, database: options.database } });
  const logger = createLogger({ level: config.logLevel });
  const loadStarted = performance.now();
  const kernel = await openConfiguredKernel(config, logger, { createDatabase: options.createDatabase === true || options.demo === true });
  const loadMs = performance.now() - loadStarted;
  const { host, database } = kernel;

  await migrateDeployment(kernel);
  const maintenance = await postgresMaintenanceWarning(database);
  if (maintenance) logger.warn({ component: 'database' }, maintenance);
  const demoKey = await firstCredential(kernel, options.demo === true, logger);
  if (options.demo) {
    const demo = await seedDemoData(kernel);
    logger.info(demo, demo.seeded ? 'demo data seeded' : 'demo data skipped: the database already has customers');
  }

  const graphql = createGraphQLServer({
    ...kernel,
    graphql: config.graphql,
    cors: config.server.cors,
    pluginResolverTimeoutMs: config.pluginHost.handlerTimeoutMs,
    // Subscriptions' events cross instances through the Redis the rate limit shares.
    ...(config.redis && { redis: { url: config.redis.url } }),
    // Only the throwaway demo key is ever put in the page; an operator's key never is.
    ...(demoKey && { graphiqlHeaders: { Authorization: `Bearer ${demoKey}` } }),
  });
  let started = false;
  const server = createHttpServer(
    [
      { name: 'plugins', ready: () => started && host.settled },
      { name: 'database', ready: () => database.isConnected() },
    ],
    [
      (request, response) => graphql.handle(request, response),
      createChannelRoute(kernel.inbound, logger.child({ component: 'channels' }), { ...config.channels, publicUrl: config.server.publicUrl }),
      createChannelOwnRoute(kernel.channels, logger.child({ component: 'channels' }), { ...config.channels, publicUrl: config.server.publicUrl }),
      createPluginViewRoute(host),
      createConsoleRoute(),
    ],
    config.server,
    [(request, socket, head) => graphql.handleUpgrade(request, socket, head)],
  );
  try {
    await listen(server, config);
  } catch (error) {
    await database.close();
    throw error;
  }
  const activationStarted = performance.now();
  await host.start();
  const activationMs = performance.now() - activationStarted;
  // With the plugins up, deliver what is due, starting with what a previous process left.
  await kernel.dispatcher.start();
  // Seals the audit events written from now on into the hash chain, and prunes by retention.
  kernel.audit.start();
  await kernel.workflows.startScheduling();
  kernel.sweeps.start(SWEEP_CHECK_INTERVAL_MS);
  kernel.segmentSchedule.start();
  await kernel.webhookWorker.start();
  // Assembling the schema now reports a plugin's broken or clashing schema.graphql at startup
  // (the plugin is failed, the core serves on) rather than at the first request.
  await graphql.schema();
  started = true;

  const { port } = server.address() as AddressInfo;
  const url = `http://${config.server.host}:${port}`;
  const states = host.list().reduce<Record<string, number>>((counts, p) => ({ ...counts, [p.state]: (counts[p.state] ?? 0) + 1 }), {});
  // The plugin host's own share of startup, so benchmarks can separate it from process boot.
  const pluginHostMs = { load: round(loadMs), activation: round(activationMs) };
  logger.info(
    { url, graphql: `${url}${GRAPHQL_PATH}`, console: `${url}${CONSOLE_PATH}`, port, plugins: states, uptimeMs: Math.round(process.uptime() * 1000), pluginHostMs },
    `Rapport ready at ${url} (GraphQL and GraphiQL at ${url}${GRAPHQL_PATH}, the console at ${url}${CONSOLE_PATH})`,
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Open SSE subscriptions and WebSockets would hold server.close() forever; they end with the GraphQL server.
  await graphql.close();
  // A Redis client of the rate limiter would keep the process alive.
  await kernel.rateLimiter.close();
  server.closeIdleConnections();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await kernel.sweeps.stop();
  await kernel.segmentSchedule.stop();
  await kernel.webhookWorker.stop();
  await kernel.workflows.stop();
  await kernel.dispatcher.stop();
  await host.stop();
  // Seals what the last writes appended, so no event waits for the next start to join the chain.
  await kernel.audit.stop();
  await kernel.audit.sealPending();
  server.closeAllConnections();
  await closed;
  await database.close();
  logger.flush();
  return 0;
}

/**
 * The first credential of a deployment. `RAPPORT_BOOTSTRAP_API_KEY` makes sure an ADMIN key with
 * that secret exists (for automated deployments: the secret comes from the operator's vault);
 * without it, `--demo` creates a fresh ADMIN key, prints it and returns it for GraphiQL.
 */
async function firstCredential(kernel: Kernel, demo: boolean, logger: Logger): Promise<string | undefined> {
  const bootstrap = process.env.RAPPORT_BOOTSTRAP_API_KEY;
  if (bootstrap !== undefined && bootstrap !== '') {
    const outcome = await kernel.apiKeys.ensureBootstrapKey(bootstrap);
    logger.info({ outcome }, `bootstrap API key ${outcome} (from RAPPORT_BOOTSTRAP_API_KEY)`);
    return undefined;
  }
  if (!demo) return undefined;
  const token = await kernel.apiKeys.createDemoKey();
  // Printed, not logged: it is for the person at the terminal, and logs travel further.
  process.stdout.write(`Demo admin API key: ${token}\n`);
  return token;
}

/** How often to look for due re-evaluation sweeps; their periods are days, so a minute is precise enough. */
const SWEEP_CHECK_INTERVAL_MS = 60_000;

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
