import { afterEach, describe, expect, it } from 'vitest';
import { LOG_LIMITS } from '../../src/logging/logLimits.js';
import { TEST_DATABASES, type TestDatabaseKind } from '../support/testDatabases.js';
import { createLogHarness, type LogHarness } from './logHarness.js';

/** A megabyte of one customer's data, with a marker at its start that must never reach a log. */
const PRIVATE = 'Ada-Lovelace-private-note ';
const MEGABYTE = PRIVATE + 'analytical engine '.repeat(Math.ceil(1_000_000 / 18));
const EMAIL = 'ada.lovelace.private@example.com';

/** Makes every insert into `table` fail inside the database, as a constraint the data breaks would. */
async function refuseInserts(h: LogHarness, kind: TestDatabaseKind, table: string): Promise<void> {
  if (kind === 'sqlite') {
    await h.execute(`create trigger refuse_${table} before insert on ${table} begin select raise(abort, 'inserts into ${table} are refused'); end`);
    return;
  }
  await h.execute(`create function refuse_${table}() returns trigger language plpgsql as $$ begin raise exception 'inserts into ${table} are refused'; end $$`);
  await h.execute(`create trigger refuse_${table} before insert on ${table} for each row execute function refuse_${table}()`);
}

/** What no line may hold: the data, or any line over the cap. */
function expectKeptClean(h: LogHarness): void {
  const log = h.lines.join('');
  expect(log).not.toContain(PRIVATE.trim());
  expect(log).not.toContain('analytical engine');
  expect(log).not.toContain(EMAIL);
  for (const line of h.lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(LOG_LIMITS.maxLineBytes);
}

interface FailureLine {
  msg: string;
  err: { type: string; code: string; message: string; statement?: string; sql?: string };
}

/** The masked GraphQL failure's line: there must be exactly one. */
function failureLine(h: LogHarness, path: string): FailureLine {
  const lines = h.entries().filter((entry) => entry.path === path && String(entry.msg).startsWith('GraphQL request failed unexpectedly'));
  expect(lines).toHaveLength(1);
  return lines[0] as unknown as FailureLine;
}

describe.each(TEST_DATABASES)('a write that fails at the database on %s', (kind) => {
  let h: LogHarness;
  afterEach(() => h.close());

  it('logs the failed interaction insert without its megabyte of customer data', async () => {
    h = await createLogHarness(kind);
    await refuseInserts(h, kind, 'interactions');
    const { status, body } = await h.gql(
      'mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }',
      { input: { email: EMAIL, channel: 'email', direction: 'INBOUND', type: 'message', subject: PRIVATE, text: MEGABYTE } },
    );
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const failure = failureLine(h, 'recordInteraction');
    // The driver's own error, with its code (better-sqlite3's, or PostgreSQL's SQLSTATE for a raise).
    expect(failure.err).toMatchObject({ type: kind === 'sqlite' ? 'SqliteError' : 'DatabaseError', code: kind === 'sqlite' ? 'SQLITE_CONSTRAINT_TRIGGER' : 'P0001' });
    expect(failure.err.message).toContain('inserts into interactions are refused');
    expectKeptClean(h);
  });

  it('logs the failed customer insert without its megabyte of customer data', async () => {
    h = await createLogHarness(kind);
    await refuseInserts(h, kind, 'customers');
    const { status, body } = await h.gql(
      'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      // A string in attributes may be 100 000 characters long: the megabyte comes in eleven of them.
      { input: { displayName: PRIVATE, emails: [EMAIL], attributes: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`note${i}`, MEGABYTE.slice(i * 95_000, (i + 1) * 95_000)])) } },
    );
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    // MikroORM's DriverException inlines every parameter into its message and stack: the line keeps
    // the statement with `?` for each value, its code, and no parameter field.
    const failure = failureLine(h, 'createCustomer');
    expect(failure.err).toMatchObject({ type: 'DriverException', code: kind === 'sqlite' ? 'SQLITE_CONSTRAINT_TRIGGER' : 'P0001' });
    expect(failure.err.statement).toMatch(/^insert into .*customers/);
    expect(failure.err.sql).toMatch(/values \(\?, \?, \?, \?, \?\)$/);
    expect(failure.err.message).toMatch(/values \(\?, \?, \?, \?, \?\) - inserts into customers are refused$/);
    expect(failure.msg).toMatch(/^GraphQL request failed unexpectedly: insert into .* - inserts into customers are refused$/);
    expect(failure.err).not.toHaveProperty('params');
    expect(failure.err).not.toHaveProperty('bindings');
    expectKeptClean(h);
  });
});
