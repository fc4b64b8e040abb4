import { describe, expect, it } from 'vitest';
import { useFixtureHosts, manifestOf } from './fixtures.js';

const start = useFixtureHosts();

describe('loading and checking plugins', () => {
  it('activates a valid plugin and its dependent in dependency order, whatever the config order', async () => {
    const host = await start(['dependent-ts', 'good-js']);
    expect(host.plugin('@fixtures/good').state).toBe('ACTIVE');
    expect(host.plugin('@fixtures/dependent')).toMatchObject({ state: 'ACTIVE', error: null, version: '0.2.0' });
    expect(host.getExports('@fixtures/dependent')).toEqual({ greeting: 'hello, @fixtures/dependent' });
    const activated = host.logs().filter((line) => line.msg === 'plugin activated').map((line) => line.plugin);
    expect(activated).toEqual(['@fixtures/good', '@fixtures/dependent']);
  });

  it('reports every problem of an invalid manifest with the file and the field', async () => {
    const host = await start(['invalid-manifest-js']);
    const file = manifestOf('invalid-manifest-js');
    expect(host.plugin('@fixtures/invalid-manifest').state).toBe('FAILED');
    expect(host.plugin('@fixtures/invalid-manifest').error).toBe(
      [
        'Invalid plugin manifest:',
        `${file}: version: must be a semver version such as "1.0.0"`,
        `${file}: rapport.activationEvents[0]: must be one of onStartup, onEvent:<type>, onChannel:<id>, onWorkflow:<id>, onGraphQL:<Type.field>`,
        `${file}: rapport.permissions[0]: must be one of "customers:read", "customers:write", "interactions:read", "interactions:write", "scores:write", "segments:write", "messages:send", "workflows:run", "storage"`,
        `${file}: rapport.contributes.channel: is not a known field; check its spelling`,
      ].join('\n'),
    );
  });

  it('marks a plugin whose engine range does not match INCOMPATIBLE and never imports it', async () => {
    const host = await start(['incompatible-js']);
    expect(host.plugin('@fixtures/incompatible')).toMatchObject({
      state: 'INCOMPATIBLE',
      error:
        `Plugin "@fixtures/incompatible" requires Rapport API ^2.0.0 (engines.rapport in ${manifestOf('incompatible-js')}), ` +
        'but this core provides API 1.7.0. Install a version of the plugin built for API 1.x.',
    });
  });

  it('marks a plugin whose dependency is not installed MISSING_DEPENDENCY', async () => {
    const host = await start(['missing-dependency-js', 'good-js']);
    expect(host.plugin('@fixtures/missing-dependency')).toMatchObject({
      state: 'MISSING_DEPENDENCY',
      error: 'Plugin "@fixtures/missing-dependency" requires "@fixtures/not-installed" ^1.0.0, which is not installed. Add it to plugins in test host settings.',
    });
    expect(host.plugin('@fixtures/good').state).toBe('ACTIVE');
  });

  it('marks a plugin whose dependency is out of range MISSING_DEPENDENCY', async () => {
    const host = await start(['good-js', 'out-of-range-js']);
    expect(host.plugin('@fixtures/out-of-range')).toMatchObject({
      state: 'MISSING_DEPENDENCY',
      error: 'Plugin "@fixtures/out-of-range" requires "@fixtures/good" ^2.0.0, but version 1.0.0 is installed.',
    });
  });

  it('reports a dependency cycle, and stops only the plugins it touches', async () => {
    const host = await start(['after-cycle-js', 'cycle-a-js', 'cycle-b-js', 'good-js']);
    const cycle =
      'Dependency cycle: @fixtures/cycle-a → @fixtures/cycle-b → @fixtures/cycle-a. ' +
      'Plugins cannot depend on each other in a circle; remove one of these pluginDependencies.';
    expect(host.plugin('@fixtures/cycle-a')).toMatchObject({ state: 'FAILED', error: cycle });
    expect(host.plugin('@fixtures/cycle-b')).toMatchObject({ state: 'FAILED', error: cycle });
    expect(host.plugin('@fixtures/after-cycle')).toMatchObject({
      state: 'MISSING_DEPENDENCY',
      error: 'Plugin "@fixtures/after-cycle" requires "@fixtures/cycle-a", which is FAILED.',
    });
    expect(host.plugin('@fixtures/good').state).toBe('ACTIVE');
  });

  it('fails the second plugin that contributes the same channel id, naming both', async () => {
    const host = await start(['good-js', 'duplicate-channel-js']);
    expect(host.plugin('@fixtures/duplicate-channel')).toMatchObject({
      state: 'FAILED',
      error:
        `${manifestOf('duplicate-channel-js')}: rapport.contributes.channels: channel "echo" is already contributed by plugin "@fixtures/good". ` +
        'Plugins "@fixtures/good" and "@fixtures/duplicate-channel" both declare it; remove one of them from plugins in rapport.config.json.',
    });
    expect(host.plugin('@fixtures/good').state).toBe('ACTIVE');
  });

  it('fails a plugin listed twice', async () => {
    const host = await start(['good-js', '../plugins/good-js']);
    expect(host.plugins().map((p) => [p.name, p.state])).toEqual([
      ['@fixtures/good', 'ACTIVE'],
      ['@fixtures/good (../plugins/good-js)', 'FAILED'],
    ]);
  });

  it('names the entry when a configured path has no package', async () => {
    const host = await start(['./does-not-exist']);
    expect(host.plugin('./does-not-exist').error).toMatch(/^Plugin path "\.\/does-not-exist" has no package\.json at .*does-not-exist\. Check the path; it is relative to the config file\.$/);
  });
});

describe('settings', () => {
  it('validates settings against contributes.configuration and names each invalid setting', async () => {
    const host = await start(['settings-ts'], { settings: { '@fixtures/settings': { apiKey: 'short', retries: -1, colour: 'red' } } });
    expect(host.plugin('@fixtures/settings')).toMatchObject({
      state: 'FAILED',
      error: [
        'Invalid settings for plugin "@fixtures/settings":',
        'test host settings: pluginSettings["@fixtures/settings"].colour: is not a known field; check its spelling',
        'test host settings: pluginSettings["@fixtures/settings"].apiKey: must NOT have fewer than 8 characters',
        'test host settings: pluginSettings["@fixtures/settings"].retries: must be >= 0',
      ].join('\n'),
    });
  });

  it('reports a missing required setting', async () => {
    const host = await start(['settings-ts']);
    expect(host.plugin('@fixtures/settings').error).toBe(
      'Invalid settings for plugin "@fixtures/settings":\ntest host settings: pluginSettings["@fixtures/settings"].apiKey: is required',
    );
  });

  it('applies defaults, including nested ones, before activate()', async () => {
    const host = await start(['settings-ts'], { settings: { '@fixtures/settings': { apiKey: 'secret-key' } } });
    expect(host.plugin('@fixtures/settings').state).toBe('ACTIVE');
    expect(host.getExports('@fixtures/settings')).toEqual({
      settings: { apiKey: 'secret-key', retries: 3, endpoint: { port: 443 } },
    });
  });
});
