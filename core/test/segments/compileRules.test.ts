import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRules, RULE_FIELDS, validateRuleTree } from '../../src/segments/index.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { segmentCustomers } from './support/customers.js';
import { expectedIds } from './support/evaluateRules.js';
import { LEAF_CASES, tableName } from './support/leafCases.js';
import { createSegmentFixture, NOW, type SegmentFixture } from './support/segmentFixture.js';

const customers = segmentCustomers();
const label = (tree: unknown): string => JSON.stringify(tree);

describe('the leaf cases', () => {
  it('cover every field and every operator of the field table', () => {
    const covered = new Set(LEAF_CASES.map((leaf) => `${tableName(leaf.field)} ${leaf.op}`));
    // rank.<name> exists only inside a rule model that declares the rank: rule-models.test.ts and rfm-plugin.test.ts cover it.
    const wanted = RULE_FIELDS.filter((field) => field.kind !== 'rank').flatMap((field) => Object.keys(field.ops).map((op) => `${field.name} ${op}`));
    expect(wanted.filter((pair) => !covered.has(pair))).toEqual([]);
  });

  it('each select some customers and leave some out, for every field and operator', () => {
    const byPair = new Map<string, { some: boolean; notAll: boolean }>();
    for (const leaf of LEAF_CASES) {
      const ids = expectedIds(leaf, customers, NOW);
      const pair = `${tableName(leaf.field)} ${leaf.op}`;
      const seen = byPair.get(pair) ?? { some: false, notAll: false };
      byPair.set(pair, { some: seen.some || ids.length > 0, notAll: seen.notAll || ids.length < customers.length });
    }
    expect([...byPair].filter(([, seen]) => !seen.some || !seen.notAll).map(([pair]) => pair)).toEqual([]);
  });
});

describe('compiled SQL', () => {
  it('holds no value of the tree, only placeholders', () => {
    const hostile = "x'); drop table customers; --";
    const tree = validateRuleTree({
      any: [
        { field: 'displayName', op: 'eq', value: hostile },
        { field: 'attributes.a_b.c-d', op: 'contains', value: hostile },
        { field: 'score.csat-v2', op: 'in', value: [1, 2] },
        { field: 'segment.rfm', op: 'ne', value: hostile },
        { field: 'email', op: 'contains', value: hostile },
      ],
    });
    for (const dialect of TEST_DATABASES) {
      const { sql, params } = compileRules(tree, { dialect, now: NOW });
      expect(sql).not.toContain('drop table');
      expect(sql).not.toContain('csat-v2');
      expect(sql).not.toContain('a_b');
      expect(params).toContain(hostile);
      expect(sql.split('?').length - 1).toBe(params.length);
    }
  });
});

describe.each(TEST_DATABASES)('rule trees on %s', (kind) => {
  let fixture: SegmentFixture;
  beforeAll(async () => {
    fixture = await createSegmentFixture(kind, customers);
  }, 60_000);
  afterAll(async () => fixture?.close());

  it.each(LEAF_CASES.map((leaf) => [label(leaf), leaf] as const))('%s selects what the rows say', async (_, leaf) => {
    expect(await fixture.select(leaf)).toEqual(expectedIds(leaf, customers, NOW));
  });

  it.each(LEAF_CASES.map((leaf) => [label(leaf), leaf] as const))('not %s selects the others (two-valued logic)', async (_, leaf) => {
    const tree = { not: leaf };
    const expected = expectedIds(tree, customers, NOW);
    expect(await fixture.select(tree)).toEqual(expected);
    expect(expected.length).toBe(customers.length - expectedIds(leaf, customers, NOW).length);
  });

  const combinations: [string, unknown][] = [
    ['CSAT under 40 and nothing from them in 60 days', { all: [{ field: 'score.csat', op: 'lt', value: 40 }, { field: 'interactions.lastAt', op: 'olderThan', value: 'P60D' }] }],
    ['nothing in 60 days includes customers who never wrote', { field: 'interactions.lastAt', op: 'olderThan', value: 'P60D' }],
    ['no score is not a low score', { not: { field: 'score.csat', op: 'lt', value: 40 } }],
    ['any of several', { any: [{ field: 'segment.rfm', op: 'eq', value: 'champions' }, { field: 'attributes.plan', op: 'eq', value: 'pro' }, { field: 'purchases.total', op: 'gte', value: 150 }] }],
    ['nested all, any and not', { all: [{ any: [{ field: 'channel', op: 'eq', value: 'sms' }, { not: { field: 'email', op: 'exists' } }] }, { not: { all: [{ field: 'purchases.count', op: 'gt', value: 1 }, { field: 'displayName', op: 'contains', value: 'a' }] } }] }],
    ['all of nothing is everyone', { all: [] }],
    ['any of nothing is no one', { any: [] }],
    ['not of an empty any is everyone', { not: { any: [] } }],
  ];

  it.each(combinations)('%s', async (_, tree) => {
    expect(await fixture.select(tree)).toEqual(expectedIds(tree, customers, NOW));
  });

  it('counts what it selects, and everyone without a tree', async () => {
    const tree = { all: [{ field: 'score.csat', op: 'lt', value: 40 }, { field: 'interactions.lastAt', op: 'olderThan', value: 'P60D' }] };
    expect(await fixture.count(tree)).toBe(expectedIds(tree, customers, NOW).length);
    expect(await fixture.count(undefined)).toBe(customers.length);
  });
});
