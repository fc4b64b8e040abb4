import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RapportInstallation } from './rapportInstallation.js';

/** The tools a new plugin tests and type-checks with. */
export const DEV_TOOLS = ['@types/node', 'typescript', 'vitest'] as const;

/**
 * Their ranges when Rapport comes from a registry (no clone to pin them from): the same as the
 * Rapport repository's own devDependencies, which a test keeps in step.
 */
export const DEV_TOOL_RANGES: Readonly<Record<(typeof DEV_TOOLS)[number], string>> = {
  '@types/node': '^20.19.0',
  typescript: '~5.9.3',
  vitest: '^4.0.10',
};

/** The registry that `resolved` URLs in a written lockfile name; npm maps it to the one configured. */
const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** What goes into the new plugin's package.json, and the lockfile that installs it offline. */
export interface PluginDependencies {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** `packages` of package-lock.json besides the root's, or undefined when there is none to write. */
  lockedPackages?: Record<string, LockEntry>;
}

/** One entry of a package-lock.json (lockfileVersion 3) `packages` map. */
export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  name?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/**
 * The new plugin's dependencies. `@rapport/sdk` is its one runtime dependency; `@rapport/core`
 * (for the test host), vitest, typescript and @types/node are for development.
 *
 * From a clone (`installation.linked`), the Rapport packages are `file:` links to the clone's
 * folders: npm symlinks them and, since they lie outside the plugin, installs nothing into them
 * (their own dependencies are the clone's). The dev tools are pinned to the versions the clone's
 * package-lock.json installed, and their entries from it make the plugin's lockfile: npm then
 * fetches nothing it has not cached when it installed the clone, so `npm install` works offline.
 * Without a lockfile npm 11 would need each package's full registry document, which installing
 * the clone from its lockfile never cached.
 *
 * @param pluginDir - the new plugin's folder, which `file:` paths are relative to.
 */
export function pluginDependencies(installation: RapportInstallation, pluginDir: string): PluginDependencies {
  if (!installation.linked) {
    return {
      dependencies: { '@rapport/sdk': `^${installation.sdkVersion}` },
      devDependencies: sortKeys({ '@rapport/core': `^${installation.coreVersion}`, ...DEV_TOOL_RANGES }),
    };
  }
  const link = (dir: string) => `file:${path.relative(pluginDir, dir).split(path.sep).join('/')}`;
  const lock = installation.lockFile ? readLock(installation.lockFile) : undefined;
  const pinned = lock && DEV_TOOLS.every((tool) => lock[`node_modules/${tool}`]?.version);
  const tools = Object.fromEntries(DEV_TOOLS.map((tool) => [tool, pinned ? lock[`node_modules/${tool}`]!.version! : DEV_TOOL_RANGES[tool]]));
  return {
    dependencies: { '@rapport/sdk': link(installation.sdkDir) },
    devDependencies: sortKeys({ '@rapport/core': link(installation.coreDir), ...tools }),
    ...(pinned && { lockedPackages: closure(lock, DEV_TOOLS) }),
  };
}

/** The package-lock.json for a package with these dependencies, or undefined. */
export function packageLock(name: string, version: string, dependencies: PluginDependencies): Record<string, unknown> | undefined {
  if (!dependencies.lockedPackages) return undefined;
  return {
    name,
    version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name, version, dependencies: dependencies.dependencies, devDependencies: dependencies.devDependencies },
      // The `file:` links are left to npm: it adds them without asking a registry.
      ...dependencies.lockedPackages,
    },
  };
}

function readLock(file: string): Record<string, LockEntry> | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { packages?: Record<string, LockEntry> }).packages;
  } catch {
    return undefined;
  }
}

/**
 * The entries of `lock` that installing `roots` needs, at the same places in the tree (a package
 * nested under another stays nested), all development dependencies of the new plugin. An entry
 * reached only through optional dependencies (a platform's binary) stays optional; an entry
 * without `resolved` (npm's `omit-lockfile-registry-resolved`) gets the registry's tarball URL,
 * so npm can take the tarball from its cache without the registry document.
 */
function closure(lock: Record<string, LockEntry>, roots: readonly string[]): Record<string, LockEntry> {
  const required = new Set<string>();
  const optional = new Set<string>();
  const visit = (from: string, name: string, viaOptional: boolean) => {
    const location = resolveIn(lock, from, name);
    if (!location) return;
    if (required.has(location) || (viaOptional && optional.has(location))) return;
    (viaOptional ? optional : required).add(location);
    const entry = lock[location]!;
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(location, dependency, viaOptional);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) visit(location, dependency, true);
    for (const peer of Object.keys(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[peer]?.optional) visit(location, peer, viaOptional);
    }
  };
  for (const root of roots) visit('', root, false);
  const entries: Record<string, LockEntry> = {};
  for (const location of [...new Set([...required, ...optional])].sort()) {
    const { dev: _dev, optional: _optional, devOptional: _devOptional, peer: _peer, ...entry } = lock[location]!;
    entries[location] = {
      ...entry,
      ...(!entry.resolved && entry.version && { resolved: tarballUrl(entry.name ?? packageNameAt(location), entry.version) }),
      dev: true,
      ...(!required.has(location) && { optional: true }),
    };
  }
  return entries;
}

/** Where Node would find `name` from the package at `from` (`''` is the root): its folder, then each parent's. */
function resolveIn(lock: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    const entry = lock[candidate];
    // Workspace links never serve the dev tools; a link would need its target's entry too.
    if (entry && !entry.link) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

function packageNameAt(location: string): string {
  return location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** `https://registry.npmjs.org/@types/node/-/node-20.19.43.tgz`. */
function tarballUrl(name: string, version: string): string {
  return `${DEFAULT_REGISTRY}${name}/-/${name.slice(name.indexOf('/') + 1)}-${version}.tgz`;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
