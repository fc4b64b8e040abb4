import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/persistence/openDatabase.js';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { timestampTextMillis } from '../../src/persistence/timestampText.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabases.js';

/**
 * PostgreSQL hands timestamptz over as text, in the session's time zone; SqlSession.readDate reads
 * it by hand (timestampText.ts). The truth here is PostgreSQL's own epoch of each value.
 */
describe('timestamptz text read back on PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDatabase = createTestDatabase('postgresql');
    database = await testDatabase.open();
  });
  afterAll(async () => {
    await database.close();
    await testDatabase.destroy();
  });

  /**
   * Whole seconds, fractions of every length, years from 1 BC to 9999, zones with half-hour and
   * 45-minute offsets and, before 1900, local mean times with seconds (Asia/Kolkata: +05:21:10).
   */
  const ZONES = ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'America/Los_Angeles', 'Pacific/Chatham', 'Europe/Amsterdam'];

  it.each(ZONES)('reads every value as PostgreSQL counts it, in time zone %s', async (zone) => {
    const rows = await SqlSession.transaction(database, async (sql) => {
      await sql.run(`set local timezone = '${zone}'`);
      return sql.all<{ text: string; epoch_ms: string }>(
        `select v::text as text, floor(extract(epoch from v) * 1000)::text as epoch_ms from (
           select timestamptz '1880-01-01 00:00:00+00' + (i * 7919) * interval '1 day' / 400
                  + case i % 4 when 0 then interval '0' when 1 then interval '0.5 seconds' when 2 then interval '0.123 seconds' else interval '0.987654 seconds' end as v
             from generate_series(1, 2000) i
           union all select timestamptz '0001-01-01 00:00:00+00'
           union all select timestamptz '0050-06-15 12:34:56.789+00'
           union all select timestamptz '0044-03-15 12:00:00+00 BC'
           union all select timestamptz '9999-12-31 23:59:59.999999+00'
           union all select timestamptz '20000-01-01 00:00:00+00') t`,
      );
    });
    expect(rows).toHaveLength(2005);
    const wrong = rows.filter((row) => SqlSession.readDate(row.text)!.getTime() !== Number(row.epoch_ms));
    expect(wrong).toEqual([]);
    // Every one was read by hand, none by Date's own parser.
    expect(rows.filter((row) => timestampTextMillis(row.text) === undefined)).toEqual([]);
  });

  it('leaves forms it does not know to Date, as before', async () => {
    const [row] = await SqlSession.autocommit(database).all<{ infinite: string }>(`select timestamptz 'infinity'::text as infinite`);
    expect(timestampTextMillis(row!.infinite)).toBeUndefined();
    expect(SqlSession.readDate(row!.infinite)!.getTime()).toBeNaN();
    // SQLite's epoch milliseconds, as a number or as digits, are not timestamptz text.
    expect(SqlSession.readDate(1767225600000)!.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(SqlSession.readDate('1767225600000')!.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
