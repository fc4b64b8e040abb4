import { ValidationError } from '@rapport/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlSession } from '../../src/persistence/SqlSession.js';
import { keysetKeyOf, selectMatchingCustomers, validateCustomerOrder, validateRuleTree, type CustomerOrder, type KeysetKey } from '../../src/segments/index.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { segmentCustomers } from './support/customers.js';
import { evaluate } from './support/evaluateRules.js';
import { createSegmentFixture, NOW, type SeedCustomer, type SegmentFixture } from './support/segmentFixture.js';

const customers = segmentCustomers();

/** A customer's sort value in the test's own terms; undefined sorts last. */
function sortValue(customer: SeedCustomer, field: string): string | number | undefined {
  if (field === 'createdAt') return customer.createdAt.getTime();
  if (field === 'displayName') return customer.displayName ?? undefined;
  if (field === 'interactions.lastAt') {
    const times = customer.interactions.filter((i) => i.direction === 'INBOUND').map((i) => i.occurredAt.getTime());
    return times.length > 0 ? Math.max(...times) : undefined;
  }
  return customer.scores[field.slice('score.'.length)];
}

/** The ids in the order the statement promises: by the value (nulls last), then id, both in the direction. */
function expectedOrder(matching: readonly SeedCustomer[], order: CustomerOrder): string[] {
  const sign = order.direction === 'asc' ? 1 : -1;
  const compare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...matching]
    .sort((a, b) => {
      const [x, y] = [sortValue(a, order.field), sortValue(b, order.field)];
      if (x === undefined || y === undefined) {
        if (x !== y) return x === undefined ? 1 : -1;
      } else if (x !== y) {
        return sign * compare(x, y);
      }
      return sign * compare(a.id, b.id);
    })
    .map((customer) => customer.id);
}

const ORDERS: CustomerOrder[] = ['createdAt', 'displayName', 'score.csat', 'interactions.lastAt'].flatMap((field) => [
  { field, direction: 'asc' as const },
  { field, direction: 'desc' as const },
]);
const WHERE = { any: [{ field: 'email', op: 'exists' }, { field: 'interactions.lastAt', op: 'olderThan', value: 'P30D' }] };

describe.each(TEST_DATABASES)('keyset pages of matching customers on %s', (kind) => {
  let fixture: SegmentFixture;
  let session: SqlSession;
  beforeAll(async () => {
    fixture = await createSegmentFixture(kind, customers);
    session = SqlSession.autocommit(fixture.database);
  }, 60_000);
  afterAll(async () => fixture?.close());

  async function allPages(where: unknown, orderBy: CustomerOrder, limit: number): Promise<{ ids: string[]; pages: number }> {
    const tree = where === undefined ? undefined : validateRuleTree(where);
    const ids: string[] = [];
    let after: KeysetKey | undefined;
    let pages = 0;
    for (;;) {
      const { sql, params } = selectMatchingCustomers(tree, { dialect: kind, now: NOW, orderBy, limit, after });
      const rows = await session.all(sql, params);
      pages++;
      ids.push(...rows.map((row) => String(row.id)));
      if (rows.length < limit) return { ids, pages };
      after = keysetKeyOf(rows.at(-1)!, orderBy);
    }
  }

  it.each(ORDERS.map((order) => [`${order.field} ${order.direction}`, order] as const))('pages by %s, ties by id, with and without a filter', async (_, order) => {
    const everyone = await allPages(undefined, order, 7);
    expect(everyone.ids).toEqual(expectedOrder(customers, order));
    expect(everyone.pages).toBe(Math.floor(customers.length / 7) + 1);
    const filtered = await allPages(WHERE, order, 5);
    expect(filtered.ids).toEqual(expectedOrder(customers.filter((customer) => evaluate(WHERE as never, customer, NOW)), order));
  });

  it('gives keys of the sort value: ISO dates, numbers, names, null when missing', async () => {
    const order = { field: 'score.csat', direction: 'asc' } as const;
    const { sql, params } = selectMatchingCustomers(undefined, { dialect: kind, now: NOW, orderBy: order, limit: 1000 });
    const keys = (await session.all(sql, params)).map((row) => keysetKeyOf(row, order));
    expect(keys.find((key) => key.id === 'c-alice')).toEqual({ id: 'c-alice', value: 40 });
    expect(keys.at(-1)!.value).toBeNull();
    const oldest = selectMatchingCustomers(undefined, { dialect: kind, now: NOW, limit: 1 });
    const [first] = await session.all(oldest.sql, oldest.params);
    expect(keysetKeyOf(first!)).toEqual({ id: expectedOrder(customers, { field: 'createdAt', direction: 'asc' })[0], value: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/) });
  });
});

describe('page options', () => {
  it('checks orderBy and the page size', () => {
    expect(validateCustomerOrder({ field: 'score.csat', direction: 'desc' })).toEqual({ field: 'score.csat', direction: 'desc' });
    expect(validateCustomerOrder({ field: 'createdAt' })).toEqual({ field: 'createdAt', direction: 'asc' });
    expect(() => validateCustomerOrder({ field: 'email' })).toThrow(/orderBy\.field: customers sort by one of createdAt, displayName, score\.<rule>, interactions\.lastAt; got "email"/);
    expect(() => validateCustomerOrder({ field: 'score.Bad Rule' })).toThrow(/orderBy\.field: "score\.Bad Rule"|is not a rule id/);
    expect(() => validateCustomerOrder({ field: 'createdAt', direction: 'up' })).toThrow(/orderBy\.direction: use "asc" or "desc"/);
    expect(() => selectMatchingCustomers(undefined, { dialect: 'sqlite', now: NOW, limit: 0 })).toThrow(ValidationError);
    expect(() => selectMatchingCustomers(undefined, { dialect: 'sqlite', now: NOW, limit: 10, after: { id: 'x', value: 'yesterday' } })).toThrow(/cursor's date/);
  });
});
