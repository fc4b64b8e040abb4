import type { SeedCustomer } from './segmentFixture.js';

/*
 * The rule language's semantics (contracts §12 and the field table's meanings), computed in plain
 * TypeScript from the rows a test wrote: the expected answer the compiled SQL is compared with.
 * Written from the meanings, not from the compiler, so that the two check each other.
 */

type Tree = { all: Tree[] } | { any: Tree[] } | { not: Tree } | { field: string; op: string; value?: unknown };
type Scalar = string | number | boolean;

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

function durationMs(text: string): number {
  const [, w, d, h, m, s] = DURATION.exec(text)!;
  return ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 24 * 3600 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * 1000;
}

/** Whether `customer` matches `tree` at `now`. */
export function evaluate(tree: Tree, customer: SeedCustomer, now: Date): boolean {
  if ('all' in tree) return tree.all.every((child) => evaluate(child, customer, now));
  if ('any' in tree) return tree.any.some((child) => evaluate(child, customer, now));
  if ('not' in tree) return !evaluate(tree.not, customer, now);
  return leaf(tree, customer, now);
}

/** The ids of `customers` matching `tree`, sorted. */
export function expectedIds(tree: unknown, customers: readonly SeedCustomer[], now: Date): string[] {
  return customers.filter((customer) => evaluate(tree as Tree, customer, now)).map((customer) => customer.id).sort();
}

function leaf({ field, op, value }: { field: string; op: string; value?: unknown }, customer: SeedCustomer, now: Date): boolean {
  const inbound = customer.interactions.filter((i) => i.direction === 'INBOUND');
  const purchases = customer.interactions.filter((i) => i.type === 'purchase');
  if (field === 'displayName') return single(customer.displayName ?? undefined, op, value, (v) => v);
  if (field === 'email') return set(customer.emails, op, value, (v) => v.trim().toLowerCase());
  if (field === 'phone') return set(customer.phones, op, value, (v) => v.replace(/[\s().-]/g, ''));
  if (field === 'channel') return set([...new Set(inbound.map((i) => i.channel))], op, value, (v) => v);
  if (field === 'createdAt') return time(customer.createdAt.getTime(), op, value, now);
  if (field === 'interactions.count') return single(inbound.length, op, value, (v) => v);
  if (field === 'interactions.lastAt') return lastAt(inbound.map((i) => i.occurredAt.getTime()), op, value, now);
  if (field === 'purchases.count') return single(purchases.length, op, value, (v) => v);
  if (field === 'purchases.lastAt') return lastAt(purchases.map((i) => i.occurredAt.getTime()), op, value, now);
  if (field === 'activity.firstAt') return firstAt(customer.interactions.map((i) => i.occurredAt.getTime()), op, value, now);
  if (field === 'purchases.firstAt') return firstAt(purchases.map((i) => i.occurredAt.getTime()), op, value, now);
  if (field === 'purchases.total') {
    return single(purchases.reduce((sum, i) => sum + (typeof i.metadata.amount === 'number' ? i.metadata.amount : 0), 0), op, value, (v) => v);
  }
  if (field.startsWith('score.')) return single(customer.scores[field.slice(6)], op, value, (v) => v);
  if (field.startsWith('segment.')) return set(customer.segments[field.slice(8)] ?? [], op, value, (v) => v);
  if (field.startsWith('attributes.')) return attribute(field.slice(11).split('.'), customer.attributes, op, value);
  throw new Error(`evaluator: unknown field ${field}`);
}

/** One optional value (a name, a score, a count): without it only notExists holds. */
function single<T extends string | number>(actual: T | undefined, op: string, value: unknown, normalize: (v: T) => T): boolean {
  if (op === 'exists') return actual !== undefined;
  if (op === 'notExists') return actual === undefined;
  if (actual === undefined) return false;
  const list = Array.isArray(value) ? (value as T[]).map(normalize) : [];
  const v = Array.isArray(value) ? undefined : normalize(value as T);
  switch (op) {
    case 'eq': return actual === v;
    case 'ne': return actual !== v;
    case 'lt': return actual < v!;
    case 'lte': return actual <= v!;
    case 'gt': return actual > v!;
    case 'gte': return actual >= v!;
    case 'in': return list.includes(actual);
    case 'notIn': return !list.includes(actual);
    case 'contains': return String(actual).toLowerCase().includes(String(v).toLowerCase());
  }
  throw new Error(`evaluator: unknown op ${op}`);
}

function set(actual: readonly string[], op: string, value: unknown, normalize: (v: string) => string): boolean {
  const list = Array.isArray(value) ? (value as string[]).map(normalize) : [normalize(String(value))];
  switch (op) {
    case 'exists': return actual.length > 0;
    case 'notExists': return actual.length === 0;
    case 'eq':
    case 'in': return actual.some((a) => list.includes(a));
    case 'ne':
    case 'notIn': return actual.length > 0 && !actual.some((a) => list.includes(a));
    case 'contains': return actual.some((a) => a.toLowerCase().includes(list[0]!.toLowerCase()));
  }
  throw new Error(`evaluator: unknown op ${op}`);
}

function bound(op: string, value: unknown, now: Date): { op: string; at: number } {
  if (op === 'olderThan') return { op: 'lt', at: now.getTime() - durationMs(value as string) };
  if (op === 'newerThan') return { op: 'gt', at: now.getTime() - durationMs(value as string) };
  return { op, at: Date.parse(value as string) };
}

function time(actual: number, op: string, value: unknown, now: Date): boolean {
  const b = bound(op, value, now);
  return single(actual, b.op, b.at, (v) => v);
}

/** The latest of some times; with none, "long ago". */
function lastAt(times: readonly number[], op: string, value: unknown, now: Date): boolean {
  if (op === 'exists') return times.length > 0;
  if (op === 'notExists') return times.length === 0;
  return time(times.length === 0 ? -Infinity : Math.max(...times), op, value, now);
}

/** The earliest of some times; with none, only notExists holds. */
function firstAt(times: readonly number[], op: string, value: unknown, now: Date): boolean {
  if (op === 'exists') return times.length > 0;
  if (op === 'notExists') return times.length === 0;
  return times.length > 0 && time(Math.min(...times), op, value, now);
}

function attribute(path: readonly string[], attributes: Record<string, unknown>, op: string, value: unknown): boolean {
  let at: unknown = attributes;
  for (const segment of path) at = at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[segment] : undefined;
  const present = at !== undefined && at !== null;
  const same = (a: unknown, b: Scalar): boolean => typeof a === typeof b && a === b;
  switch (op) {
    case 'exists': return present;
    case 'notExists': return !present;
    case 'eq': return same(at, value as Scalar);
    case 'ne': return present && !same(at, value as Scalar);
    case 'in': return (value as Scalar[]).some((v) => same(at, v));
    case 'notIn': return present && !(value as Scalar[]).some((v) => same(at, v));
    case 'contains':
      if (Array.isArray(at)) return at.some((element) => same(element, value as Scalar));
      return typeof at === 'string' && typeof value === 'string' && at.toLowerCase().includes(value.toLowerCase());
    default:
      return typeof at === 'number' && single(at, op, value, (v) => v);
  }
}
