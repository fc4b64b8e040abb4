import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../config/loadConfig.js';
import { seedDemoData } from '../../demo/seedDemoData.js';
import { createGraphQLServer, GRAPHQL_PATH } from '../../graphql/createGraphQLServer.js';
import { createLogger } from '../../logging/createLogger.js';
import { migrateDeployment } from '../../kernel/migrateDeployment.js';
import { postgresMaintenanceWarning } from '../../persistence/postgresMaintenance.js';
import { startTracing } from '../../tracing/startTracing.js';
import { createHttpServer, RequestDrain } from '../../server/createHttpServer.js';
import { redisReadinessCheck } from '../../server/redisReadiness.js';
import { createMetricsRoute, routeFamily } from '../../metrics/metricsRoute.js';
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
  // First, so the SDK is in place before any span would be started (docs/operations.md, Traces).
  const tracing = await startTracing(config.tracing);
  if (tracing.mode === 'exporting') logger.info({ tracesUrl: config.tracing?.tracesUrl }, 'exporting traces over OTLP/HTTP');
  if (tracing.mode === 'deployment') logger.info('traces go to the tracer provider the deployment registered');
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
    ...(config.redis && { redis: { url: config.redis.url, ...(config.redis.channelPrefix && { channelPrefix: config.redis.channelPrefix }) } }),
    // Only the throwaway demo key is ever put in the page; an operator's key never is.
    ...(demoKey && { graphiqlHeaders: { Authorization: `Bearer ${demoKey}` } }),
  });
  let started = false;
  const drain = new RequestDrain();
  const redisCheck = config.redis && redisReadinessCheck(config.redis.url);
  if (config.metrics.token) kernel.metrics.collectProcessMetrics();
  const server = createHttpServer(
    [
      { name: 'plugins', ready: () => (started && host.settled ? true : { ready: false, detail: started ? 'A plugin activation is in progress.' : 'Plugins are being loaded and activated.' }) },
      { name: 'database', ready: async () => ((await database.isConnected()) ? true : { ready: false, detail: 'The database does not answer a trivial query.' }) },
      ...(redisCheck ? [redisCheck] : []),
    ],
    [
      createMetricsRoute(kernel.metrics, config.metrics.token),
      (request, response) => graphql.handle(request, response),
      createChannelRoute(kernel.inbound, logger.child({ component: 'channels' }), { ...config.channels, publicUrl: config.server.publicUrl }),
      createChannelOwnRoute(kernel.channels, logger.child({ component: 'channels' }), { ...config.channels, publicUrl: config.server.publicUrl }),
      createPluginViewRoute(host),
      createConsoleRoute(),
    ],
    config.server,
    [(request, socket, head) => graphql.handleUpgrade(request, socket, head)],
    { drain, observe: (request, status, seconds) => kernel.metrics.httpRequest(routeFamily(request), status, seconds) },
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

  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const boundMs = config.server.shutdownTimeoutMs;
  const deadline = performance.now() + boundMs;
  // /readyz answers 503 from now on, so the load balancer stops sending; new requests are refused.
  drain.start();
  logger.info({ signal, inFlight: drain.inFlight, shutdownTimeoutMs: boundMs }, 'draining: finishing requests in flight, then stopping');
  // The bound holds whatever hangs: a handler that never returns, a lease that never frees.
  const hardStop = setTimeout(() => {
    logger.error({ inFlight: drain.inFlight, shutdownTimeoutMs: boundMs }, `shutdown did not finish within server.shutdownTimeout (${boundMs} ms); exiting now`);
    logger.flush();
    process.exit(1);
  }, boundMs);
  hardStop.unref();
  // Requests finish while the workers stop claiming and finish their leases: neither needs the
  // other. Requests get the bound less a reserve for closing the rest, so one that never ends is
  // cut off and the process still stops cleanly within the bound.
  const closingReserveMs = Math.min(1_000, boundMs / 5);
  const [settled] = await Promise.all([drain.settled(deadline - closingReserveMs - performance.now()), stopWorkers(kernel)]);
  if (!settled) logger.warn({ inFlight: drain.inFlight }, 'requests still in flight at the shutdown bound are cut off');
  // Open SSE subscriptions and WebSockets would hold server.close() forever; they end with the GraphQL server.
  await graphql.close();
  // A Redis client of the rate limiter would keep the process alive.
  await kernel.rateLimiter.close();
  await redisCheck?.close();
  server.closeIdleConnections();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await host.stop();
  // Seals what the last writes appended, so no event waits for the next start to join the chain.
  await kernel.audit.stop();
  await kernel.audit.sealPending();
  server.closeAllConnections();
  await closed;
  await database.close();
  // The spans of the last requests and deliveries, still in the batch processor's buffer.
  await tracing.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'exporting the last spans failed'));
  clearTimeout(hardStop);
  logger.info({ shutdownMs: Math.round(boundMs - (deadline - performance.now())) }, 'stopped');
  logger.flush();
  return 0;
}

/** Stops everything that claims work with a lease, each waiting for what it has in hand. */
async function stopWorkers(kernel: Kernel): Promise<void> {
  await kernel.sweeps.stop();
  await kernel.segmentSchedule.stop();
  await kernel.webhookWorker.stop();
  await kernel.workflows.stop();
  await kernel.dispatcher.stop();
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
