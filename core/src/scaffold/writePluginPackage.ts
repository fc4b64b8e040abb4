import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '@rapport/sdk';
import { packageLock, pluginDependencies } from './pluginDependencies.js';
import { PLUGIN_KIND_NAMES, pluginKind, type PluginKind } from './pluginKinds.js';
import { developmentConfig, pluginManifest } from './pluginManifest.js';
import { derivePluginNames, type PluginNames } from './pluginName.js';
import { findRapportInstallation, missingBuildOutputs, staleBuildOutputs, type RapportInstallation } from './rapportInstallation.js';
import { renderTemplates } from './templates.js';

/** What `rapport new plugin` was asked for. */
export interface NewPluginRequest {
  /** `<name>`: an npm package name, scoped or not. */
  name: string | undefined;
  /** `--kind`. */
  kind: string | undefined;
  /** `--dir`, relative to `cwd`; defaults to the name without its scope. */
  dir?: string;
  cwd: string;
}

/** The plugin package written. */
export interface WrittenPlugin {
  /** The folder, absolute. */
  dir: string;
  names: PluginNames;
  kind: PluginKind;
  /** The files written, relative to `dir`, in the order they were written. */
  files: string[];
  installation: RapportInstallation;
  /** Things the author must do before the plugin works, e.g. build the SDK in a clone. */
  warnings: string[];
}

const EXAMPLE = 'rapport new plugin @acme/rapport-sla --kind scoring';

/**
 * Writes a plugin package of the requested kind: the manifest, the TypeScript source with the
 * contribution wired, a test on the SDK's test host, README, CHANGELOG, a development deployment
 * (rapport.config.json) and the tool configuration, plus a package-lock.json that installs offline
 * when Rapport is a clone.
 *
 * @throws ValidationError, before writing anything, for a missing or invalid name, a missing or
 *   unknown kind, or a folder that exists and is not empty.
 */
export function writePluginPackage(request: NewPluginRequest): WrittenPlugin {
  if (!request.name) throw new ValidationError(`rapport new plugin needs the plugin's name, e.g. ${EXAMPLE}`, 'name');
  const kind = kindOf(request.kind);
  const names = derivePluginNames(request.name, kind.idPrefixes);
  const dir = path.resolve(request.cwd, request.dir ?? names.bareName);
  checkTarget(dir);

  const installation = findRapportInstallation();
  const dependencies = pluginDependencies(installation, dir);
  const manifest = pluginManifest(names, kind, dependencies);
  const templates = renderTemplates([kind.name, 'common'], {
    packageName: names.packageName,
    id: names.id,
    displayName: names.displayName,
    fieldName: names.fieldName,
    folder: path.basename(dir),
    changelogEntry: kind.changelog(names.id),
  });
  const lock = packageLock(names.packageName, manifest.version as string, dependencies);
  const files = new Map([
    ['package.json', json(manifest)],
    ...templates,
    ['rapport.config.json', json(developmentConfig(names, kind))],
    ...(lock ? ([['package-lock.json', json(lock)]] as const) : []),
  ]);

  for (const [file, text] of files) {
    const target = path.join(dir, ...file.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return { dir, names, kind, files: [...files.keys()], installation, warnings: warningsFor(installation, Boolean(lock)) };
}

function kindOf(name: string | undefined): PluginKind {
  const choices = PLUGIN_KIND_NAMES.join(', ');
  if (!name) throw new ValidationError(`rapport new plugin needs --kind, one of ${choices}, e.g. ${EXAMPLE}`, 'kind');
  const kind = pluginKind(name);
  if (!kind) {
    const near = PLUGIN_KIND_NAMES.find((candidate) => candidate.startsWith(name.toLowerCase().slice(0, 4)));
    throw new ValidationError(`Unknown kind "${name}": --kind takes one of ${choices}.${near ? ` Did you mean --kind ${near}?` : ''}`, 'kind');
  }
  return kind;
}

/** Writing goes only into a new or an empty folder, so nothing of the author's is overwritten. */
function checkTarget(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) {
    throw new ValidationError(`${dir} is a file, not a folder. Give the plugin another folder with --dir.`, 'dir');
  }
  if (readdirSync(dir).length > 0) {
    throw new ValidationError(
      `${dir} already exists and is not empty; rapport new plugin writes only into a new or an empty folder. ` +
        'Give the plugin another folder with --dir, or remove this one first.',
      'dir',
    );
  }
}

function warningsFor(installation: RapportInstallation, locked: boolean): string[] {
  const warnings: string[] = [];
  const missing = missingBuildOutputs(installation);
  if (missing.length > 0) {
    const root = path.dirname(installation.coreDir);
    warnings.push(
      `The plugin type-checks and runs its tests against the compiled @rapport/sdk and @rapport/core, and ${missing.join(' and ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} missing. Build them in the Rapport clone first: cd ${root} && npm run build`,
    );
  }
  const stale = missing.length === 0 ? staleBuildOutputs(installation) : [];
  if (stale.length > 0) {
    warnings.push(
      `The sources of ${stale.join(' and ')} changed after their dist/ was built; the plugin type-checks and tests against dist/. ` +
        `Build them again first: cd ${path.dirname(installation.coreDir)} && npm run build`,
    );
  }
  if (installation.linked && !locked) {
    warnings.push('No package-lock.json of the Rapport clone was found to pin vitest and typescript to: npm install needs the network.');
  }
  return warnings;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
