import { badUserInput } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The Relay arguments every connection field takes. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Where a row sits in a connection's order: its timestamp, then its id to break ties. */
export interface SortKey {
  at: Date;
  id: string;
}

export interface Edge<T> {
  readonly cursor: string;
  node: T;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

/** A Relay connection. `totalCount` is a function so its query runs only when it is selected. */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/** `first`, defaulted and bounded, so no client can ask the database for an unbounded page. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}. Page through larger sets with after.`, 'first');
  }
  return first;
}

/**
 * A cursor is the sort key of a row (base64url of `[epochMs, id]`): pagination is by keyset, so a
 * page stays stable when rows are added before it, and the database seeks instead of skipping.
 */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify([key.at.getTime(), key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !Number.isSafeInteger(parsed[0]) || typeof parsed[1] !== 'string') {
    throw badUserInput(`${field}: ${JSON.stringify(cursor)} is not a cursor of this connection. Use an endCursor returned by it.`, field);
  }
  return { at: new Date(parsed[0] as number), id: parsed[1] };
}

/** The cursor of `after`, checked, or undefined. */
export function afterKey(args: PageArgs): SortKey | undefined {
  return args.after === null || args.after === undefined ? undefined : decodeCursor(args.after);
}

/**
 * Builds a connection from up to `size + 1` rows in order: the extra row only says that there is
 * a next page. With `after`, there is a previous page (the row the cursor came from).
 */
export function toConnection<Row, Node>(
  rows: readonly Row[],
  size: number,
  keyOf: (row: Row) => SortKey,
  toNode: (row: Row) => Node,
  options: { after: boolean; totalCount: () => Promise<number> },
): Connection<Node> {
  const page = rows.slice(0, size);
  return {
    edges: page.map((row) => new LazyEdge(row, toNode(row), keyOf)),
    pageInfo: new LazyPageInfo(page, rows.length > size, options.after, keyOf),
    totalCount: options.totalCount,
  };
}

/*
 * Cursors are encoded only when a client selects them: most pages of nested lists (a customer's
 * last five interactions) never ask, and encoding every edge's cursor was a visible share of a
 * page's CPU. Getters on classes rather than per-edge closures keep the allocation per edge small.
 */

class LazyEdge<Row, Node> implements Edge<Node> {
  constructor(
    private readonly row: Row,
    readonly node: Node,
    private readonly keyOf: (row: Row) => SortKey,
  ) {}

  get cursor(): string {
    return encodeCursor(this.keyOf(this.row));
  }
}

class LazyPageInfo<Row> implements PageInfo {
  constructor(
    private readonly page: readonly Row[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly keyOf: (row: Row) => SortKey,
  ) {}

  get startCursor(): string | null {
    return this.page.length === 0 ? null : encodeCursor(this.keyOf(this.page[0]!));
  }

  get endCursor(): string | null {
    return this.page.length === 0 ? null : encodeCursor(this.keyOf(this.page.at(-1)!));
  }
}
