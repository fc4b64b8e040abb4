import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { ADMIN_HEADERS, runCli, runCliInProcess, startServer, stopServer, writeConfig } from './runCli.js';

/** A config in a temporary directory that names fixture plugins by paths relative to itself. */
function fixtureConfig(dirs: string[], extra: Record<string, unknown> = {}): string {
  const file = writeConfig({});
  const relative = dirs.map((dir) => `./${path.relative(path.dirname(file), path.join(FIXTURES, dir))}`);
  return writeConfig({ server: { host: '127.0.0.1', port: 0 }, plugins: relative, ...extra });
}

describe('rapport plugins list', () => {
  it('prints each plugin with its version, state and reason, without activating any, and exits 1 for plugins that cannot be used', async () => {
    const config = fixtureConfig(['good-js', 'out-of-range-js', 'import-throws-js', 'incompatible-js']);
    const { code, stdout, stderr } = await runCliInProcess(['plugins', 'list', '--config', config]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    // The old behaviour, for scripts that only read the table.
    expect((await runCliInProcess(['plugins', 'list', '--config', config, '--allow-failures'])).code).toBe(0);
    expect((await runCliInProcess(['plugins', 'list', '--config', fixtureConfig(['good-js', 'import-throws-js'])])).code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+VERSION\s+STATE\s+REASON$/);
    expect(lines[1]).toMatch(/^@fixtures\/good\s+1\.0\.0\s+INSTALLED$/);
    expect(lines[2]).toMatch(
      /^@fixtures\/out-of-range\s+1\.0\.0\s+MISSING_DEPENDENCY\s+Plugin "@fixtures\/out-of-range" requires "@fixtures\/good" \^2\.0\.0, but version 1\.0\.0 is installed\.$/,
    );
    expect(lines[3]).toMatch(/^@fixtures\/import-throws\s+1\.0\.0\s+INSTALLED$/);
    expect(lines[4]).toMatch(/^@fixtures\/incompatible\s+1\.0\.0\s+INCOMPATIBLE\s+Plugin "@fixtures\/incompatible" requires Rapport API \^2\.0\.0/);
  });

  it('prints JSON with --json', async () => {
    const config = fixtureConfig(['good-js', 'missing-dependency-js']);
    const { code, stdout } = await runCliInProcess(['plugins', 'list', '--config', config, '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([
      { name: '@fixtures/good', version: '1.0.0', state: 'INSTALLED', reason: null },
      {
        name: '@fixtures/missing-dependency',
        version: '1.0.0',
        state: 'MISSING_DEPENDENCY',
        reason: `Plugin "@fixtures/missing-dependency" requires "@fixtures/not-installed" ^1.0.0, which is not installed. Add it to plugins in ${config}.`,
      },
    ]);
  });

  it('names the file and the field of an invalid config, and exits with 2', async () => {
    const config = writeConfig({ server: { port: 'eighty' }, plugin: [] });
    const { code, stderr } = await runCliInProcess(['plugins', 'list', '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        'rapport: Invalid configuration:',
        `${config}: plugin: is not a known field; check its spelling`,
        `${config}: server.port: must be of type integer`,
        '',
      ].join('\n'),
    );
  });

  it('names the file of a config that is not JSON', async () => {
    const config = writeConfig('{ "plugins": [ }');
    const { code, stderr } = await runCliInProcess(['plugins', 'list', '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^rapport: Invalid configuration:\\n${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\(file\\): is not valid JSON: `));
  });

  // Through the bin itself, as a user types it.
  it('explains an unknown command', async () => {
    const { code, stderr } = await runCli(['plugins', 'remove']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^rapport: unknown command "plugins remove"\.\n\nUsage: rapport <command> \[options\]/);
  });
});

describe('rapport plugins check', () => {
  it('activates every plugin in a throwaway deployment and exits 1 naming each one that cannot be used', async () => {
    const config = fixtureConfig(['good-js', 'import-throws-js', 'activate-throws-js', 'out-of-range-js']);
    const { code, stdout, stderr } = await runCliInProcess(['plugins', 'check', '--config', config]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^@fixtures\/good\s+1\.0\.0\s+ACTIVE$/);
    // What only activation finds: plugins list shows these two as INSTALLED.
    expect(lines[2]).toMatch(/^@fixtures\/import-throws\s+1\.0\.0\s+FAILED\s+Cannot import /);
    expect(lines[3]).toMatch(/^@fixtures\/activate-throws\s+1\.0\.0\s+FAILED\s+.*activate\(\) failed/);
    expect(stderr).toContain('rapport: plugin "@fixtures/import-throws" is FAILED: Cannot import');
    expect(stderr).toContain('rapport: plugin "@fixtures/activate-throws" is FAILED:');
    expect(stderr).toContain('rapport: plugin "@fixtures/out-of-range" is MISSING_DEPENDENCY:');
    expect(stderr).toContain(`rapport: 3 of 4 plugins cannot be used (${config}).`);
  });

  it('exits 0 when every plugin activates, and leaves the deployment\'s database alone', async () => {
    const config = fixtureConfig(['good-js'], { database: { url: 'sqlite:./never-created.db' } });
    const { code, stdout } = await runCliInProcess(['plugins', 'check', '--config', config, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ name: '@fixtures/good', version: '1.0.0', state: 'ACTIVE', reason: null }]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(path.join(path.dirname(config), 'never-created.db'))).toBe(false);
  });
});

describe('rapport start', () => {
  it('serves /healthz and /readyz, activates onStartup plugins, and stops cleanly on SIGTERM', async () => {
    const config = fixtureConfig(['good-js', 'activate-throws-js', 'import-throws-js']);
    const server = await startServer(['--config', config]);
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: [
          { name: 'plugins', ready: true },
          { name: 'database', ready: true },
        ],
      });
      const missing = await fetch(`${server.url}/nope`);
      expect(missing.status).toBe(404);
      const logs = server.logs();
      expect(logs).toContain('"plugin":"@fixtures/good","activationTimeMs"');
      expect(logs).toContain('"msg":"plugin activation failed: activate() failed: database password missing"');
      expect(logs).not.toContain('must never be imported');
    } finally {
      expect(await stopServer(server.child)).toBe(0);
    }
    expect(server.logs()).toContain('"plugin":"@fixtures/good","msg":"plugin deactivated"');
  });

  it('serves the GraphQL API with plugin fields, GraphiQL and the demo data, and stops with a subscription open', async () => {
    const config = fixtureConfig(['graphql-loyalty-js']);
    const server = await startServer(['--config', config, '--demo']);
    let subscription: Response | undefined;
    try {
      const seeded = server.logs().split('\n').find((line) => line.includes('"msg":"demo data seeded"'));
      expect(seeded).toBeDefined();
      const { customers: seededCustomers } = JSON.parse(seeded!) as { customers: number };
      expect(seededCustomers).toBeGreaterThan(100);

      const query = '{ customers(first: 2) { totalCount edges { node { id displayName loyaltyTier interactions(first: 1) { totalCount } } } } }';
      const post = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...ADMIN_HEADERS },
        body: JSON.stringify({ query }),
      });
      expect(post.status).toBe(200);
      expect(post.headers.get('content-type')).toContain('application/graphql-response+json');
      const body = (await post.json()) as { data: { customers: { totalCount: number; edges: { node: { loyaltyTier: string; interactions: { totalCount: number } } }[] } } };
      expect(body.data.customers.totalCount).toBe(seededCustomers);
      expect(body.data.customers.edges).toHaveLength(2);
      for (const { node } of body.data.customers.edges) {
        expect(['bronze', 'gold']).toContain(node.loyaltyTier);
        expect(node.interactions.totalCount).toBeGreaterThan(0);
      }

      const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ plugins { name state } }')}`, { headers: { accept: 'application/json', ...ADMIN_HEADERS } });
      expect(await get.json()).toEqual({ data: { plugins: [{ name: '@fixtures/graphql-loyalty', state: 'ACTIVE' }] } });

      const graphiql = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(graphiql.status).toBe(200);
      expect(await graphiql.text()).toContain('Rapport GraphQL');

      // An open SSE subscription must not keep the process from stopping.
      subscription = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...ADMIN_HEADERS },
        body: JSON.stringify({ query: 'subscription { interactionRecorded { id } }' }),
      });
      expect(subscription.headers.get('content-type')).toContain('text/event-stream');
    } finally {
      expect(await stopServer(server.child)).toBe(0);
      await subscription?.body?.cancel().catch(() => undefined);
    }
    expect(server.logs()).toContain('GraphQL and GraphiQL at');
  });

  it('takes the port from --port over the config file, and the environment', async () => {
    const config = fixtureConfig([], { server: { host: '127.0.0.1', port: 1 } });
    const { code, stderr } = await runCliInProcess(['start', '--config', config, '--port', 'x'], { env: { PORT: '99999' } });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'rapport: Invalid configuration:\nenvironment: PORT: must be an integer from 0 to 65535, got "99999"\n' +
        'command line: --port: must be an integer from 0 to 65535, got "x"\n',
    );
  });
});
