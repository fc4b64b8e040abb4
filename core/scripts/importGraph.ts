import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findCycles } from '../src/plugin-host/dependencyGraph.js';

/**
 * The layers of core/src, from the entry points down to persistence and the utilities: a folder
 * may import only folders of a higher rank number (and itself). Two folders of the same rank may
 * not import each other at all. docs/architecture.md explains what each folder owns.
 */
export const CORE_LAYERS: Readonly<Record<string, number>> = Object.freeze({
  'index.ts': 0,
  cli: 0,
  testing: 0,
  config: 1,
  server: 1,
  graphql: 1,
  console: 1,
  demo: 1,
  scaffold: 1,
  kernel: 2,
  'plugin-host': 3,
  privacy: 3,
  workflows: 4,
  webhooks: 4,
  bots: 4,
  channels: 5,
  inbox: 5,
  annotations: 5,
  evaluation: 5,
  segments: 5,
  kpis: 5,
  domain: 6,
  storage: 6,
  access: 6,
  events: 7,
  audit: 7,
  contributions: 8,
  metrics: 8,
  persistence: 9,
  actors: 9,
  container: 10,
  util: 10,
  validation: 10,
  logging: 10,
  clock: 10,
  tracing: 10,
});

/** One import from a file of core/src to another. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** The relative imports between the files of `srcDir`, as paths relative to it. */
export function fileImports(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of listTypeScript(srcDir)) {
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    // Static imports, re-exports and dynamic imports of relative paths, type-only ones included:
    // a type is a dependency too.
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.normalize(path.join(path.dirname(file), match[1]!)).replace(/\.js$/, '.ts');
      edges.push({ from: file, to: target });
    }
  }
  return edges;
}

/** The top folder of a path in core/src (or the file itself at the top). */
export function folderOf(file: string): string {
  return file.split(path.sep)[0]!;
}

/** Imports between folders, with how many file-level imports each stands for. */
export function folderGraph(edges: readonly ImportEdge[]): Map<string, Map<string, number>> {
  const graph = new Map<string, Map<string, number>>();
  for (const { from, to } of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a === b) continue;
    const targets = graph.get(a) ?? new Map<string, number>();
    targets.set(b, (targets.get(b) ?? 0) + 1);
    graph.set(a, targets);
  }
  return graph;
}

/** Folder imports that do not point down the layers, each with one file import that shows it. */
export function layerViolations(edges: readonly ImportEdge[], layers = CORE_LAYERS): { from: string; to: string; example: ImportEdge }[] {
  const found = new Map<string, { from: string; to: string; example: ImportEdge }>();
  for (const edge of edges) {
    const [a, b] = [folderOf(edge.from), folderOf(edge.to)];
    if (a === b) continue;
    const [rankA, rankB] = [layers[a], layers[b]];
    if (rankA === undefined || rankB === undefined || rankA >= rankB) found.set(`${a}->${b}`, { from: a, to: b, example: edge });
  }
  return [...found.values()];
}

/** Every cycle of file imports, each as the sorted list of the files in it. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const { from, to } of edges) graph.set(from, [...(graph.get(from) ?? []), to]);
  // The same strongly-connected-components search the plugin host uses for plugin dependencies.
  return findCycles(graph).map((cycle) => [...new Set(cycle)].sort());
}

function listTypeScript(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) return listTypeScript(dir, relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}
