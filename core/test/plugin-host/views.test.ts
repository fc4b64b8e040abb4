import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_PERMISSIONS, CONTRIBUTION_KINDS, REGISTERED_CONTRIBUTION_KINDS } from '@rapport/sdk';
import { FIXTURES, useFixtureHosts, manifestOf } from './fixtures.js';

const start = useFixtureHosts();

describe('contributes.views', () => {
  it('is a declared-only kind: no registration call, no permission, nothing to match in activate()', async () => {
    const views = CONTRIBUTION_KINDS.find((kind) => kind.field === 'views')!;
    expect(views).toMatchObject({ noun: 'view', register: null, permission: null, required: ['title', 'location', 'entry'] });
    expect(REGISTERED_CONTRIBUTION_KINDS.map((kind) => kind.field)).not.toContain('views');
    expect(Object.values(CONTEXT_PERMISSIONS).flatMap((members) => Object.values(members)).some((m) => m.rule?.includes('contributes.views'))).toBe(false);
    // The fixture registers nothing in activate(), and is ACTIVE: views are not checked against registrations.
    const host = await start(['views-js']);
    expect(host.plugin('@fixtures/views')).toMatchObject({ state: 'ACTIVE', error: null });
  });

  it('refuses a duplicate id and a missing entry, naming the manifest file and the field', async () => {
    const host = await start(['views-invalid-js']);
    const file = manifestOf('views-invalid-js');
    expect(host.plugin('@fixtures/views-invalid')).toMatchObject({
      state: 'FAILED',
      error: [
        'Invalid plugin manifest:',
        `${file}: rapport.contributes.views[1].id: is "panel", which views[0] already uses; give each view of the plugin its own id`,
        `${file}: rapport.contributes.views[2].entry: names views/missing.js, which does not exist (did you forget to build the view? The entry is a path relative to views-invalid-js/)`,
      ].join('\n'),
    });
  });

  it('refuses an unknown location, a path out of the package, a file that is not JavaScript and a missing title', async () => {
    const host = await start(['views-mistyped-js']);
    const file = manifestOf('views-mistyped-js');
    const { state, error } = host.plugin('@fixtures/views-mistyped');
    expect(state).toBe('FAILED');
    expect(error!.split('\n')).toEqual([
      'Invalid plugin manifest:',
      `${file}: rapport.contributes.views[0].location: must be one of "customer", "conversation", "dashboard"`,
      `${file}: rapport.contributes.views[1].entry: must be a relative path to a .js or .mjs file inside the package, such as "views/panel.js"`,
      `${file}: rapport.contributes.views[2].entry: must be a relative path to a .js or .mjs file inside the package, such as "views/panel.js"`,
      `${file}: rapport.contributes.views[3].title: is required`,
    ]);
  });

  it('refuses an entry that leads out of the package through a symbolic link', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-views-'));
    try {
      const dir = path.join(root, 'linked');
      mkdirSync(dir);
      writeFileSync(path.join(root, 'outside.js'), 'export function render() {}\n');
      symlinkSync(path.join(root, 'outside.js'), path.join(dir, 'panel.js'));
      writeFileSync(path.join(dir, 'index.js'), 'export function activate() {}\n');
      writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({
          name: '@fixtures/views-linked',
          version: '1.0.0',
          type: 'module',
          main: 'index.js',
          engines: { rapport: '^1.7.0' },
          rapport: { activationEvents: ['onStartup'], contributes: { views: [{ id: 'linked', title: 'Linked', location: 'customer', entry: 'panel.js' }] } },
        }),
      );
      const host = await start([path.relative(FIXTURES, dir)]);
      expect(host.plugin('@fixtures/views-linked')).toMatchObject({
        state: 'FAILED',
        error: `Invalid plugin manifest:\n${path.join(dir, 'package.json')}: rapport.contributes.views[0].entry: names panel.js, which leads outside the package (a symbolic link); put the view's module inside the package`,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
