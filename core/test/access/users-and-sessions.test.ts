import { afterEach, describe, expect, it } from 'vitest';
import { ROLE_SCOPES } from '../../src/access/scopes.js';
import { actAs } from '../../src/actors/acting.js';
import type { Actor } from '../../src/actors/Actor.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createCredentialHarness, type CredentialHarness } from './credentialHarness.js';

const PASSWORD = 'correct horse battery';
const HOUR = 60 * 60 * 1000;

describe.each(TEST_DATABASES)('users and sessions (%s)', (kind) => {
  let h: CredentialHarness;
  afterEach(() => h.close());

  it('create users with a lower-cased unique email and an argon2id hash of the password', async () => {
    h = await createCredentialHarness(kind);
    const { users } = h.kernel;
    const ana = await users.create({ email: '  Ana@Example.COM ', displayName: 'Ana', role: 'agent', password: PASSWORD });
    expect(ana).toEqual({ id: expect.any(String), email: 'ana@example.com', displayName: 'Ana', role: 'AGENT', createdAt: h.clock.now(), available: false, disabledAt: null });
    expect(await users.list()).toEqual([ana]);
    expect(await users.get(ana.id)).toEqual(ana);

    const [row] = await h.database.orm.em.getConnection().execute('select password_hash from users');
    expect(String(row.password_hash)).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);

    await expect(users.create({ email: 'ANA@example.com', role: 'VIEWER', password: PASSWORD })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A user with the email "ana@example.com" already exists.',
    });
    await expect(users.create({ email: 'bo@example.com', role: 'VIEWER', password: 'short pass' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'password',
      message: 'The password must be at least 12 characters long; the one given has 10.',
    });
    await expect(users.create({ email: 'not an email', role: 'VIEWER', password: PASSWORD })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    await expect(users.create({ email: 'bo@example.com', role: 'OWNER', password: PASSWORD })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Unknown role "OWNER". The roles are ADMIN, AGENT, VIEWER.',
    });
    expect(await users.list()).toHaveLength(1);
  });

  it('log in with the right email and password, and refuse a wrong one alike for unknown emails', async () => {
    h = await createCredentialHarness(kind, { auth: { sessionTtlMs: HOUR } });
    const { users, sessions, authenticator } = h.kernel;
    const viewer = await users.create({ email: 'vic@example.com', role: 'VIEWER', password: PASSWORD });

    const wrongPassword = await sessions.login('vic@example.com', 'wrong password!').catch((error: unknown) => error);
    const unknownEmail = await sessions.login('nobody@example.com', PASSWORD).catch((error: unknown) => error);
    expect(wrongPassword).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong email or password. Check both and log in again.' });
    expect(unknownEmail).toMatchObject({ code: 'UNAUTHENTICATED', message: (wrongPassword as Error).message });

    const session = await sessions.login('VIC@example.com', PASSWORD);
    expect(session.token).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);
    expect(session.expiresAt).toEqual(new Date(h.clock.now().getTime() + HOUR));
    expect(session.user).toEqual(viewer);
    const principal = await authenticator.authenticate(session.token);
    expect(principal).toEqual({
      actor: { kind: 'USER', id: viewer.id, name: 'vic@example.com' },
      role: 'VIEWER',
      scopes: new Set(ROLE_SCOPES.VIEWER),
      credential: { kind: 'session', id: expect.any(String), expiresAt: session.expiresAt },
    });
  });

  it('refuse a session once it has expired', async () => {
    h = await createCredentialHarness(kind, { auth: { sessionTtlMs: HOUR } });
    await h.kernel.users.create({ email: 'exp@example.com', role: 'ADMIN', password: PASSWORD });
    const { token } = await h.kernel.sessions.login('exp@example.com', PASSWORD);
    await h.clock.advance(HOUR - 1);
    expect(await h.kernel.authenticator.authenticate(token)).toBeDefined();
    await h.clock.advance(1);
    expect(await h.kernel.authenticator.authenticate(token)).toBeUndefined();
  });

  it('end a session at once on logout, on every instance', async () => {
    h = await createCredentialHarness(kind);
    await h.kernel.users.create({ email: 'out@example.com', role: 'AGENT', password: PASSWORD });
    const mine = await h.kernel.sessions.login('out@example.com', PASSWORD);
    const other = await h.kernel.sessions.login('out@example.com', PASSWORD);
    const second = await h.secondInstance();
    expect(await second.authenticator.authenticate(mine.token)).toBeDefined();

    expect(await h.kernel.sessions.logout(mine.token)).toBe(true);
    expect(await second.authenticator.authenticate(mine.token)).toBeUndefined();
    expect(await h.kernel.authenticator.authenticate(mine.token)).toBeUndefined();
    expect(await second.authenticator.authenticate(other.token)).toBeDefined();
    expect(await h.kernel.sessions.logout(mine.token)).toBe(false);
    expect(await h.kernel.sessions.logout('rk_an-api-key')).toBe(false);
  });

  it('audit user creation, login and logout, each with who did it', async () => {
    h = await createCredentialHarness(kind);
    const admin: Actor = { kind: 'API_KEY', id: 'ops', name: 'ops' };
    const user = await actAs({ actor: admin }, () => h.kernel.users.create({ email: 'aud@example.com', role: 'AGENT', password: PASSWORD }));
    const session = await h.kernel.sessions.login('aud@example.com', PASSWORD);
    const userActor: Actor = { kind: 'USER', id: user.id, name: 'aud@example.com' };
    await actAs({ actor: userActor }, () => h.kernel.sessions.logout(session.token));
    await h.kernel.sessions.login('aud@example.com', 'not the password').catch(() => undefined);

    const events = (await h.kernel.audit.list({}, 10)).reverse();
    expect(events.map((event) => [event.action, event.actor.kind, event.actor.id])).toEqual([
      ['user.create', 'API_KEY', 'ops'],
      ['session.create', 'USER', user.id],
      ['session.revoke', 'USER', user.id],
    ]);
    expect(events[0]).toMatchObject({ targetType: 'User', targetId: user.id, changes: { email: { before: null, after: 'aud@example.com' }, role: { before: null, after: 'AGENT' } } });
  });

  it('never store or log a password or a session token', async () => {
    h = await createCredentialHarness(kind);
    await h.kernel.users.create({ email: 'quiet@example.com', role: 'VIEWER', password: PASSWORD });
    const { token } = await h.kernel.sessions.login('quiet@example.com', PASSWORD);
    await h.kernel.sessions.login('quiet@example.com', `${PASSWORD}!`).catch(() => undefined);
    await h.kernel.authenticator.authenticate(token);
    const stored = await h.storedText();
    for (const secret of [PASSWORD, token]) {
      expect(stored).not.toContain(secret);
      expect(h.fileText()).not.toContain(secret);
      expect(h.logs.join('\n')).not.toContain(secret);
    }
    await h.kernel.sessions.logout(token);
    expect(h.logs.join('\n')).not.toContain(token);
  });
});
