import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ManifestValidationError, manifestSchema, PluginLoadError, type PluginManifest, type ValidationProblem } from '@rapport/sdk';
import { createAjv } from '../validation/createAjv.js';
import { toProblems } from '../validation/toProblems.js';
import { checkViews } from './checkViews.js';

const validateManifest = createAjv().compile(manifestSchema);

/** A plugin package as read from disk, before any of its code is imported. */
export interface PluginPackage {
  name: string;
  version: string;
  dir: string;
  manifestFile: string;
  manifest: PluginManifest;
  mainFile: string;
}

/**
 * Reads and validates a plugin's package.json and locates its entry module.
 *
 * @throws ManifestValidationError listing every problem with the file and the field.
 * @throws PluginLoadError when the file cannot be read or parsed.
 */
export async function readPluginPackage(dir: string, entry: string): Promise<PluginPackage> {
  const manifestFile = path.join(dir, 'package.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestFile, 'utf8'));
  } catch (error) {
    throw new PluginLoadError(entry, `Cannot read plugin manifest ${manifestFile}: ${(error as Error).message}`, { cause: error });
  }
  const name = typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : entry;
  if (!validateManifest(raw)) {
    throw new ManifestValidationError(name, toProblems(validateManifest.errors, manifestFile));
  }
  const manifest = raw as unknown as PluginManifest;
  const problems: ValidationProblem[] = [];
  const mainFile = locateMain(manifest, dir, manifestFile, problems);
  const graphql = manifest.rapport.contributes?.graphql;
  if (graphql && !existsSync(path.join(dir, graphql))) {
    problems.push({ file: manifestFile, field: 'rapport.contributes.graphql', message: `names ${graphql}, which does not exist` });
  }
  checkViews(manifest, dir, manifestFile, problems);
  if (problems.length > 0 || !mainFile) throw new ManifestValidationError(manifest.name, problems);
  return { name: manifest.name, version: manifest.version, dir, manifestFile, manifest, mainFile };
}

function locateMain(manifest: PluginManifest, dir: string, manifestFile: string, problems: ValidationProblem[]): string | undefined {
  const declared = manifest.main ?? exportedEntry(manifest.exports);
  if (!declared) {
    problems.push({ file: manifestFile, field: 'main', message: 'is required: the path of the module that exports activate()' });
    return undefined;
  }
  const file = path.resolve(dir, declared);
  // A plugin developed in a workspace runs from its TypeScript sources until it is built for
  // publishing: its `rapport-source` export is used when the built entry does not exist yet.
  const source = sourceEntry(manifest.exports);
  if (!existsSync(file) && source && existsSync(path.resolve(dir, source))) return path.resolve(dir, source);
  if (!existsSync(file)) {
    problems.push({
      file: manifestFile,
      field: manifest.main ? 'main' : 'exports',
      message: `points to ${declared}, which does not exist (did you forget to build the plugin?)`,
    });
    return undefined;
  }
  return file;
}

/** The `rapport-source` target of `exports["."]`: the TypeScript entry of a workspace package. */
function sourceEntry(exports: unknown): string | undefined {
  const root = typeof exports === 'object' && exports !== null && '.' in exports ? (exports as Record<string, unknown>)['.'] : undefined;
  const target = typeof root === 'object' && root !== null ? (root as Record<string, unknown>)['rapport-source'] : undefined;
  return typeof target === 'string' ? target : undefined;
}

/** The `import` target of `exports["."]`, for packages that have no `main`. */
function exportedEntry(exports: unknown): string | undefined {
  const root = typeof exports === 'object' && exports !== null && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports;
  if (typeof root === 'string') return root;
  if (typeof root === 'object' && root !== null) {
    const conditions = root as Record<string, unknown>;
    for (const key of ['import', 'default']) if (typeof conditions[key] === 'string') return conditions[key];
  }
  return undefined;
}
