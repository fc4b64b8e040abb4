import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema, lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { ConfigFieldError } from '../config/ConfigFieldError.js';
import { loadConfig } from '../config/loadConfig.js';
import { createGraphQLServer } from '../graphql/createGraphQLServer.js';
import { migrateDeployment } from '../kernel/migrateDeployment.js';
import { createLogger } from '../logging/createLogger.js';
import { errorMessage } from '../util/errorMessage.js';
import { openConfiguredKernel } from './openConfiguredKernel.js';

/** A deployment's GraphQL schema, and the plugins whose schema could not join it. */
export interface DeploymentSchema {
  schema: GraphQLSchema;
  /** `plugin: reason` for each plugin left out of the schema. */
  leftOut: string[];
}

/**
 * The schema a deployment serves, from its config file (the core's plus every plugin's, assembled
 * as `rapport start` assembles it, in a throwaway in-memory database), or from an SDL file
 * (`.graphql`, `.gql`) such as one `rapport schema print` wrote earlier. Sorted, so two prints of
 * the same deployment are the same text.
 */
export async function deploymentSchema(source: string): Promise<DeploymentSchema> {
  const file = path.resolve(source);
  if (!existsSync(file)) throw new ConfigFieldError({ file, field: '(file)', message: "does not exist: give a deployment's rapport.config.json or a .graphql file" });
  if (/\.(graphql|gql)$/i.test(file)) {
    try {
      return { schema: lexicographicSortSchema(buildSchema(await readFile(file, 'utf8'))), leftOut: [] };
    } catch (error) {
      throw new ConfigFieldError({ file, field: '(file)', message: `is not a GraphQL schema: ${errorMessage(error)}` });
    }
  }
  const config = await loadConfig({ file });
  const kernel = await openConfiguredKernel({ ...config, database: { ...config.database, url: 'sqlite::memory:' } }, createLogger({ level: 'silent' }));
  try {
    await migrateDeployment(kernel);
    const graphql = createGraphQLServer({ ...kernel, pluginResolverTimeoutMs: config.pluginHost.handlerTimeoutMs });
    const schema = await graphql.schema();
    await graphql.close();
    const leftOut = kernel.host
      .list()
      .filter((plugin) => plugin.state === 'FAILED' || plugin.state === 'INCOMPATIBLE')
      .map((plugin) => `${plugin.name}: ${plugin.error}`);
    return { schema: lexicographicSortSchema(schema), leftOut };
  } finally {
    await kernel.host.stop();
    await kernel.database.close();
  }
}
