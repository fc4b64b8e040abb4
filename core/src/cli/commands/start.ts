import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../config/loadConfig.js';
import { createKernel } from '../../kernel/createKernel.js';
import { createLogger } from '../../logging/createLogger.js';
import { createHttpServer } from '../../server/createHttpServer.js';

/** Options of `rapport start`, as given on the command line. */
export interface StartOptions {
  config?: string;
  port?: string;
  database?: string;
  demo?: boolean;
}

/**
 * `rapport start`: loads the configuration and the plugins, serves HTTP and activates the
 * `onStartup` plugins. Resolves when the process has been asked to stop and has stopped.
 */
export async function startCommand(options: StartOptions): Promise<number> {
  const config = await loadConfig({ file: options.config, overrides: { port: options.port, database: options.database } });
  const logger = createLogger({ level: config.logLevel });
  const kernel = createKernel({ logger, pluginHost: config.pluginHost });
  let started = false;
  if (options.demo) logger.warn('--demo: demo data needs the persistence layer, which this build does not have yet; starting without it.');

  const loadStarted = performance.now();
  await kernel.host.load({ entries: config.plugins, baseDir: config.baseDir, configFile: config.file, settings: config.pluginSettings });
  const loadMs = performance.now() - loadStarted;
  const server = createHttpServer([
    { name: 'plugins', ready: () => started && kernel.host.settled },
  ]);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, resolve);
  });
  const activationStarted = performance.now();
  await kernel.host.start();
  const activationMs = performance.now() - activationStarted;
  started = true;

  const { port } = server.address() as AddressInfo;
  const url = `http://${config.server.host}:${port}`;
  const states = kernel.host.list().reduce<Record<string, number>>((counts, p) => ({ ...counts, [p.state]: (counts[p.state] ?? 0) + 1 }), {});
  // The plugin host's own share of startup, so benchmarks can separate it from process boot.
  const pluginHostMs = { load: round(loadMs), activation: round(activationMs) };
  logger.info({ url, port, plugins: states, uptimeMs: Math.round(process.uptime() * 1000), pluginHostMs }, `Rapport ready at ${url}`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await kernel.host.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  logger.flush();
  return 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
