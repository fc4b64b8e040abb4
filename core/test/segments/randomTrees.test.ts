import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { segmentCustomers } from './support/customers.js';
import { expectedIds } from './support/evaluateRules.js';
import { LEAF_CASES } from './support/leafCases.js';
import { createSegmentFixture, NOW, pick, seededRandom, type SegmentFixture } from './support/segmentFixture.js';

const customers = segmentCustomers();
const TREES = 150;

/** A random tree of the leaf cases, at most `depth` levels of all, any and not. */
function randomTree(random: () => number, depth: number): unknown {
  const roll = random();
  if (depth === 0 || roll < 0.35) return pick(random, LEAF_CASES);
  if (roll < 0.5) return { not: randomTree(random, depth - 1) };
  const children = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomTree(random, depth - 1));
  return roll < 0.75 ? { all: children } : { any: children };
}

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
