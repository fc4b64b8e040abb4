import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PluginLoadError, type PluginManifest } from '@rapport/sdk';
import type { Dialect, SqlMigration } from './SqlMigration.js';

/**
 * Reads the SQL migrations in a plugin's `rapport.migrations` directory. Each migration is one
 * `<name>.sql` file, run on every database, or a pair `<name>.sqlite.sql` +
 * `<name>.postgresql.sql`; names sort into the order they apply (e.g. `0001_create_tiers`).
 * A plugin without the field has no migrations.
 *
 * @throws PluginLoadError naming the file (or the manifest field) and what to do about it.
 */
export async function readPluginMigrations(pluginDir: string, manifest: PluginManifest, manifestFile: string): Promise<SqlMigration[]> {
  const declared = manifest.rapport.migrations;
  if (declared === undefined) return [];
  const dir = path.resolve(pluginDir, declared);
  const fail = (message: string) => new PluginLoadError(manifest.name, message);

  let files: string[];
  try {
    files = (await readdir(dir, { withFileTypes: true })).filter((f) => f.isFile()).map((f) => f.name);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code === 'ENOENT' ? 'which does not exist' : code === 'ENOTDIR' ? 'which is not a directory' : `which cannot be read: ${message}`;
    throw fail(
      `${manifestFile}: rapport.migrations: names "${declared}" (${dir}), ${reason}. ` +
        'Create the directory, or remove the field if the plugin has no migrations.',
    );
  }

  // Group the files by migration name: the plain file, or one file per dialect.
  const byName = new Map<string, { plain?: string; sqlite?: string; postgresql?: string }>();
  for (const file of files) {
    const match = /^(.+?)(?:\.(sqlite|postgresql))?\.sql$/.exec(file);
    if (!match) continue;
    const [, name = file, dialect] = match;
    const entry = byName.get(name) ?? {};
    entry[(dialect as Dialect | undefined) ?? 'plain'] = file;
    byName.set(name, entry);
  }

  const migrations: SqlMigration[] = [];
  for (const [name, entry] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    const at = (file: string) => path.join(dir, file);
    if (entry.plain && (entry.sqlite || entry.postgresql)) {
      throw fail(
        `${at(entry.plain)} and ${at((entry.sqlite ?? entry.postgresql)!)} both define migration ${name}. ` +
          `Keep either ${name}.sql for every database, or the pair ${name}.sqlite.sql + ${name}.postgresql.sql.`,
      );
    }
    if (entry.plain) {
      const statements = await readStatements(at(entry.plain), fail);
      migrations.push({ name, sqlite: statements, postgresql: statements });
      continue;
    }
    if (!entry.sqlite || !entry.postgresql) {
      const [present, missing] = entry.sqlite ? [entry.sqlite, 'postgresql'] : [entry.postgresql!, 'sqlite'];
      throw fail(
        `${at(present)} has no twin ${name}.${missing}.sql. Add it, ` +
          `or rename the file to ${name}.sql if the same SQL runs on SQLite and PostgreSQL.`,
      );
    }
    migrations.push({
      name,
      sqlite: await readStatements(at(entry.sqlite), fail),
      postgresql: await readStatements(at(entry.postgresql), fail),
    });
  }
  return migrations;
}

async function readStatements(file: string, fail: (message: string) => Error): Promise<string[]> {
  const statements = splitStatements(await readFile(file, 'utf8'));
  if (statements.length === 0) throw fail(`${file} has no SQL statements. Write the migration's SQL in it, or delete the file.`);
  return statements;
}

/**
 * Splits SQL into statements at each `;` that ends a line, dropping `--` comment lines and blank
 * statements. Only a line-final `;` ends a statement, so semicolons inside a line (a string, a
 * trigger body written on one line) are kept; drivers run one statement per call.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  const flush = () => {
    const statement = current.join('\n').trim();
    if (statement) statements.push(statement);
    current = [];
  };
  for (const line of sql.split(/\r?\n/)) {
    if (line.trimStart().startsWith('--')) continue;
    const trimmed = line.trimEnd();
    if (trimmed.endsWith(';')) {
      current.push(trimmed.slice(0, -1));
      flush();
    } else {
      current.push(line);
    }
  }
  flush();
  return statements;
}
