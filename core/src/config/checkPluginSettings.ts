import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidationProblem } from '@rapport/sdk';
import { isPathEntry } from '../plugin-host/resolvePluginDirectory.js';

/**
 * Settings are keyed by plugin name; settings under a name that no entry of `plugins` has are
 * never read by anyone, most often because of a typo in the name or a plugin taken out of the
 * list. Each such key is a problem naming `pluginSettings.<name>` and the names that are listed.
 *
 * A package entry is its name. A path entry's name is read from its package.json; when that
 * cannot be read the plugin host reports the entry, and its name is unknown here, so nothing is
 * said about keys it might own.
 */
export function checkPluginSettings(entries: readonly string[], settings: Record<string, unknown>, baseDir: string, file: string): ValidationProblem[] {
  const names: string[] = [];
  for (const entry of entries) {
    const name = isPathEntry(entry) ? packageName(path.resolve(baseDir, entry)) : entry;
    if (name === undefined) return [];
    names.push(name);
  }
  const listed = names.length > 0 ? `the plugins listed are ${names.map((name) => JSON.stringify(name)).join(', ')}` : 'no plugins are listed';
  return Object.keys(settings)
    .filter((key) => !names.includes(key))
    .map((key) => ({
      file,
      field: `pluginSettings.${key}`,
      message: `are settings for a plugin that is not in "plugins" (${listed}); add the plugin to "plugins" or remove its settings`,
    }));
}

function packageName(dir: string): string | undefined {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  try {
    const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
