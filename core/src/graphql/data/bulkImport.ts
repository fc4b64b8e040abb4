import type { Interaction } from '@rapport/sdk';
import type { CoreRecordInput, InteractionService } from '../../domain/InteractionService.js';
import type { CheckedInput } from '../../domain/interactions/checkInput.js';
import type { Database } from '../../persistence/openDatabase.js';

/** How many interactions one `recordInteractions` call may carry (contracts §9). */
export const MAX_BULK_INTERACTIONS = 500;

/**
 * How many transactions a bulk import runs at once on PostgreSQL. Each holds a pooled connection
 * (10 in all) for its whole duration, so the rest is left to the requests arriving meanwhile.
 * SQLite has one connection and one writer: its imports run as one transaction.
 */
export const POSTGRES_BULK_LANES = 4;

/** One validated input, with what decides which other inputs it must be recorded after. */
export interface BulkItem {
  input: CoreRecordInput;
  /** The normalized form checkInput made of it: its customer and its external id. */
  checked: Pick<CheckedInput, 'customerId' | 'identity' | 'channel' | 'externalId'>;
}

/**
 * Records validated inputs and returns the interactions in input order. Inputs that name the
 * same customer (by id or by the same normalized identity) or the same `(channel, externalId)`
 * stay in one group, recorded one after the other in input order: one new email creates one
 * customer, and a repeated external id returns the interaction of its first occurrence. Groups
 * are spread over at most `lanes` transactions that run at once (`recordMany`: each lane is
 * stored whole or not at all; see {@link planLanes} for their order). Every lane is waited for
 * before a failure is reported, so nothing of the call still runs when the client hears back.
 */
export async function recordInBulk(interactions: InteractionService, items: readonly BulkItem[], lanes: number): Promise<Interaction[]> {
  const results: Interaction[] = new Array<Interaction>(items.length);
  const settled = await Promise.allSettled(
    planLanes(items, lanes).map(async (lane) => {
      const recorded = await interactions.recordMany(lane.map((index) => items[index]!.input));
      lane.forEach((index, position) => (results[index] = recorded[position]!));
    }),
  );
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}

/** The number of lanes for a database: see {@link POSTGRES_BULK_LANES}. */
export function bulkLanesFor(dialect: Database['dialect']): number {
  return dialect === 'postgresql' ? POSTGRES_BULK_LANES : 1;
}

/**
 * The input indexes of each lane. Items linked by a shared customer key or external id form one
 * group (union–find over the keys), kept in input order. Groups are taken in the order of their
 * customer keys, each whole to the lane with the fewest items so far, so lanes end up about
 * equally long, and every lane visits customers in that one order: two imports at once that
 * name the same customers then lock their conversations in the same order and wait for each
 * other instead of deadlocking (PostgreSQL would abort one of them).
 */
export function planLanes(items: readonly BulkItem[], lanes: number): number[][] {
  const parent = items.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const firstWithKey = new Map<string, number>();
  items.forEach(({ checked }, index) => {
    for (const key of keysOf(checked)) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, index);
      else parent[root(index)] = root(first);
    }
  });
  const groups = new Map<number, { order: string; indexes: number[] }>();
  items.forEach(({ checked }, index) => {
    const order = customerKeyOf(checked);
    const group = groups.get(root(index));
    if (!group) groups.set(root(index), { order, indexes: [index] });
    else {
      group.indexes.push(index);
      if (order < group.order) group.order = order;
    }
  });
  const sorted = [...groups.values()].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const planned = Array.from({ length: Math.max(1, Math.min(lanes, sorted.length)) }, () => [] as number[]);
  for (const group of sorted) {
    const shortest = planned.reduce((best, lane) => (lane.length < best.length ? lane : best));
    shortest.push(...group.indexes);
  }
  return planned.filter((lane) => lane.length > 0);
}

/** The keys that tie an item to others: its customer, and its (channel, externalId) if any. */
function keysOf(checked: BulkItem['checked']): string[] {
  const customer = customerKeyOf(checked);
  return checked.externalId ? [customer, `external\0${checked.channel}\0${checked.externalId}`] : [customer];
}

/** The customer an item names: by id, or by its normalized identity. */
function customerKeyOf(checked: BulkItem['checked']): string {
  // NUL never occurs in identities or ids, so no two different keys can collide.
  return checked.customerId ? `customer\0${checked.customerId}` : `identity\0${checked.identity!.kind}\0${checked.identity!.channel}\0${checked.identity!.value}`;
}
