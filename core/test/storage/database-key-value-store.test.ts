import { ValidationError, type JsonValue } from '@rapport/sdk';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_OPTIONS } from '../../src/audit/AuditLog.js';
import { SqlAuditLog } from '../../src/audit/SqlAuditLog.js';
import { SystemClock } from '../../src/clock/SystemClock.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { DatabaseKeyValueStoreProvider } from '../../src/storage/DatabaseKeyValueStoreProvider.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

describe.each(TEST_DATABASES)('DatabaseKeyValueStoreProvider on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let provider: DatabaseKeyValueStoreProvider;

  beforeEach(async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
    provider = new DatabaseKeyValueStoreProvider(database, auditLogOn(database));
  });
  afterEach(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  it('round-trips nested JSON and every JSON primitive, strings that look like JSON included', async () => {
    const store = provider.forNamespace('@acme/loyalty');
    const values: JsonValue[] = [
      { tier: 'gold', points: 1250.5, history: [{ at: '2025-01-01', delta: -3 }, null], flags: { vip: true, opted: false }, empty: {}, list: [] },
      'plain text',
      '{"looks":"like JSON"}',
      'null',
      '42',
      '',
      0,
      -1.25,
      true,
      false,
      null,
      [1, 'two', [3], { four: 4 }],
      'unicode: żółw 🐢 \\u0000 is not NUL, \\ "quotes" \n\t',
    ];
    for (const [i, value] of values.entries()) await store.set(`k${i}`, value);
    for (const [i, value] of values.entries()) expect(await store.get(`k${i}`)).toEqual(value);
    expect(await store.get('missing')).toBeUndefined();
  });

  it('returns copies that are never shared with the store or with other reads', async () => {
    const store = provider.forNamespace('@acme/loyalty');
    const written = { nested: { count: 1 }, list: [1] };
    await store.set('state', written);
    written.nested.count = 99;
    const first = await store.get<{ nested: { count: number }; list: number[] }>('state');
    first!.nested.count = 2;
    first!.list.push(2);
    const second = await store.get('state');
    expect(second).toEqual({ nested: { count: 1 }, list: [1] });
    expect(second).not.toBe(first);
  });

  it('overwrites a value, and deletes saying whether the key existed', async () => {
    const store = provider.forNamespace('@acme/loyalty');
    await store.set('cursor', { page: 1 });
    await store.set('cursor', { page: 2 });
    expect(await store.get('cursor')).toEqual({ page: 2 });
    expect(await store.keys()).toEqual(['cursor']);
    expect(await store.delete('cursor')).toBe(true);
    expect(await store.delete('cursor')).toBe(false);
    expect(await store.get('cursor')).toBeUndefined();
    expect(await store.keys()).toEqual([]);
  });

  it('lists keys sorted and by prefix, taking %, _ and \\ in keys and prefixes literally', async () => {
    const store = provider.forNamespace('@acme/loyalty');
    const keys = ['b', 'a%b', 'a_b', 'axb', 'A_b', 'a%', 'a', 'a\\b', 'a\\%', 'ab', 'tier:2', 'tier:10'];
    for (const key of keys) await store.set(key, key);
    expect(await store.keys()).toEqual([...keys].sort());
    expect(await store.keys('a_')).toEqual(['a_b']);
    expect(await store.keys('a%')).toEqual(['a%', 'a%b']);
    expect(await store.keys('a\\')).toEqual(['a\\%', 'a\\b']);
    expect(await store.keys('a')).toEqual(['a', 'a%', 'a%b', 'a\\%', 'a\\b', 'a_b', 'ab', 'axb']);
    expect(await store.keys('A')).toEqual(['A_b']);
    expect(await store.keys('tier:')).toEqual(['tier:10', 'tier:2']);
    expect(await store.keys('zzz')).toEqual([]);
  });

  it('keeps namespaces apart', async () => {
    const loyalty = provider.forNamespace('@acme/loyalty');
    const survey = provider.forNamespace('@acme/survey');
    await loyalty.set('shared', 'loyalty');
    await survey.set('shared', 'survey');
    await survey.set('only-survey', 1);
    expect(await loyalty.get('shared')).toBe('loyalty');
    expect(await survey.get('shared')).toBe('survey');
    expect(await loyalty.get('only-survey')).toBeUndefined();
    expect(await loyalty.keys()).toEqual(['shared']);
    expect(await loyalty.delete('only-survey')).toBe(false);
    expect(await survey.delete('shared')).toBe(true);
    expect(await loyalty.get('shared')).toBe('loyalty');
  });

  it('rejects values that are not JSON and keys out of bounds, with clear messages', async () => {
    const store = provider.forNamespace('@acme/loyalty');
    await expect(store.set('fn', (() => 1) as unknown as JsonValue)).rejects.toThrow(
      new ValidationError('storage.set("fn") needs a JSON value, got function.', 'value'),
    );
    await expect(store.set('nothing', undefined as unknown as JsonValue)).rejects.toThrow('storage.set("nothing") needs a JSON value, got undefined.');
    await expect(store.set('big', 1n as unknown as JsonValue)).rejects.toThrow(/^storage\.set\("big"\) needs a JSON value: /);
    await expect(store.set('nul', { text: 'a\0b' })).rejects.toThrow(
      'storage.set("nul") needs a JSON value: strings cannot contain the NUL character (\\u0000); encode such data first, e.g. as base64.',
    );
    await expect(store.set('nul', { ['a\0b']: 1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.set('', 1)).rejects.toThrow('A storage key must be a string of 1 to 512 characters, without NUL (\\u0000).');
    await expect(store.set('a\0b', 1)).rejects.toBeInstanceOf(ValidationError);
    await expect(store.get('x'.repeat(513))).rejects.toBeInstanceOf(ValidationError);
    await expect(store.delete('')).rejects.toBeInstanceOf(ValidationError);
    await store.set('x'.repeat(512), 'longest key');
    expect(await store.get('x'.repeat(512))).toBe('longest key');
    expect(await store.keys()).toEqual(['x'.repeat(512)]);
  });

  it('persists across closing and reopening the database', async () => {
    await provider.forNamespace('@acme/loyalty').set('tiers', { gold: 1000 });
    await provider.forNamespace('@rapport/core').set('plugin-host.disabled', ['@acme/survey']);
    await database.close();
    database = await testDatabase.open();
    const reopened = new DatabaseKeyValueStoreProvider(database, auditLogOn(database));
    expect(await reopened.forNamespace('@acme/loyalty').get('tiers')).toEqual({ gold: 1000 });
    expect(await reopened.forNamespace('@rapport/core').get('plugin-host.disabled')).toEqual(['@acme/survey']);
  });

  it('lets concurrent sets of one key all succeed, leaving one of their values', async () => {
    const store = provider.forNamespace('@acme/loyalty');
    const values = Array.from({ length: 20 }, (_, i) => ({ writer: i }));
    await Promise.all(values.map((value) => store.set('contended', value)));
    expect(values).toContainEqual(await store.get('contended'));
    expect(await store.keys()).toEqual(['contended']);
    const rows = await database.orm.em.getConnection().execute("select count(*) as n from plugin_storage where key = 'contended'");
    expect(Number((rows[0] as { n: number | string }).n)).toBe(1);
  });
});

/** The real audit log on the same database: every write is audited in its transaction. */
function auditLogOn(database: Database): SqlAuditLog {
  return new SqlAuditLog(database, new SystemClock(), pino({ level: 'silent' }), DEFAULT_AUDIT_OPTIONS);
}
