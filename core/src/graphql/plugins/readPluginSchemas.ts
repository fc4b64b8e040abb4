import { readFile } from 'node:fs/promises';
import { GraphQLError, parse, Source, type DocumentNode } from 'graphql';
import { errorMessage } from '../../util/errorMessage.js';

/** A plugin's parsed `contributes.graphql` file. */
export interface PluginSchema {
  plugin: string;
  file: string;
  document: DocumentNode;
}

/** Why a plugin's schema cannot join the server's; the plugin fails with this message. */
export interface PluginSchemaFailure {
  plugin: string;
  message: string;
}

/**
 * Reads and parses the SDL files of the contributing plugins, in order. A file that cannot be
 * read or parsed fails its plugin only; the message names the file, line and column.
 */
export async function readPluginSchemas(
  contributions: readonly { name: string; file: string }[],
): Promise<{ schemas: PluginSchema[]; failures: PluginSchemaFailure[] }> {
  const schemas: PluginSchema[] = [];
  const failures: PluginSchemaFailure[] = [];
  const texts = await Promise.all(contributions.map(({ file }) => readFile(file, 'utf8').catch((error: unknown) => error)));
  contributions.forEach(({ name, file }, index) => {
    const text = texts[index];
    if (typeof text !== 'string') {
      failures.push({ plugin: name, message: `Plugin "${name}": cannot read its GraphQL schema ${file}: ${errorMessage(text)}` });
      return;
    }
    try {
      schemas.push({ plugin: name, file, document: parse(new Source(text, file)) });
    } catch (error) {
      const where = error instanceof GraphQLError && error.locations?.[0] ? `:${error.locations[0].line}:${error.locations[0].column}` : '';
      failures.push({ plugin: name, message: `Plugin "${name}": its GraphQL schema does not parse: ${file}${where}: ${errorMessage(error)}` });
    }
  });
  return { schemas, failures };
}
