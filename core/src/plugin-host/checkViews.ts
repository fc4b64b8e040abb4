import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PluginManifest, ValidationProblem } from '@rapport/sdk';

/**
 * The checks on `contributes.views` that the manifest schema cannot make: ids unique within the
 * plugin, and each entry an existing file inside the package. The console imports an entry by
 * URL long after loading, so a missing file is reported now, naming the manifest and the field,
 * rather than as a broken panel in someone's browser.
 */
export function checkViews(manifest: PluginManifest, dir: string, manifestFile: string, problems: ValidationProblem[]): void {
  const seen = new Map<string, number>();
  const packageDir = realpathOrSelf(dir);
  (manifest.rapport.contributes?.views ?? []).forEach((view, index) => {
    const field = `rapport.contributes.views[${index}]`;
    const first = seen.get(view.id);
    if (first !== undefined) {
      problems.push({ file: manifestFile, field: `${field}.id`, message: `is "${view.id}", which views[${first}] already uses; give each view of the plugin its own id` });
    } else {
      seen.set(view.id, index);
    }
    const file = resolveViewEntry(dir, view.entry);
    if (!file) {
      problems.push({
        file: manifestFile,
        field: `${field}.entry`,
        message: `names ${view.entry}, which does not exist (did you forget to build the view? The entry is a path relative to ${path.basename(dir)}/)`,
      });
    } else if (!isInside(packageDir, file)) {
      problems.push({ file: manifestFile, field: `${field}.entry`, message: `names ${view.entry}, which leads outside the package (a symbolic link); put the view's module inside the package` });
    }
  });
}

/** The real path of a view's entry file, or undefined when there is no such file. */
export function resolveViewEntry(dir: string, entry: string): string | undefined {
  try {
    const file = realpathSync(path.resolve(dir, entry));
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function realpathOrSelf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
}
