/**
 * Fills the generated tables of docs/*.md (between `<!-- NAME:start -->` and `<!-- NAME:end -->`)
 * from the SDK's tables: `npm run docs:tables`. With `--check`, changes nothing and exits 1 when a
 * page is out of date (CI runs it so).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCS_TABLES, fillTables } from './docsTables.js';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs');
const check = process.argv.includes('--check');
const stale: string[] = [];
const found = new Set<string>();

for (const file of readdirSync(DOCS, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md'))) {
  const full = path.join(DOCS, file);
  const text = readFileSync(full, 'utf8');
  for (const table of DOCS_TABLES) if (text.includes(`<!-- ${table.name}:start -->`)) found.add(table.name);
  const filled = fillTables(text);
  if (filled === text) continue;
  if (check) stale.push(`docs/${file}`);
  else writeFileSync(full, filled);
}

const missing = DOCS_TABLES.filter((table) => !found.has(table.name)).map((table) => table.name);
if (missing.length > 0) {
  console.error(`No page of docs/ has the markers of: ${missing.join(', ')}. Add <!-- NAME:start --> and <!-- NAME:end --> where each table belongs.`);
  process.exitCode = 1;
} else if (stale.length > 0) {
  console.error(`Out of date: ${stale.join(', ')}. Run npm run docs:tables and commit the result.`);
  process.exitCode = 1;
} else {
  console.log(check ? 'The generated tables of docs/ match the SDK.' : 'The generated tables of docs/ are up to date.');
}
