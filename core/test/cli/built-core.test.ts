import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Inside the repository's node_modules, so the built packages find their dependencies as an
// installation would, and away from the sources the CLI would otherwise prefer.
const WORK = path.join(ROOT, 'node_modules/.cache/rapport-built-core', String(process.pid));

/** Compiles a package's src/ to dist/ (what `npm run build` emits, without the type check) next to a copy of its package.json. */
async function installBuilt(packageDir: string, extra: string[] = []): Promise<void> {
  const name = path.basename(packageDir) === 'sdk' ? '@rapport/sdk' : '@rapport/core';
  const target = path.join(WORK, 'node_modules', name);
  mkdirSync(target, { recursive: true });
  cpSync(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
  for (const item of extra) cpSync(path.join(packageDir, item), path.join(target, item), { recursive: true });
  // The package's own dependencies that npm did not hoist (core's ajv 8 beside eslint's ajv 6).
  if (existsSync(path.join(packageDir, 'node_modules'))) symlinkSync(path.join(packageDir, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  const sources = readdirSync(path.join(packageDir, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  await build({
    entryPoints: sources.map((file) => path.join(packageDir, 'src', file)),
    outbase: path.join(packageDir, 'src'),
    outdir: path.join(target, 'dist'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: true } },
  });
}

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('a built core on plain Node', () => {
  it('loads a plugin whose entry is TypeScript (main: src/index.ts), with no loader of its own', async () => {
    await installBuilt(path.join(ROOT, 'sdk'));
    await installBuilt(path.join(ROOT, 'core'), ['bin']);
    // A deployment folder with a TypeScript plugin (decorators and all) named by path.
    const deployment = path.join(WORK, 'deployment');
    cpSync(path.join(ROOT, 'core/test/fixtures/plugins/di-tiers-ts'), path.join(deployment, 'tiers'), { recursive: true });
    writeFileSync(path.join(deployment, 'rapport.config.json'), JSON.stringify({ server: { port: 0 }, database: { url: 'sqlite::memory:' }, plugins: ['./tiers'] }));

    const bin = path.join(WORK, 'node_modules/@rapport/core/bin/rapport.js');
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      // Plain node: no --import of tsx, no rapport-source condition.
      const child = spawn(process.execPath, [bin, 'plugins', 'check', '--config', path.join(deployment, 'rapport.config.json'), '--json'], { cwd: deployment });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('close', (exit) => resolve({ code: exit, stdout: out, stderr: err }));
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ name: '@fixtures/di-tiers', version: '1.0.0', state: 'ACTIVE', reason: null }]);
  });
});
