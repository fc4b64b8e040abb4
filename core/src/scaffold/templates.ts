import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The plugin templates, `core/templates/plugin`: `common/` goes into every plugin, `<kind>/` into
 * the plugins of that kind. They are real files (the TypeScript ones are linted with the
 * repository), where `{{name}}` stands for a value, only ever inside strings and prose.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/plugin', import.meta.url));

/** Template files whose name npm would not publish, and the name they are written under. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/**
 * The files of the template folders, rendered with `values`: a map from each file's path in the
 * new plugin (with `/` separators) to its text, in the order of `folders`.
 *
 * @throws Error for a `{{name}}` without a value, or a file in two of the folders: a mistake in
 *   the templates, not in the input.
 */
export function renderTemplates(folders: readonly string[], values: Readonly<Record<string, string>>): Map<string, string> {
  const files = new Map<string, string>();
  for (const folder of folders) {
    const root = path.join(TEMPLATES_DIR, folder);
    for (const relative of listFiles(root)) {
      const target = relative
        .split('/')
        .map((part) => RENAMED[part] ?? part)
        .join('/');
      if (files.has(target)) throw new Error(`Templates ${folders.join(' and ')} both have ${target}.`);
      files.set(target, render(readFileSync(path.join(root, relative), 'utf8'), values, `${folder}/${relative}`));
    }
  }
  return files;
}

function render(text: string, values: Readonly<Record<string, string>>, file: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Template ${file} uses {{${name}}}, which has no value.`);
    return value;
  });
}

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(root, relative) : [relative];
    });
}
