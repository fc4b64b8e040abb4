import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRapport, waitFor, type RapportProcess } from '@rapport/sdk/testing';
import { RAPPORT_BIN } from './runCli.js';

// `rapport new plugin` end to end, with real processes: one plugin of each kind is generated into
// a temporary folder, installed with npm (offline, from the cache the repository's own install
// filled), tested with its own `npm test`, type-checked with tsc and its plain tsconfig, and run
// in a deployment (`rapport start`) that names all four by path.

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const PLUGINS = [
  { kind: 'channel', name: '@acme/rapport-relay', id: 'relay' },
  { kind: 'scoring', name: '@acme/rapport-sla', id: 'sla' },
  { kind: 'segmentation', name: 'rapport-segmentation-activity', id: 'activity' },
  { kind: 'workflow', name: '@acme/rapport-aftercare-check-in', id: 'check-in' },
] as const;

type Kind = (typeof PLUGINS)[number]['kind'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion, with its output and how long it took. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** What failed, for an assertion message: the command's output. */
function output(result: Run): string {
  return `exit ${result.code} after ${result.ms} ms\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/** The entries of a folder, or [] when it does not exist: to check that installing changed nothing in it. */
function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'rapport-new-plugin-')));
const dirOf = (kind: Kind) => path.join(root, PLUGINS.find((plugin) => plugin.kind === kind)!.name.split('/').pop()!);

describe('rapport new plugin, end to end', () => {
  const generated = new Map<Kind, Run>();

  beforeAll(async () => {
    // Each in the temporary folder, into the default folder: the name without its scope.
    await Promise.all(
      PLUGINS.map(async ({ kind, name }) => generated.set(kind, await run(process.execPath, [RAPPORT_BIN, 'new', 'plugin', name, '--kind', kind], { cwd: root }))),
    );
  }, 60_000);

  it('writes a plugin package of each kind, in the folder named after the package, and says what to run next', () => {
    for (const { kind, name, id } of PLUGINS) {
      const result = generated.get(kind)!;
      expect(result.code, output(result)).toBe(0);
      const folder = name.split('/').pop()!;
      expect(result.stdout).toContain(`Created ${name}, the `);
      expect(result.stdout).toContain(`"${id}", in .${path.sep}${folder}:`);
      expect(result.stdout).toContain(`Next:\n  cd ${folder}\n  npm install\n  npm test`);
      expect(result.stderr).toBe('');
      const manifest = JSON.parse(readFileSync(path.join(dirOf(kind), 'package.json'), 'utf8')) as { name: string; main: string; devDependencies: Record<string, string> };
      expect(manifest).toMatchObject({ name, main: 'src/index.ts', engines: { rapport: kind === 'scoring' ? '^1.7.0' : '^1.0.0' } });
      for (const file of ['src/index.ts', 'src/settings.ts', 'README.md', 'CHANGELOG.md', 'tsconfig.json', 'vitest.config.ts', '.gitignore', 'rapport.config.json', 'package-lock.json']) {
        expect(existsSync(path.join(dirOf(kind), file)), `${kind}: ${file}`).toBe(true);
      }
      // The scoring kind shows its score on the console's customer page.
      expect(existsSync(path.join(dirOf(kind), 'views', 'panel.js')), `${kind}: views/panel.js`).toBe(kind === 'scoring');
      // The tsconfig is a plain one: the SDK's types are found through its published `types` export.
      expect(readFileSync(path.join(dirOf(kind), 'tsconfig.json'), 'utf8')).not.toContain('customConditions');
    }
  });

  it('installs with npm install offline, linking @rapport/sdk and @rapport/core without installing anything into the repository', async () => {
    const untouched = [path.join(REPOSITORY, 'sdk', 'node_modules'), path.join(REPOSITORY, 'core', 'node_modules')];
    const before = untouched.map(entries);
    const nativeModule = path.join(REPOSITORY, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    const nativeBuiltAt = existsSync(nativeModule) ? statSync(nativeModule).mtimeMs : undefined;

    // npm_config_offline: only what the npm cache holds, as on a machine without a network.
    const installs = await Promise.all(PLUGINS.map(({ kind }) => run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dirOf(kind), env: { npm_config_offline: 'true' } })));
    for (const [i, result] of installs.entries()) expect(result.code, `${PLUGINS[i]!.kind}: ${output(result)}`).toBe(0);

    for (const { kind } of PLUGINS) {
      for (const name of ['sdk', 'core']) {
        const link = path.join(dirOf(kind), 'node_modules', '@rapport', name);
        expect(lstatSync(link).isSymbolicLink(), link).toBe(true);
        expect(realpathSync(link)).toBe(path.join(REPOSITORY, name));
      }
      expect(existsSync(path.join(dirOf(kind), 'node_modules', '.bin', 'vitest'))).toBe(true);
    }
    expect(untouched.map(entries)).toEqual(before);
    if (nativeBuiltAt !== undefined) expect(statSync(nativeModule).mtimeMs).toBe(nativeBuiltAt);
  }, 120_000);

  it('passes its own tests with npm test', async () => {
    const tests = await Promise.all(PLUGINS.map(({ kind }) => run('npm', ['test'], { cwd: dirOf(kind) })));
    for (const [i, result] of tests.entries()) {
      expect(result.code, `${PLUGINS[i]!.kind}: ${output(result)}`).toBe(0);
      // Three tests for each kind, four for the scoring rule, whose GraphQL field has its own.
      expect(result.stdout).toMatch(new RegExp(`Tests\\s+.*${PLUGINS[i]!.kind === 'scoring' ? 4 : 3} passed`));
      expect(result.stdout).not.toMatch(/\d+ failed/);
    }
  }, 120_000);

  it('type-checks with tsc and its plain tsconfig', async () => {
    const checks = await Promise.all(PLUGINS.map(({ kind }) => run('npm', ['run', 'typecheck'], { cwd: dirOf(kind) })));
    for (const [i, result] of checks.entries()) expect(result.code, `${PLUGINS[i]!.kind}: ${output(result)}`).toBe(0);
  }, 120_000);

  describe('in a deployment that names all four by path', () => {
    let provider: { url: string; received: Record<string, unknown>[]; server: Server };
    let server: RapportProcess | undefined;

    beforeAll(async () => {
      // The channel's provider: keeps what the channel POSTs and answers with an id.
      const received: Record<string, unknown>[] = [];
      const http = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          received.push(JSON.parse(body) as Record<string, unknown>);
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `relay-${received.length}` }));
        });
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      provider = { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/outbound`, received, server: http };
    });

    afterAll(async () => {
      if (server) expect(await server.stop()).toBe(0);
      await new Promise((resolve) => provider.server.close(resolve));
    });

    it('loads them, and activates each when what it waits for happens', async () => {
      const deployment = path.join(root, 'deployment');
      mkdirSync(deployment);
      const configFile = path.join(deployment, 'rapport.config.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          server: { host: '127.0.0.1', port: 0 },
          database: { url: 'sqlite:./.rapport/rapport.db' },
          plugins: PLUGINS.map(({ kind }) => path.relative(deployment, dirOf(kind)).split(path.sep).join('/')),
          pluginSettings: { '@acme/rapport-relay': { outboundUrl: provider.url, secret: 'a-deployment-secret-0123' } },
        }),
      );
      server = await startRapport(configFile);
      const states = async () => (await server!.graphql<{ plugins: { name: string; state: string; error: string | null }[] }>('{ plugins { name state error } }')).plugins;
      expect(await states()).toEqual([
        { name: '@acme/rapport-relay', state: 'INSTALLED', error: null },
        { name: '@acme/rapport-sla', state: 'INSTALLED', error: null },
        // onStartup: its daily sweep needs the model registered.
        { name: 'rapport-segmentation-activity', state: 'ACTIVE', error: null },
        { name: '@acme/rapport-aftercare-check-in', state: 'INSTALLED', error: null },
      ]);

      // An inbound message: the scoring rule scores it, the model puts the customer in a segment.
      const { recordInteraction } = await server.graphql<{ recordInteraction: { customer: { id: string }; conversation: { id: string } } }>(
        'mutation { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", text: "My order is late" }) { customer { id } conversation { id } } }',
      );
      const customer = async () =>
        (
          await server!.graphql<{ customer: { scores: { rule: string; value: number; label: string }[]; segments: { model: string; segment: string }[] } }>(
            'query ($id: ID!) { customer(id: $id) { scores { rule value label } segments { model segment } } }',
            { id: recordInteraction.customer.id },
          )
        ).customer;
      await waitFor('the sla score', async () => ((await customer()).scores.some((score) => score.rule === 'sla') ? true : undefined));
      expect(await customer()).toEqual({ scores: [{ rule: 'sla', value: 1, label: 'occasional' }], segments: [{ model: 'activity', segment: 'active' }] });

      // The resolution starts the workflow's run, which sleeps a day.
      await server.graphql('mutation ($id: ID!) { resolveConversation(id: $id) { status } }', { id: recordInteraction.conversation.id });
      const runs = async () =>
        (await server!.graphql<{ workflowRuns: { edges: { node: { status: string; plugin: string } }[] } }>('{ workflowRuns(workflow: "check-in") { edges { node { status plugin } } } }')).workflowRuns.edges;
      expect(await waitFor('the check-in run', async () => ((await runs()).length > 0 ? runs() : undefined))).toEqual([
        { node: { status: 'SLEEPING', plugin: '@acme/rapport-aftercare-check-in' } },
      ]);

      // The channel: a message in through its webhook, and a reply out through the provider.
      const inbound = await fetch(`${server.url}/channels/relay/inbound`, {
        method: 'POST',
        headers: { authorization: 'Bearer a-deployment-secret-0123', 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'in-1', from: 'grace', name: 'Grace Hopper', text: 'Hello' }),
      });
      expect(inbound.status, await inbound.clone().text()).toBe(200);
      const { customers } = await server.graphql<{ customers: { edges: { node: { id: string } }[] } }>('{ customers(query: "Grace Hopper") { edges { node { id } } } }');
      const { sendMessage } = await server.graphql<{ sendMessage: { direction: string; externalId: string } }>(
        'mutation ($id: ID!) { sendMessage(input: { customerId: $id, channel: "relay", text: "Hi Grace" }) { direction externalId } }',
        { id: customers.edges[0]!.node.id },
      );
      expect(sendMessage).toEqual({ direction: 'OUTBOUND', externalId: 'relay-1' });
      expect(provider.received).toMatchObject([{ to: 'grace', text: 'Hi Grace' }]);

      expect(await states()).toEqual(PLUGINS.map(({ name }) => ({ name, state: 'ACTIVE', error: null })));
    }, 60_000);
  });
});
