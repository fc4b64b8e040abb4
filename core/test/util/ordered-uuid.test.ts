import { expect, it } from 'vitest';
import { orderedUuid } from '../../src/util/orderedUuid.js';

it('makes version-7 UUIDs that sort, as strings, in the order they were made', () => {
  const ids = Array.from({ length: 10_000 }, () => orderedUuid());
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(ids);
  for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const [first] = ids;
  expect(Math.abs(parseInt(first!.replace(/-/g, '').slice(0, 12), 16) - Date.now())).toBeLessThan(60_000);
});
