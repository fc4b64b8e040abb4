import { GraphQLError } from 'graphql';
import { badUserInput } from './errors.js';
import type { KeysetPage } from '../util/KeysetPage.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The Relay arguments every connection field takes: forward (`first`/`after`) or backward (`last`/`before`). */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * A page as a store reads it: `size` rows next to `cursor` (undefined: from the start of the read
 * order). Backward, the store reads in the reverse of the connection's order, starting just before
 * `cursor`, and {@link toConnection} puts the rows back in the connection's order.
 */
export interface PageWindow<Key = SortKey> {
  size: number;
  backward: boolean;
  cursor: Key | undefined;
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

/** `first` (or `last`), defaulted and bounded, so no client can ask the database for an unbounded page. */
export function pageSize(first: number | null | undefined, argument: 'first' | 'last' = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    const cursor = argument === 'first' ? 'after' : 'before';
    throw new GraphQLError(`${argument} must be between 0 and ${MAX_PAGE_SIZE}, got ${first}. Page through larger sets with ${cursor}.`, {
      extensions: { code: 'BAD_USER_INPUT', field: argument, argument, min: 0, max: MAX_PAGE_SIZE },
    });
  }
  return first;
}

/**
 * Reads the page arguments: `first`/`after` pages forward, `last`/`before` backward (from the end
 * of the list without `before`). Mixing the two directions is refused rather than guessed at.
 */
export function pageWindow<Key>(args: PageArgs, decode: (cursor: string, argument: 'after' | 'before') => Key): PageWindow<Key> {
  const given = (value: unknown) => value !== null && value !== undefined;
  const backward = given(args.last) || given(args.before);
  if (backward && (given(args.first) || given(args.after))) {
    const mixed = [given(args.first) && 'first', given(args.after) && 'after', given(args.last) && 'last', given(args.before) && 'before'].filter(Boolean).join(', ');
    throw badUserInput(`Page forward with first and after, or backward with last and before, not both (got ${mixed}).`, given(args.last) ? 'last' : 'before');
  }
  if (backward) return { size: pageSize(args.last, 'last'), backward, cursor: given(args.before) ? decode(args.before!, 'before') : undefined };
  return { size: pageSize(args.first, 'first'), backward, cursor: given(args.after) ? decode(args.after!, 'after') : undefined };
}

/** {@link pageWindow} for the connections whose cursor is a {@link SortKey}. */
export function sortKeyWindow(args: PageArgs): PageWindow {
  return pageWindow(args, decodeCursor);
}

/** What a service's keyset read needs of a window: where it starts and which way it reads. */
export function keysetPageOf(window: PageWindow): KeysetPage {
  return { ...(window.cursor && { cursor: window.cursor }), direction: window.backward ? 'backward' : 'forward' };
}

/**
 * A cursor is the sort key of a row (base64url of `[epochMs, id]`): pagination is by keyset, so a
 * page stays stable when rows are added before it, and the database seeks instead of skipping.
 */
export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify([key.at.getTime(), key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field: string = 'after'): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !Number.isSafeInteger(parsed[0]) || typeof parsed[1] !== 'string') {
    throw badUserInput(`${field}: ${JSON.stringify(cursor)} is not a cursor of this connection. Use a cursor returned by it (endCursor for after, startCursor for before).`, field);
  }
  return { at: new Date(parsed[0] as number), id: parsed[1] };
}

/**
 * Builds a connection from up to `size + 1` rows in read order: the extra row only says that there
 * is more in the reading direction. Forward, that is a next page, and `after` means a previous page
 * (the row the cursor came from); backward (rows read in reverse, see {@link PageWindow}), the
 * extra row is a previous page, `before` means a next page, and the page is put back in the
 * connection's order.
 */
export function toConnection<Row, Node>(
  rows: readonly Row[],
  size: number,
  keyOf: (row: Row) => SortKey,
  toNode: (row: Row) => Node,
  options: { after?: boolean; window?: PageWindow<unknown>; totalCount: () => Promise<number> },
): Connection<Node> {
  const backward = options.window?.backward === true;
  const fromCursor = options.window ? options.window.cursor !== undefined : options.after === true;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  const more = rows.length > size;
  return {
    edges: page.map((row) => new LazyEdge(row, toNode(row), keyOf)),
    pageInfo: new LazyPageInfo(page, backward ? fromCursor : more, backward ? more : fromCursor, keyOf),
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
