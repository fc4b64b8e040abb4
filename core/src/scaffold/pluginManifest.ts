import { API_VERSION } from '@rapport/sdk';
import type { PluginDependencies } from './pluginDependencies.js';
import type { PluginKind } from './pluginKinds.js';
import type { PluginNames } from './pluginName.js';

/**
 * The new plugin's package.json: an ES module whose entry is its TypeScript source (the host
 * loads `.ts` entries), `engines.rapport` accepting this SDK's major version, and the kind's
 * activation events, permissions, contribution and settings.
 */
export function pluginManifest(names: PluginNames, kind: PluginKind, dependencies: PluginDependencies): Record<string, unknown> {
  const [major, minor] = API_VERSION.split('.') as [string, string];
  const contributes = kind.contributes(names);
  // Views came with API 1.7: a core before it refuses a manifest that declares them.
  const views = Boolean(contributes.views?.length);
  return {
    name: names.packageName,
    version: '0.1.0',
    description: kind.description(names.id),
    type: 'module',
    license: 'UNLICENSED',
    main: 'src/index.ts',
    files: ['src', ...(views ? ['views'] : []), 'README.md', 'CHANGELOG.md'],
    engines: { node: '>=20', rapport: views ? `^${major}.${minor}.0` : `^${major}.0.0` },
    scripts: {
      start: 'rapport start --config rapport.config.json',
      test: 'vitest run',
      typecheck: 'tsc -p tsconfig.json',
    },
    dependencies: dependencies.dependencies,
    devDependencies: dependencies.devDependencies,
    rapport: {
      displayName: names.displayName,
      description: kind.description(names.id),
      activationEvents: kind.activationEvents(names),
      permissions: [...kind.permissions],
      contributes: { ...contributes, configuration: kind.configuration },
    },
  };
}

/**
 * rapport.config.json in the plugin's folder: a deployment of just this plugin, named by path,
 * on SQLite in `.rapport/`, for `npm start`.
 */
export function developmentConfig(names: PluginNames, kind: PluginKind): Record<string, unknown> {
  const settings = kind.devSettings?.();
  return {
    server: { host: '127.0.0.1', port: 4000 },
    database: { url: 'sqlite:./.rapport/rapport.db' },
    plugins: ['./'],
    ...(settings && { pluginSettings: { [names.packageName]: settings } }),
  };
}
