import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginLoadError, type PluginModule } from '@rapport/sdk';
import { errorMessage } from '../util/errorMessage.js';
import type { PluginRecord } from './PluginRecord.js';

/**
 * Imports a plugin's entry module. A TypeScript entry (`"main": "src/index.ts"`) is supported on
 * purpose: where the process cannot import TypeScript itself (a built core on plain Node), it is
 * compiled on the fly with tsx, a dependency of the core, so a deployment never relies on the
 * CLI happening to run under a TypeScript loader.
 */
export async function importPluginEntry(record: PluginRecord): Promise<PluginModule> {
  let loaded: Partial<PluginModule> & { default?: Partial<PluginModule> };
  try {
    loaded = (await importModule(record.mainFile!, record.dir)) as typeof loaded;
  } catch (error) {
    throw new PluginLoadError(record.name, `Cannot import ${record.mainFile}: ${errorMessage(error)}`, { cause: error });
  }
  const candidate = typeof loaded.activate === 'function' ? loaded : loaded.default;
  if (typeof candidate?.activate !== 'function') {
    throw new PluginLoadError(record.name, `${record.mainFile} does not export an activate(ctx) function.`);
  }
  return candidate as PluginModule;
}

async function importModule(file: string, pluginDir: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (error) {
    if (!/\.[cm]?ts$/.test(file) || (error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    // The plugin's own compiler options (experimentalDecorators, say), as its author type-checks with.
    const tsconfig = path.join(pluginDir, 'tsconfig.json');
    return tsImport(url, { parentURL: import.meta.url, tsconfig: existsSync(tsconfig) ? tsconfig : false });
  }
}
