import { createLogger } from '../../logging/createLogger.js';
import type { PluginStatus } from '@rapport/sdk';
import { loadConfig } from '../../config/loadConfig.js';
import { createGraphQLServer } from '../../graphql/createGraphQLServer.js';
import { migrateDeployment } from '../../kernel/migrateDeployment.js';
import { openConfiguredKernel } from '../openConfiguredKernel.js';
import { formatTable, unusable } from './pluginsList.js';

/**
 * `rapport plugins check`: everything `rapport start` would find wrong with the plugins, without
 * serving and without touching the deployment's database. It loads and checks the manifests and
 * settings as `plugins list` does, then, in a throwaway in-memory deployment, applies every
 * plugin's migrations, activates every plugin and joins their GraphQL schemas to the core's, so
 * that what a plugin checks in `activate()` (settings compared with each other, say) shows too.
 * Exits 1, naming each plugin that cannot be used, so CI can gate a deployment on it.
 */
export async function pluginsCheckCommand(options: { config?: string; json?: boolean }): Promise<number> {
  const config = await loadConfig({ file: options.config });
  const kernel = await openConfiguredKernel({ ...config, database: { ...config.database, url: 'sqlite::memory:' } }, createLogger({ level: 'silent' }));
  let plugins: PluginStatus[];
  try {
    await migrateDeployment(kernel);
    await kernel.host.start();
    for (const { name, state } of kernel.host.list()) if (state === 'INSTALLED') await kernel.host.activate(name);
    const graphql = createGraphQLServer({ ...kernel, pluginResolverTimeoutMs: config.pluginHost.handlerTimeoutMs });
    await graphql.schema(); // fails the plugins whose schema.graphql cannot join
    await graphql.close();
    plugins = kernel.host.list();
  } finally {
    await kernel.sweeps.stop();
    await kernel.workflows.stop();
    await kernel.dispatcher.stop();
    await kernel.host.stop();
    await kernel.database.close();
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(plugins.map(({ name, version, state, error }) => ({ name, version, state, reason: error })), null, 2)}\n`);
  } else {
    process.stdout.write(formatTable(plugins));
  }
  const failing = plugins.filter(unusable);
  for (const plugin of failing) process.stderr.write(`rapport: plugin "${plugin.name}" is ${plugin.state}: ${plugin.error}\n`);
  if (failing.length > 0) process.stderr.write(`rapport: ${failing.length} of ${plugins.length} plugins cannot be used (${config.file}).\n`);
  return failing.length > 0 ? 1 : 0;
}
