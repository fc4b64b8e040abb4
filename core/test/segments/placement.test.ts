import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql as fragment } from 'kysely';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { rulePredicate, validateRuleTree } from '../../src/segments/index.js';
import { createPlacementTable, dropPlacementTable, placedIn } from '../../src/segments/placementTable.js';
import { compileSql } from '../../src/segments/sqlDialect.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { segmentCustomers } from './support/customers.js';
import { expectedIds } from './support/evaluateRules.js';
import { randomTree } from './support/randomTree.js';
import { createSegmentFixture, NOW, seededRandom, type SegmentFixture } from './support/segmentFixture.js';

/*
 * An exclusive model's placement table (placementTable.ts) puts each customer in the first segment
 * whose tree holds. Checked against the in-test evaluator of the same rows, for seeded models of
 * random trees, which include `not` over values customers do not have: a CASE that met a NULL would
 * place such a customer where `rules_i and not (rules_0 or …)` would not.
 */

const customers = segmentCustomers();
const MODELS = 40;

/** Where the evaluator puts each customer: the index of the first tree that selects it. */
function expectedPlacement(trees: readonly unknown[]): [number, string][] {
  const selected = trees.map((tree) => new Set(expectedIds(tree, customers, NOW)));
  return customers
    .map((customer): [number, string] => [selected.findIndex((ids) => ids.has(customer.id)), customer.id])
    .filter(([segment]) => segment >= 0)
    .sort(byPlacement);
}

function byPlacement(a: [number, string], b: [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

describe.each(TEST_DATABASES)('the placement of an exclusive model on %s', (kind) => {
  let fixture: SegmentFixture;
  beforeAll(async () => {
    fixture = await createSegmentFixture(kind, customers);
  }, 60_000);
  afterAll(async () => fixture?.close());

  /** Fills the table for `trees` (and `scope`), reads each segment's rows through placedIn, and drops it. */
  const place = (trees: readonly unknown[], scope = fragment`true`) =>
    SqlSession.transaction(fixture.database, async (sql) => {
      const predicates = trees.map((tree) => rulePredicate(validateRuleTree(tree), { dialect: kind, now: NOW }));
      for (const statement of createPlacementTable(predicates, fragment`customers c`, scope, kind)) await sql.run(statement.sql, statement.params);
      const placed: [number, string][] = [];
      for (let index = 0; index < trees.length; index++) {
        const read = compileSql(placedIn(index), kind);
        for (const row of await sql.all<{ id: string }>(read.sql, read.params)) placed.push([index, row.id]);
      }
      for (const statement of dropPlacementTable(kind)) await sql.run(statement.sql, statement.params);
      return placed.sort(byPlacement);
    });

  it(`puts each customer in the first segment whose tree holds, for ${MODELS} seeded models`, async () => {
    const random = seededRandom(20261130);
    const mismatches: string[] = [];
    let contested = 0;
    for (let m = 0; m < MODELS; m++) {
      const trees = Array.from({ length: 2 + Math.floor(random() * 4) }, () => randomTree(random, 3));
      const expected = expectedPlacement(trees);
      // A customer two trees select is where precedence decides: the models must have some.
      const selections = trees.map((tree) => new Set(expectedIds(tree, customers, NOW)));
      if (customers.some((customer) => selections.filter((ids) => ids.has(customer.id)).length > 1)) contested++;
      const actual = await place(trees);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(JSON.stringify(trees));
    }
    expect(mismatches).toEqual([]);
    expect(contested).toBeGreaterThan(MODELS / 2);
  });

  it('places only the customers of its scope, and fills again in a later transaction', async () => {
    const trees = [{ field: 'interactions.count', op: 'gte', value: 1 }, { field: 'interactions.count', op: 'eq', value: 0 }];
    const everyone = await place(trees);
    expect(everyone).toEqual(expectedPlacement(trees));
    const some = customers.slice(0, 3).map((customer) => customer.id);
    const scoped = await place(trees, fragment`c.id in (${fragment.join(some)})`);
    expect(scoped).toEqual(everyone.filter(([, id]) => some.includes(id)));
    expect(scoped).toHaveLength(3);
  });
});
