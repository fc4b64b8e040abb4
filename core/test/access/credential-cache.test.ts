import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import { CREDENTIAL_CHANGES_CHANNEL } from '../../src/persistence/migrations/0008_credential_changes.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabases.js';
import { eventually } from './credentialHarness.js';

/**
 * The credential cache (access/CredentialCache): on PostgreSQL a principal is kept while the
 * database announces every credential change, and dropped the moment one commits, whoever made
 * it; on SQLite while no other connection commits to the file; whenever nobody listens, every
 * request reads the database.
 */
interface Instance {
  kernel: Kernel;
  database: Database;
  /** Credential lookups this instance made so far. */
  lookups(): number;
}

let testDatabase: TestDatabase;
let instances: Instance[] = [];
const clock = new FakeClock('2026-03-02T09:00:00.000Z');

async function instance(): Promise<Instance> {
  let lookups = 0;
  const database = await testDatabase.open({ onQuery: (sql) => void (/from (api_keys|sessions s)\b/.test(sql) && lookups++) });
  if (instances.length === 0) await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database, clock });
  const made = { kernel, database, lookups: () => lookups };
  instances.push(made);
  return made;
}

/** Authenticates once, which opens the instance's watch, and waits until the watch is live. */
async function listening(made: Instance, token: string): Promise<void> {
  await made.kernel.authenticator.authenticate(token);
  await eventually(async () => (made.database.watch(CREDENTIAL_CHANGES_CHANNEL).live ? true : undefined));
}

afterEach(async () => {
  for (const made of instances) await made.database.close();
  instances = [];
  await testDatabase.destroy();
});

describe('the credential cache (postgresql)', () => {
  it('serves a known key without a query while the channel is heard, and drops it when another instance revokes it', async () => {
    testDatabase = createTestDatabase('postgresql');
    const a = await instance();
    const b = await instance();
    const { token } = await a.kernel.apiKeys.create({ name: 'importer', role: 'AGENT' });
    await listening(b, token);

    const before = b.lookups();
    expect((await b.kernel.authenticator.authenticate(token))?.actor.id).toBe('importer');
    expect((await b.kernel.authenticator.authenticate(token))?.actor.id).toBe('importer');
    const kept = b.lookups() === before + 1 ? 'read once, then kept' : `read ${b.lookups() - before} times`;
    expect(kept).toBe('read once, then kept');

    // Read before the revocation: its notification may arrive before revoke() returns.
    const generation = b.database.watch(CREDENTIAL_CHANGES_CHANNEL).generation;
    expect(await a.kernel.apiKeys.revoke('importer')).toBe(true);
    // The notification goes out when the revocation commits; no time-to-live is waited for.
    await eventually(async () => (b.database.watch(CREDENTIAL_CHANGES_CHANNEL).generation > generation ? true : undefined));
    expect(await b.kernel.authenticator.authenticate(token)).toBeUndefined();
  });

  it('hears only the changes of its own schema: other deployments on the same database keep theirs', async () => {
    testDatabase = createTestDatabase('postgresql');
    const a = await instance();
    const { token } = await a.kernel.apiKeys.create({ name: 'ours', role: 'VIEWER' });
    await listening(a, token);

    const neighbour = createTestDatabase('postgresql');
    const other = await neighbour.open();
    try {
      await new MigrationRunner(other).run(CORE_OWNER, CORE_MIGRATIONS);
      const theirs = createKernel({ logger: pino({ level: 'silent' }), database: other, clock });
      const created = await theirs.apiKeys.create({ name: 'theirs', role: 'VIEWER' });
      await theirs.authenticator.authenticate(created.token);
      const theirWatch = other.watch(CREDENTIAL_CHANGES_CHANNEL);
      await eventually(async () => (theirWatch.live ? true : undefined));
      const ours = a.database.watch(CREDENTIAL_CHANGES_CHANNEL).generation;
      const heard = theirWatch.generation;
      // Revoked by hand in the other schema, so only the notification can tell its watch.
      await a.database.orm.em.getConnection().execute(`update "${new URL(neighbour.url).searchParams.get('schema')}".api_keys set revoked_at = now()`);
      await eventually(async () => (theirWatch.generation > heard ? true : undefined));
      expect(a.database.watch(CREDENTIAL_CHANGES_CHANNEL).generation).toBe(ours);
    } finally {
      await other.close();
      await neighbour.destroy();
    }
  });

  it('drops a key at once on the instance that revokes it, without waiting for the notification', async () => {
    testDatabase = createTestDatabase('postgresql');
    const a = await instance();
    const { token } = await a.kernel.apiKeys.create({ name: 'local', role: 'VIEWER' });
    await listening(a, token);
    await a.kernel.authenticator.authenticate(token);
    await a.kernel.apiKeys.revoke('local');
    expect(await a.kernel.authenticator.authenticate(token)).toBeUndefined();
  });

  it('hears a change made by hand in SQL, and a logout, as well as a revocation', async () => {
    testDatabase = createTestDatabase('postgresql');
    const a = await instance();
    const { token } = await a.kernel.apiKeys.create({ name: 'by-hand', role: 'ADMIN' });
    await a.kernel.users.create({ email: 'ann@example.com', role: 'AGENT', password: 'a long enough password' });
    const session = await a.kernel.sessions.login('ann@example.com', 'a long enough password');
    await listening(a, token);
    await a.kernel.authenticator.authenticate(session.token);

    const watch = a.database.watch(CREDENTIAL_CHANGES_CHANNEL);
    const generation = watch.generation;
    // Another connection, as an operator's psql would be: this process never notes it itself.
    const operator = await testDatabase.open();
    try {
      await operator.orm.em.getConnection().execute(`update api_keys set role = 'VIEWER' where name = 'by-hand'`);
    } finally {
      await operator.close();
    }
    await eventually(async () => (watch.generation > generation ? true : undefined));
    expect((await a.kernel.authenticator.authenticate(token))?.role).toBe('VIEWER');

    const b = await instance();
    await b.kernel.sessions.logout(session.token);
    await eventually(async () => ((await a.kernel.authenticator.authenticate(session.token)) === undefined ? true : undefined));
  });

  it('reads through while the listener is down, and keeps again once it is back', async () => {
    testDatabase = createTestDatabase('postgresql');
    const a = await instance();
    const { token } = await a.kernel.apiKeys.create({ name: 'steady', role: 'VIEWER' });
    await listening(a, token);
    const watch = a.database.watch(CREDENTIAL_CHANGES_CHANNEL);

    const schema = new URL(testDatabase.url).searchParams.get('schema');
    const [{ ended }] = await a.database.orm.em
      .getConnection()
      .execute<{ ended: number }[]>(`select count(pg_terminate_backend(pid))::int as ended from pg_stat_activity where application_name = ?`, [`rapport:${CREDENTIAL_CHANGES_CHANNEL}:${schema}`]);
    expect(ended).toBe(1);
    await eventually(async () => (watch.live ? undefined : true));
    const down = a.lookups();
    await a.kernel.authenticator.authenticate(token);
    await a.kernel.authenticator.authenticate(token);
    expect(a.lookups() - down).toBe(2);

    await eventually(async () => (watch.live ? true : undefined));
    await a.kernel.authenticator.authenticate(token);
    const up = a.lookups();
    await a.kernel.authenticator.authenticate(token);
    expect(a.lookups()).toBe(up);
  });

  it('reads a session again when it expires, and a key after a minute at most', async () => {
    testDatabase = createTestDatabase('postgresql');
    const a = await instance();
    const { token } = await a.kernel.apiKeys.create({ name: 'minute', role: 'VIEWER' });
    await listening(a, token);
    await a.kernel.authenticator.authenticate(token);
    const kept = a.lookups();
    await clock.advance(59_000);
    await a.kernel.authenticator.authenticate(token);
    expect(a.lookups()).toBe(kept);
    await clock.advance(1_000);
    await a.kernel.authenticator.authenticate(token);
    expect(a.lookups()).toBe(kept + 1);
  });
});

describe('the credential cache (sqlite)', () => {
  it('keeps a known key while only this process writes the file: its own ingest does not drop it', async () => {
    testDatabase = createTestDatabase('sqlite');
    const a = await instance();
    const { token } = await a.kernel.apiKeys.create({ name: 'file', role: 'VIEWER' });
    expect(a.database.watch(CREDENTIAL_CHANGES_CHANNEL).live).toBe(true);
    await a.kernel.authenticator.authenticate(token);
    const kept = a.lookups();
    await a.kernel.interactions.record({ email: 'ada@example.com', channel: 'email', direction: 'INBOUND', type: 'message', text: 'hello' });
    expect((await a.kernel.authenticator.authenticate(token))?.actor.id).toBe('file');
    expect(a.lookups()).toBe(kept);
  });

  it('reads again on the next request after another process commits to the file: a revocation there takes effect at once', async () => {
    testDatabase = createTestDatabase('sqlite');
    const server = await instance();
    // A second open of the same file, as `rapport keys revoke` without a server makes.
    const cli = await instance();
    const { token } = await server.kernel.apiKeys.create({ name: 'importer', role: 'AGENT' });
    expect((await server.kernel.authenticator.authenticate(token))?.actor.id).toBe('importer');
    expect((await server.kernel.authenticator.authenticate(token))?.actor.id).toBe('importer');

    expect(await cli.kernel.apiKeys.revoke('importer')).toBe(true);
    expect(await server.kernel.authenticator.authenticate(token)).toBeUndefined();
  });

  it('hears a change made by hand in the sqlite3 shell, and its own revocation without any announcement from outside', async () => {
    testDatabase = createTestDatabase('sqlite');
    const a = await instance();
    const first = await a.kernel.apiKeys.create({ name: 'by-hand', role: 'AGENT' });
    const second = await a.kernel.apiKeys.create({ name: 'by-api', role: 'AGENT' });
    await a.kernel.authenticator.authenticate(first.token);
    await a.kernel.authenticator.authenticate(second.token);

    const shell = new (createRequire(import.meta.url)('better-sqlite3'))(fileOf(testDatabase.url));
    try {
      shell.prepare("update api_keys set revoked_at = ? where name = 'by-hand'").run(Date.now());
    } finally {
      shell.close();
    }
    expect(await a.kernel.authenticator.authenticate(first.token)).toBeUndefined();

    expect(await a.kernel.apiKeys.revoke('by-api')).toBe(true);
    expect(await a.kernel.authenticator.authenticate(second.token)).toBeUndefined();
  });
});

/** The file of a `sqlite:<file>` URL. */
function fileOf(url: string): string {
  return url.slice('sqlite:'.length);
}
