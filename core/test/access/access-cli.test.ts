import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ROLES, SCOPES } from '../../src/access/scopes.js';
import { createKernel } from '../../src/kernel/createKernel.js';
import { openDatabase } from '../../src/persistence/openDatabase.js';
import { runCli, runCliInProcess, startServer, stopServer, writeConfig } from '../cli/runCli.js';

/**
 * The commands run in this process (runCliInProcess), but for the two tests that show the bin
 * itself at work: keys against a running server, and a password piped into a real process.
 */
const CLI_TIMEOUT = 120_000;

/** A config on a SQLite file that does not exist yet: the commands must work on a fresh database. */
function freshConfig(): { config: string; databaseFile: string } {
  const config = writeConfig({ server: { host: '127.0.0.1', port: 0 }, database: { url: 'sqlite:./.rapport/rapport.db' } });
  return { config, databaseFile: path.join(path.dirname(config), '.rapport/rapport.db') };
}

/** A kernel on the CLI's database, to check what it wrote through the services themselves. */
async function openKernel(databaseFile: string) {
  const database = await openDatabase(`sqlite:${databaseFile}`, { baseDir: path.dirname(databaseFile) });
  return { kernel: createKernel({ logger: pino({ level: 'silent' }), database }), close: () => database.close() };
}

describe('rapport keys', () => {
  it('creates a key and prints only its token, lists keys without secrets, and revokes one', { timeout: CLI_TIMEOUT }, async () => {
    const { config, databaseFile } = freshConfig();
    const created = await runCliInProcess(['keys', 'create', '--name', 'ci', '--role', 'agent', '--config', config]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^rk_[A-Za-z0-9_-]{43}\n$/);
    expect(created.stderr).toBe('Created API key "ci" (AGENT). This is the only time its token is shown: store it now.\n');
    const token = created.stdout.trim();

    const scoped = await runCliInProcess(['keys', 'create', '--name', 'reports', '--scopes', 'customers:read,audit:read', '--config', config]);
    expect(scoped.code, scoped.stderr).toBe(0);

    const { kernel, close } = await openKernel(databaseFile);
    try {
      expect((await kernel.authenticator.authenticate(token))?.actor).toEqual({ kind: 'API_KEY', id: 'ci', name: 'ci' });
    } finally {
      await close();
    }

    const listed = await runCliInProcess(['keys', 'list', '--config', config]);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ROLE OR SCOPES\s+PREFIX\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(lines[1]).toMatch(new RegExp(`^ci\\s+AGENT\\s+${token.slice(0, 9).replace(/[-]/g, '\\-')}…\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+\\S+\\s+-$`));
    expect(lines[2]).toMatch(/^reports\s+customers:read,audit:read\s+rk_\S+…\s+\S+\s+-\s+-$/);
    expect(listed.stdout).not.toContain(token);

    const json = await runCliInProcess(['keys', 'list', '--json', '--config', config]);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ name: 'ci', role: 'AGENT', revokedAt: null }),
      expect.objectContaining({ name: 'reports', role: null, scopes: ['customers:read', 'audit:read'] }),
    ]);

    const revoked = await runCliInProcess(['keys', 'revoke', 'ci', '--config', config]);
    expect(revoked).toMatchObject({ code: 0, stdout: '', stderr: 'Revoked API key "ci".\n' });
    expect((await runCliInProcess(['keys', 'list', '--config', config])).stdout.split('\n')[1]).toMatch(/\d\dZ$/);
    const again = await openKernel(databaseFile);
    try {
      expect(await again.kernel.authenticator.authenticate(token)).toBeUndefined();
    } finally {
      await again.close();
    }
  });

  it('names what was wrong: unknown role or scope, both or neither, a taken or unknown name', { timeout: CLI_TIMEOUT }, async () => {
    // One at a time: runs in this process share its standard output.
    const create = (...args: string[]) => runCliInProcess(['keys', 'create', ...args, '--config', freshConfig().config]);
    const role = await create('--name', 'x', '--role', 'OWNER');
    const scope = await create('--name', 'x', '--scopes', 'customers:read,everything');
    const both = await create('--name', 'x', '--role', 'ADMIN', '--scopes', 'customers:read');
    const neither = await create('--name', 'x');
    const unnamed = await create('--role', 'ADMIN');
    const unknown = await runCliInProcess(['keys', 'revoke', 'nobody', '--config', freshConfig().config]);
    const stray = await runCliInProcess(['keys', 'list', '--email', 'a@b.c', '--config', freshConfig().config]);
    expect(role).toMatchObject({ code: 2, stdout: '', stderr: `rapport: Unknown role "OWNER". The roles are ${ROLES.join(', ')}.\n` });
    expect(scope).toMatchObject({ code: 2, stderr: `rapport: Unknown scope "everything". The scopes are ${SCOPES.join(', ')}.\n` });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either --role ADMIN|AGENT|VIEWER or --scopes a,b, not both');
    expect(neither).toMatchObject({ code: 2, stderr: expect.stringContaining('and neither was given') });
    expect(unnamed).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --name N') });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('No API key named "nobody"') });
    expect(stray).toMatchObject({ code: 2, stderr: expect.stringContaining('--email is not an option of rapport keys list') });

    const { config } = freshConfig();
    expect((await runCliInProcess(['keys', 'create', '--name', 'dup', '--role', 'VIEWER', '--config', config])).code).toBe(0);
    const taken = await runCliInProcess(['keys', 'create', '--name', 'dup', '--role', 'VIEWER', '--config', config]);
    expect(taken).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('An API key named "dup" already exists') });
  });

  describe('with a server running', () => {
    const { config } = freshConfig();
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    afterAll(async () => {
      if (server) await stopServer(server.child);
    });

    it('makes keys the server accepts, and revokes them for its next request', { timeout: CLI_TIMEOUT }, async () => {
      server = await startServer(['--config', config]);
      const token = (await runCli(['keys', 'create', '--name', 'live', '--role', 'VIEWER', '--config', config])).stdout.trim();
      const me = () =>
        fetch(`${server!.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ me { kind id role } }' }),
        });
      const accepted = await me();
      expect(await accepted.json()).toEqual({ data: { me: { kind: 'API_KEY', id: 'live', role: 'VIEWER' } } });
      expect((await runCli(['keys', 'revoke', 'live', '--config', config])).code).toBe(0);
      expect((await me()).status).toBe(401);
    });
  });
});

describe('rapport users create', () => {
  it('reads the password from standard input and creates a user who can log in', { timeout: CLI_TIMEOUT }, async () => {
    const { config, databaseFile } = freshConfig();
    const password = 'a long enough passphrase';
    const created = await runCli(['users', 'create', '--email', 'Ana@Example.com', '--role', 'AGENT', '--name', 'Ana', '--config', config], {}, `${password}\n`);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(created.stderr).toBe('Created user ana@example.com (AGENT). They log in with the login mutation.\n');

    const { kernel, close } = await openKernel(databaseFile);
    try {
      const session = await kernel.sessions.login('ana@example.com', password);
      expect(session.user).toMatchObject({ id: created.stdout.trim(), displayName: 'Ana', role: 'AGENT' });
    } finally {
      await close();
    }
    const twice = await runCliInProcess(['users', 'create', '--email', 'ana@example.com', '--role', 'VIEWER', '--config', config], { stdin: `${password}\n` });
    expect(twice).toMatchObject({ code: 2, stderr: 'rapport: A user with the email "ana@example.com" already exists.\n' });
  });

  it('refuses an empty or short password, an unknown role and a missing email', { timeout: CLI_TIMEOUT }, async () => {
    const create = (args: string[], stdin: string) => runCliInProcess(['users', 'create', ...args, '--config', freshConfig().config], { stdin });
    const valid = ['--email', 'bo@example.com', '--role', 'VIEWER'];
    const empty = await create(valid, '');
    const emptyLine = await create(valid, '\nsecond line is not read\n');
    const short = await create(valid, 'short\n');
    const role = await create(['--email', 'bo@example.com', '--role', 'BOSS'], 'long enough password\n');
    const email = await create(['--role', 'VIEWER'], 'long enough password\n');
    expect(empty).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('No password was given') });
    expect(emptyLine).toMatchObject({ code: 2, stderr: expect.stringContaining('No password was given') });
    expect(short).toMatchObject({ code: 2, stderr: 'rapport: The password must be at least 12 characters long; the one given has 5.\n' });
    expect(role).toMatchObject({ code: 2, stderr: 'rapport: Unknown role "BOSS". The roles are ADMIN, AGENT, VIEWER.\n' });
    expect(email).toMatchObject({ code: 2, stderr: expect.stringContaining('needs --email E') });
  });
});
