import { afterEach, describe, expect, it } from 'vitest';
import { ROLE_SCOPES, SCOPES } from '../../src/access/scopes.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createCredentialHarness, eventually, type CredentialHarness } from './credentialHarness.js';

describe.each(TEST_DATABASES)('API keys (%s)', (kind) => {
  let h: CredentialHarness;
  afterEach(() => h.close());

  it('authenticate with their role or their scopes, and list without their secret', async () => {
    h = await createCredentialHarness(kind);
    const { apiKeys, authenticator } = h.kernel;
    const agent = await apiKeys.create({ name: 'helpdesk', role: 'AGENT' });
    expect(agent.token).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(agent.token.slice(3), 'base64url')).toHaveLength(32);
    const scoped = await apiKeys.create({ name: 'reporting', scopes: ['audit:read', 'customers:read', 'customers:read'] });

    const principal = await authenticator.authenticate(agent.token);
    expect(principal).toEqual({
      actor: { kind: 'API_KEY', id: 'helpdesk', name: 'helpdesk' },
      role: 'AGENT',
      scopes: new Set(ROLE_SCOPES.AGENT),
      credential: { kind: 'apiKey', id: 'helpdesk', readAgainBy: new Date(h.clock.now().getTime() + 60_000) },
    });
    const reporting = await authenticator.authenticate(scoped.token);
    expect(reporting?.role).toBeUndefined();
    expect(reporting?.scopes).toEqual(new Set(['customers:read', 'audit:read']));

    expect(await authenticator.authenticate(`${agent.token}x`)).toBeUndefined();
    expect(await authenticator.authenticate('rk_unknown')).toBeUndefined();
    expect(await authenticator.authenticate('not-a-token')).toBeUndefined();

    const listed = await apiKeys.list();
    expect(listed.map((key) => key.name)).toEqual(['helpdesk', 'reporting']);
    expect(listed[0]).toMatchObject({ role: 'AGENT', scopes: [...ROLE_SCOPES.AGENT], prefix: agent.token.slice(0, 9), createdAt: h.clock.now(), revokedAt: null });
    expect(listed[1]).toMatchObject({ role: null, scopes: ['customers:read', 'audit:read'] });
    expect(JSON.stringify(listed)).not.toContain(agent.token);
  });

  it('record when a key was last used, at most once a minute, off the request path', async () => {
    h = await createCredentialHarness(kind);
    const { apiKeys, authenticator } = h.kernel;
    const { token } = await apiKeys.create({ name: 'ci', role: 'VIEWER' });
    const lastUsed = async () => (await apiKeys.list())[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();

    await authenticator.authenticate(token);
    const first = h.clock.now();
    await eventually(async () => ((await lastUsed())?.getTime() === first.getTime() ? true : undefined));

    await h.clock.advance(30_000);
    await authenticator.authenticate(token);
    await h.clock.advance(31_000);
    await authenticator.authenticate(token);
    const third = h.clock.now();
    await eventually(async () => ((await lastUsed())?.getTime() === third.getTime() ? true : undefined));
  });

  it('are refused at once once revoked, also by another instance on the same database', async () => {
    h = await createCredentialHarness(kind);
    const { token } = await h.kernel.apiKeys.create({ name: 'integration', role: 'ADMIN' });
    expect(await h.kernel.authenticator.authenticate(token)).toBeDefined();

    const other = await h.secondInstance();
    expect(await other.authenticator.authenticate(token)).toBeDefined();
    expect(await other.apiKeys.revoke('integration')).toBe(true);
    expect(await h.kernel.authenticator.authenticate(token)).toBeUndefined();
    expect(await other.authenticator.authenticate(token)).toBeUndefined();

    expect(await h.kernel.apiKeys.revoke('integration')).toBe(false);
    expect((await h.kernel.apiKeys.list())[0]!.revokedAt).toEqual(h.clock.now());
    await expect(h.kernel.apiKeys.revoke('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('No API key named "nobody"') });
  });

  it('refuse unknown scopes, unknown roles, both or neither, bad and taken names', async () => {
    h = await createCredentialHarness(kind);
    const { apiKeys } = h.kernel;
    await expect(apiKeys.create({ name: 'x', scopes: ['customers:read', 'customers:delete'] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `Unknown scope "customers:delete". The scopes are ${SCOPES.join(', ')}.`,
    });
    await expect(apiKeys.create({ name: 'x', role: 'OWNER' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: 'Unknown role "OWNER". The roles are ADMIN, AGENT, VIEWER.' });
    await expect(apiKeys.create({ name: 'x', role: 'ADMIN', scopes: ['customers:read'] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('not both') });
    await expect(apiKeys.create({ name: 'x' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('not neither') });
    await expect(apiKeys.create({ name: 'has spaces', role: 'ADMIN' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    await expect(apiKeys.create({ name: 'demo', role: 'ADMIN' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('reserved') });

    await apiKeys.create({ name: 'taken', role: 'VIEWER' });
    await apiKeys.revoke('taken');
    await expect(apiKeys.create({ name: 'taken', role: 'VIEWER' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('"taken" already exists') });
    expect(await apiKeys.list()).toHaveLength(1);
  });

  it('append an audit event in the transaction of each change, and none for a refused one', async () => {
    h = await createCredentialHarness(kind);
    const { apiKeys, audit } = h.kernel;
    await apiKeys.create({ name: 'audited', scopes: ['customers:read'] });
    await expect(apiKeys.create({ name: 'audited', role: 'ADMIN' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await apiKeys.revoke('audited');
    await apiKeys.revoke('audited');

    const events = await audit.list({ targetId: 'audited' }, 10);
    expect(events.map((event) => event.action)).toEqual(['apiKey.revoke', 'apiKey.create']);
    expect(events[1]).toMatchObject({ actor: { kind: 'SYSTEM' }, targetType: 'ApiKey', changes: { scopes: { before: null, after: ['customers:read'] } } });
  });

  it('make sure of the bootstrap key: created once, unchanged on a restart, replaced with another secret', async () => {
    h = await createCredentialHarness(kind);
    const { apiKeys, authenticator } = h.kernel;
    for (const bad of ['rk_short', `xx_${'a'.repeat(40)}`]) {
      await expect(apiKeys.ensureBootstrapKey(bad)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('RAPPORT_BOOTSTRAP_API_KEY must be') });
    }
    const first = `rk_${'b'.repeat(40)}`;
    expect(await apiKeys.ensureBootstrapKey(first)).toBe('created');
    expect(await apiKeys.ensureBootstrapKey(first)).toBe('unchanged');
    expect((await authenticator.authenticate(first))?.role).toBe('ADMIN');

    const second = `rk_${'c'.repeat(40)}`;
    expect(await apiKeys.ensureBootstrapKey(second)).toBe('replaced');
    expect(await authenticator.authenticate(first)).toBeUndefined();
    expect((await authenticator.authenticate(second))?.actor).toEqual({ kind: 'API_KEY', id: 'bootstrap', name: 'bootstrap' });

    // The operator's variable is the word: a revoked bootstrap key comes back with it.
    await apiKeys.revoke('bootstrap');
    expect(await apiKeys.ensureBootstrapKey(second)).toBe('replaced');
    expect(await authenticator.authenticate(second)).toBeDefined();
    expect((await apiKeys.list()).map((key) => key.name)).toEqual(['bootstrap']);
  });

  it('give --demo a fresh ADMIN key on each start, retiring the previous one', async () => {
    h = await createCredentialHarness(kind);
    const { apiKeys, authenticator } = h.kernel;
    const first = await apiKeys.createDemoKey();
    expect(first).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect((await authenticator.authenticate(first))?.scopes).toEqual(new Set(SCOPES));
    const second = await apiKeys.createDemoKey();
    expect(await authenticator.authenticate(first)).toBeUndefined();
    expect((await authenticator.authenticate(second))?.actor.id).toBe('demo');
    expect(await apiKeys.list()).toEqual([expect.objectContaining({ name: 'demo', role: 'ADMIN', prefix: second.slice(0, 9) })]);
  });

  it('never store or log a token', async () => {
    h = await createCredentialHarness(kind);
    const { token } = await h.kernel.apiKeys.create({ name: 'secretive', role: 'ADMIN' });
    const demo = await h.kernel.apiKeys.createDemoKey();
    await h.kernel.authenticator.authenticate(token);
    await h.kernel.authenticator.authenticate(demo);
    await eventually(async () => ((await h.kernel.apiKeys.list()).every((key) => key.lastUsedAt) ? true : undefined));
    await h.kernel.apiKeys.revoke('secretive');
    for (const secret of [token, demo]) {
      expect(await h.storedText()).not.toContain(secret);
      expect(h.fileText()).not.toContain(secret);
      expect(h.logs.join('\n')).not.toContain(secret);
    }
  });
});

// Several instances share one database only on PostgreSQL (a SQLite file is one process's).
describe('API keys on a PostgreSQL database that several instances share', () => {
  let h: CredentialHarness;
  afterEach(() => h.close());

  it('let several instances starting at once with one bootstrap key all start: one creates it', async () => {
    h = await createCredentialHarness('postgresql');
    const token = `rk_${'d'.repeat(40)}`;
    const instances = [h.kernel, ...(await Promise.all([h.secondInstance(), h.secondInstance(), h.secondInstance()]))];
    const outcomes = await Promise.all(instances.map((kernel) => kernel.apiKeys.ensureBootstrapKey(token)));
    expect(outcomes.sort()).toEqual(['created', 'unchanged', 'unchanged', 'unchanged']);
    expect((await h.kernel.authenticator.authenticate(token))?.role).toBe('ADMIN');
    expect((await h.kernel.apiKeys.list()).map((key) => key.name)).toEqual(['bootstrap']);
  });
});
