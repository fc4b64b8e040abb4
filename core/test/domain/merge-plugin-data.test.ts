import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createKernelHarness, type KernelHarness } from '../support/kernelHarness.js';
import { TEST_DATABASES } from '../support/testDatabases.js';

describe.each(TEST_DATABASES)('merging customers moves plugin data on %s', (kind) => {
  let h: KernelHarness;
  afterEach(() => h.close());

  const execute = (sql: string, params: unknown[] = []) => h.kernel.database.orm.em.getConnection().execute(sql, params);
  const rowsOf = async (table: string, customerId: string) =>
    (await execute(`select * from ${table} where customer_id = ? order by 2`, [customerId])) as Record<string, unknown>[];

  it('moves the rows of every plugin table that references customers, keeping the survivor\'s where a key collides', async () => {
    h = await createKernelHarness(kind, ['customer-data-js']);
    const { customers, merger } = h.kernel;
    const target = await customers.create({ emails: ['ada@work.example'] });
    const source = await customers.create({ emails: ['ada@home.example'] });
    for (const [customerId, amount] of [[target.id, 10], [source.id, 20], [source.id, 30]] as const) {
      await execute('insert into fixture_purchases (id, customer_id, amount) values (?, ?, ?)', [randomUUID(), customerId, amount]);
    }
    await execute('insert into fixture_cards (customer_id, card) values (?, ?)', [target.id, 'gold']);
    await execute('insert into fixture_cards (customer_id, card) values (?, ?)', [source.id, 'silver']);
    await execute('insert into fixture_memberships (customer_id, program, since_year) values (?, ?, ?)', [target.id, 'club', 2020]);
    await execute('insert into fixture_memberships (customer_id, program, since_year) values (?, ?, ?)', [source.id, 'club', 2018]);
    await execute('insert into fixture_memberships (customer_id, program, since_year) values (?, ?, ?)', [source.id, 'newsletter', 2019]);
    const purchasesBefore = await h.count('fixture_purchases');

    await merger.merge(target.id, source.id);

    // Nothing is left on the merged customer, nothing was deleted with it by a cascade.
    for (const table of ['fixture_purchases', 'fixture_cards', 'fixture_memberships']) expect(await rowsOf(table, source.id)).toEqual([]);
    expect((await rowsOf('fixture_purchases', target.id)).map((row) => Number(row.amount)).sort()).toEqual([10, 20, 30]);
    expect(await h.count('fixture_purchases')).toBe(purchasesBefore);
    expect((await rowsOf('fixture_cards', target.id)).map((row) => row.card)).toEqual(['gold']);
    expect((await rowsOf('fixture_memberships', target.id)).map((row) => [row.program, Number(row.since_year)])).toEqual([
      ['club', 2020],
      ['newsletter', 2019],
    ]);
  });
});
