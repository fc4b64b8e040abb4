import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORE_LAYERS, fileImports, folderOf, importCycles, layerViolations } from '../../scripts/importGraph.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

describe("core's import graph", () => {
  const edges = fileImports(SRC);

  it('has every folder of core/src in a layer (docs/architecture.md says what each owns)', () => {
    const folders = new Set(edges.flatMap((edge) => [folderOf(edge.from), folderOf(edge.to)]));
    expect([...folders].filter((folder) => CORE_LAYERS[folder] === undefined)).toEqual([]);
  });

  it('points down the layers only: no import runs back up, and folders of one layer do not import each other', () => {
    expect(layerViolations(edges).map((v) => `${v.example.from} imports ${v.example.to}`)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it('catches an upward import and a cycle when there is one (the checks can fail)', () => {
    const upward = [{ from: 'domain/A.ts', to: 'plugin-host/B.ts' }];
    expect(layerViolations(upward)).toHaveLength(1);
    expect(importCycles([{ from: 'a.ts', to: 'b.ts' }, { from: 'b.ts', to: 'a.ts' }])).toEqual([['a.ts', 'b.ts']]);
  });
});
