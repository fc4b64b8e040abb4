import semver from 'semver';
import { API_VERSION, PluginLoadError, RapportError, type PluginManifest } from '@rapport/sdk';
import { errorMessage } from '../util/errorMessage.js';
import type { DeclaredContributions } from '../contributions/DeclaredContributions.js';
import { dependencyOrder, findCycles } from './dependencyGraph.js';
import { emptyMetrics, type PluginRecord } from './PluginRecord.js';
import { readPluginPackage } from './readPluginPackage.js';
import { resolvePluginDirectory } from './resolvePluginDirectory.js';
import { validateSettings } from './validateSettings.js';

/** What to load: the `plugins` and `pluginSettings` of a config file. */
export interface PluginSource {
  /** Package names, or paths relative to `baseDir`. */
  entries: readonly string[];
  baseDir: string;
  /** The config file, named in settings errors. */
  configFile: string;
  /** Settings by plugin name. */
  settings: Readonly<Record<string, unknown>>;
}

/** The outcome of the load phase. */
export interface LoadedPlugins {
  records: Map<string, PluginRecord>;
  /** Every plugin name, dependencies before dependents. */
  order: string[];
}

/**
 * The load phase: reads every configured plugin's manifest and runs every check that needs no
 * plugin code (schema, engine range, duplicates, settings, contribution conflicts, dependency
 * cycles), and indexes what the plugins that pass declare into `index` (cleared first). A plugin
 * that fails a check keeps its reason and stops no other plugin. Nothing is imported here; that
 * is what keeps 200 lazy plugins cheap at startup.
 */
export async function loadPluginRecords(source: PluginSource, index: DeclaredContributions): Promise<LoadedPlugins> {
  const records = new Map<string, PluginRecord>();
  index.clear();

  const read = await Promise.all(source.entries.map((entry) => readRecord(entry, source)));
  for (const record of read) {
    const earlier = records.get(record.name);
    if (earlier) {
      record.staticFailure = {
        state: 'FAILED',
        error: `Plugin "${record.name}" is listed twice in ${source.configFile} (as "${earlier.entry}" and "${record.entry}"); remove one entry.`,
      };
      record.name = `${record.name} (${record.entry})`;
    }
    if (record.manifest && !record.staticFailure) {
      const conflict = index.add(record.manifest, record.manifestFile);
      if (conflict) record.staticFailure = { state: 'FAILED', error: conflict.message };
    }
    records.set(record.name, record);
  }

  const edges = new Map<string, string[]>();
  for (const record of records.values()) {
    if (record.manifest && !record.staticFailure) edges.set(record.name, Object.keys(record.manifest.rapport.pluginDependencies ?? {}));
  }
  for (const cycle of findCycles(edges)) {
    for (const name of new Set(cycle)) {
      records.get(name)!.staticFailure = {
        state: 'FAILED',
        error: `Dependency cycle: ${cycle.join(' → ')}. Plugins cannot depend on each other in a circle; remove one of these pluginDependencies.`,
      };
    }
  }
  return { records, order: dependencyOrder([...records.keys()], edges) };
}

async function readRecord(entry: string, source: PluginSource): Promise<PluginRecord> {
  const record: PluginRecord = {
    entry,
    name: entry,
    version: '0.0.0',
    displayName: null,
    dir: '',
    manifestFile: '',
    manifest: undefined,
    mainFile: undefined,
    settings: {},
    staticFailure: undefined,
    disabled: undefined,
    activationError: undefined,
    active: false,
    activation: undefined,
    context: undefined,
    moduleLoad: undefined,
    module: undefined,
    exports: undefined,
    metrics: emptyMetrics(),
  };
  try {
    record.dir = resolvePluginDirectory(entry, source.baseDir);
    const pkg = await readPluginPackage(record.dir, entry);
    Object.assign(record, {
      name: pkg.name,
      version: pkg.version,
      displayName: pkg.manifest.rapport.displayName ?? null,
      manifestFile: pkg.manifestFile,
      manifest: pkg.manifest,
      mainFile: pkg.mainFile,
    });
    checkEngine(pkg.manifest, pkg.manifestFile);
    record.settings = validateSettings(pkg.manifest, source.settings[pkg.name], source.configFile);
  } catch (error) {
    if (error instanceof PluginLoadError) record.name = error.plugin;
    const incompatible = error instanceof RapportError && error.code === 'PLUGIN_INCOMPATIBLE';
    record.staticFailure = { state: incompatible ? 'INCOMPATIBLE' : 'FAILED', error: errorMessage(error) };
  }
  return record;
}

function checkEngine(manifest: PluginManifest, manifestFile: string): void {
  const range = manifest.engines.rapport;
  if (!semver.validRange(range)) {
    throw new PluginLoadError(
      manifest.name,
      `${manifestFile}: engines.rapport: "${range}" is not a semver range; write one such as "^${semver.major(API_VERSION)}.0.0".`,
      { code: 'MANIFEST_INVALID' },
    );
  }
  if (!semver.satisfies(API_VERSION, range, { includePrerelease: true })) {
    throw new PluginLoadError(
      manifest.name,
      `Plugin "${manifest.name}" requires Rapport API ${range} (engines.rapport in ${manifestFile}), ` +
        `but this core provides API ${API_VERSION}. Install a version of the plugin built for API ${semver.major(API_VERSION)}.x.`,
      { code: 'PLUGIN_INCOMPATIBLE' },
    );
  }
}
