import { existsSync } from 'node:fs';
import path from 'node:path';
import { PluginLoadError } from '@rapport/sdk';

/**
 * Finds the directory of a configured plugin. An entry that starts with `.` or `/` is a path
 * relative to the config file's directory; anything else is a package name, looked up in
 * `node_modules` folders from that directory upwards, the way `import` finds packages.
 *
 * Package names are resolved by directory rather than with `import.meta.resolve`, because a
 * plugin's `exports` map need not expose its package.json, and the host must read the manifest
 * without importing any plugin code.
 */
export function resolvePluginDirectory(entry: string, baseDir: string): string {
  if (isPathEntry(entry)) {
    const dir = path.resolve(baseDir, entry);
    if (!existsSync(path.join(dir, 'package.json'))) {
      throw new PluginLoadError(entry, `Plugin path "${entry}" has no package.json at ${dir}. Check the path; it is relative to the config file.`);
    }
    return dir;
  }
  for (let dir = path.resolve(baseDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', entry);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new PluginLoadError(
    entry,
    `Cannot find plugin package "${entry}" from ${baseDir}. Install it with "npm install ${entry}", or give a path starting with "./".`,
  );
}

export function isPathEntry(entry: string): boolean {
  return entry.startsWith('.') || path.isAbsolute(entry);
}
