/**
 * Prints the import graph between core/src's folders, the imports that run against the layers,
 * and every import cycle between files: `npm run -s arch:graph` (add `--json` for JSON).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_LAYERS, fileImports, folderGraph, importCycles, layerViolations } from './importGraph.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const edges = fileImports(SRC);
const graph = folderGraph(edges);
const violations = layerViolations(edges);
const cycles = importCycles(edges);

if (process.argv.includes('--json')) {
  const folders = Object.fromEntries([...graph].map(([from, targets]) => [from, Object.fromEntries(targets)]));
  console.log(JSON.stringify({ folders, violations, cycles }, null, 2));
} else {
  const rank = (folder: string) => CORE_LAYERS[folder] ?? 99;
  for (const [from, targets] of [...graph].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))) {
    const list = [...targets].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([to, n]) => `${to} (${n})`);
    console.log(`${from.padEnd(13)} → ${list.join(', ')}`);
  }
  console.log(`\nagainst the layers: ${violations.length === 0 ? 'none' : ''}`);
  for (const v of violations) console.log(`  ${v.from} → ${v.to}   e.g. ${v.example.from} imports ${v.example.to}`);
  console.log(`import cycles between files: ${cycles.length === 0 ? 'none' : ''}`);
  for (const cycle of cycles) console.log(`  ${cycle.join(' ↔ ')}`);
}
process.exitCode = violations.length + cycles.length > 0 ? 1 : 0;
