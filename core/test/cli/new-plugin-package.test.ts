import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { readPluginPackage } from '../../src/plugin-host/readPluginPackage.js';
import { DEV_TOOL_RANGES, DEV_TOOLS } from '../../src/scaffold/pluginDependencies.js';
import { PLUGIN_KIND_NAMES, PLUGIN_KINDS } from '../../src/scaffold/pluginKinds.js';
import { derivePluginNames } from '../../src/scaffold/pluginName.js';
import { writePluginPackage } from '../../src/scaffold/writePluginPackage.js';

// What `rapport new plugin` writes, checked in process. The generated plugins' own tests, their
// type check and a deployment running them are in new-plugin.test.ts.

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function write(kind: string, name = `@acme/rapport-${kind}-example`) {
  return writePluginPackage({ name, kind, cwd: mkdtempSync(path.join(tmpdir(), 'rapport-new-plugin-package-')) });
}

function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

describe('plugin names', () => {
  it.each([
    ['@acme/rapport-sla', 'scoring', { packageName: '@acme/rapport-sla', bareName: 'rapport-sla', id: 'sla', displayName: 'Sla' }],
    ['@rapport/plugin-scoring-csat', 'scoring', { bareName: 'plugin-scoring-csat', id: 'csat', displayName: 'Csat' }],
    ['rapport-channel-sms', 'channel', { packageName: 'rapport-channel-sms', bareName: 'rapport-channel-sms', id: 'sms' }],
    ['@acme/rapport-aftercare-check-in', 'workflow', { id: 'check-in', displayName: 'Check in' }],
    ['segmentation-rfm', 'segmentation', { id: 'rfm' }],
    ['rapport', 'scoring', { bareName: 'rapport', id: 'rapport' }],
    ['@acme/scoring-', 'scoring', { id: 'scoring-' }],
    ['@acme/tilde~name', 'scoring', { id: 'tilde-name' }],
  ])('%s (%s)', (name, kind, expected) => {
    expect(derivePluginNames(name, PLUGIN_KINDS[kind as keyof typeof PLUGIN_KINDS].idPrefixes)).toMatchObject(expected);
  });

  it.each(['', 'My Plugin', 'UPPER', '@acme', '@acme/', '_private', '.hidden', 'a/b', `x${'y'.repeat(214)}`])('refuses %j', (name) => {
    expect(() => derivePluginNames(name, [])).toThrow(/is not a valid plugin name/);
  });
});

describe.each(PLUGIN_KIND_NAMES)('a %s plugin', (kind) => {
  it('has a manifest the plugin host accepts, with its entry, and the engines range of the SDK', async () => {
    const written = write(kind);
    const read = await readPluginPackage(written.dir, './');
    expect(read.mainFile).toBe(path.join(written.dir, 'src', 'index.ts'));
    // A plugin that declares a view needs the API that brought views (1.7).
    expect(read.manifest.engines.rapport).toBe(kind === 'scoring' ? '^1.7.0' : '^1.0.0');
    expect(read.manifest.rapport.activationEvents.includes('onStartup')).toBe(kind === 'segmentation');
  });

  it('documents every setting in its README, and writes a development config that loads', async () => {
    const written = write(kind);
    const manifest = readJson<{ rapport: { contributes: { configuration: { properties: Record<string, unknown> } } } }>(path.join(written.dir, 'package.json'));
    const readme = readFileSync(path.join(written.dir, 'README.md'), 'utf8');
    const settings = Object.keys(manifest.rapport.contributes.configuration.properties);
    expect(settings.length).toBeGreaterThan(0);
    for (const setting of settings) expect(readme).toContain(`| \`${setting}\` |`);
    expect(readme).not.toMatch(/\{\{\w+\}\}/);
    const config = await loadConfig({ file: path.join(written.dir, 'rapport.config.json') });
    expect(config.plugins).toEqual(['./']);
  });

  it('links @rapport/* from this clone, and pins and locks the dev tools to the versions it installed', () => {
    const written = write(kind);
    const manifest = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(path.join(written.dir, 'package.json'));
    const link = (to: string) => `file:${path.relative(written.dir, path.join(REPOSITORY, to)).split(path.sep).join('/')}`;
    expect(manifest.dependencies).toEqual({ '@rapport/sdk': link('sdk') });
    const repositoryLock = readJson<{ packages: Record<string, { version: string; integrity: string }> }>(path.join(REPOSITORY, 'package-lock.json')).packages;
    expect(manifest.devDependencies).toEqual({
      '@rapport/core': link('core'),
      ...Object.fromEntries(DEV_TOOLS.map((tool) => [tool, repositoryLock[`node_modules/${tool}`]!.version])),
    });
    const lock = readJson<{ packages: Record<string, { version?: string; resolved?: string; integrity?: string; dev?: boolean }> }>(path.join(written.dir, 'package-lock.json'));
    expect(lock.packages['']).toMatchObject({ dependencies: manifest.dependencies, devDependencies: manifest.devDependencies });
    for (const tool of DEV_TOOLS) expect(lock.packages[`node_modules/${tool}`]).toMatchObject({ version: manifest.devDependencies[tool], integrity: repositoryLock[`node_modules/${tool}`]!.integrity });
    for (const [location, entry] of Object.entries(lock.packages)) {
      if (location === '') continue;
      expect(entry, location).toMatchObject({ dev: true, resolved: expect.stringMatching(/^https:\/\/.*\.tgz$/), integrity: expect.any(String) });
    }
  });
});

it('gives a plugin installed from a registry the ranges the repository itself uses', () => {
  const { devDependencies } = readJson<{ devDependencies: Record<string, string> }>(path.join(REPOSITORY, 'package.json'));
  expect(DEV_TOOL_RANGES).toEqual(Object.fromEntries(DEV_TOOLS.map((tool) => [tool, devDependencies[tool]])));
});
