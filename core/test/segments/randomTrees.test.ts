import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { segmentCustomers } from './support/customers.js';
import { expectedIds } from './support/evaluateRules.js';
import { randomTree } from './support/randomTree.js';
import { createSegmentFixture, NOW, seededRandom, type SegmentFixture } from './support/segmentFixture.js';

const customers = segmentCustomers();
const TREES = 150;

describe.each(TEST_DATABASES)('random rule trees on %s', (kind) => {
  let fixture: SegmentFixture;
  beforeAll(async () => {
    fixture = await createSegmentFixture(kind, customers);
  }, 60_000);
  afterAll(async () => fixture?.close());

  it(`select what the rows say, for ${TREES} seeded trees`, async () => {
    const random = seededRandom(20260302);
    const mismatches: string[] = [];
    let selective = 0;
    for (let i = 0; i < TREES; i++) {
      const tree = randomTree(random, 4);
      const expected = expectedIds(tree, customers, NOW);
      if (expected.length > 0 && expected.length < customers.length) selective++;
      const actual = await fixture.select(tree);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(JSON.stringify(tree));
    }
    expect(mismatches).toEqual([]);
    // The trees must discriminate, or agreeing would prove little.
    expect(selective).toBeGreaterThan(TREES / 2);
  });
});
