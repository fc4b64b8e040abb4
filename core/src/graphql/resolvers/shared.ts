import type DataLoader from 'dataloader';
import { NotFoundError } from '@rapport/sdk';
import { withRefs, type ObjectRef } from '../../util/errorRefs.js';
import { sortKeyWindow, toConnection, type Connection, type PageArgs, type SortKey } from '../connections.js';
import type { ChildCountKey, ChildPageKey, ColumnFilters } from '../data/childPages.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import { expectGlobalId } from '../globalIds.js';
import { selectedNodeFields, selectsPageInfo, type SelectionInfo } from '../selections.js';

/**
 * The customer a global id names, following merges: the id of a customer merged away keeps
 * working and means the survivor, so links and bookmarks made before a merge stay valid.
 */
export async function customerIdOf(ctx: GraphQLContext, globalId: string, field = 'id'): Promise<string> {
  return ctx.services.merger.survivorOf(expectGlobalId(globalId, 'Customer', field));
}

/** A loaded object, or NOT_FOUND naming what was looked for (and the object, if `ref` is given). */
export function found<T>(value: T | undefined | null, what: string, ref?: ObjectRef): T {
  if (value === undefined || value === null) throw ref ? withRefs(new NotFoundError(`No ${what}.`), ref) : new NotFoundError(`No ${what}.`);
  return value;
}

/** GraphQL gives explicit nulls for omitted optional input fields; the domain expects undefined. */
export function withoutNulls<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}

/**
 * A connection under a parent (a customer's interactions…), through the request's loaders. `info`
 * is the connection field's, read here once for the page: without `pageInfo` in its selection, the
 * page reads no row more to tell whether there is more; and `options.columns`, when given, makes
 * the select list from the fields selected on the nodes (e.g. data/interactionColumns.ts).
 */
export async function childConnection<Row, Node>(
  ctx: { pages: DataLoader<ChildPageKey, Row[], string>; counts: DataLoader<ChildCountKey, number, string> },
  parentId: string,
  args: PageArgs,
  options: {
    descending: boolean;
    filters: ColumnFilters;
    columns?: (nodeFields: ReadonlySet<string>) => string;
    keyOf: (row: Row) => SortKey;
    toNode: (row: Row) => Node;
  },
  info: SelectionInfo,
): Promise<Connection<Node>> {
  // Backward pages read the parent's rows in the reverse order, from just before the cursor.
  const window = sortKeyWindow(args);
  const descending = options.descending !== window.backward;
  const rows = await ctx.pages.load({
    parentId,
    size: window.size,
    after: window.cursor,
    descending,
    filters: options.filters,
    columns: options.columns?.(selectedNodeFields(info)),
    lookahead: selectsPageInfo(info),
  });
  return toConnection(rows, window.size, options.keyOf, options.toNode, {
    window,
    totalCount: () => ctx.counts.load({ parentId, filters: options.filters }),
  });
}
