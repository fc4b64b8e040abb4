import type { Customer } from '@rapport/sdk';
import { pageWindow, type PageArgs } from '../connections.js';
import type { GraphQLContext } from '../GraphQLContext.js';
import {
  countMatching,
  decodeFinderCursor,
  encodeFinderCursor,
  estimateCount,
  finderRequest,
  findMatchingCustomers,
  matchingRows,
  type EstimatedConnection,
  type FinderArgs,
} from './customerFinder.js';
import { parseSegment } from './customerSearch.js';

/**
 * `customers(where:, orderBy:)`: a Relay page of the customers a rule tree matches, by keyset in
 * the order asked for (never OFFSET), with `totalCount` counted only when it is selected, and
 * `countEstimate` (exact up to a cap, estimated beyond) only when that is.
 */
export async function finderConnection(args: PageArgs & Omit<FinderArgs, 'segment'> & { segment?: string | null }, ctx: GraphQLContext): Promise<EstimatedConnection<Customer>> {
  const window = pageWindow(args, decodeFinderCursor);
  const { segment, where, orderBy, query } = args;
  const request = finderRequest({ where, orderBy, query, ...(segment && { segment: parseSegment(segment) }) });
  const now = ctx.services.clock.now();
  const { size, backward, cursor } = window;
  const rows = await findMatchingCustomers(ctx.services.database, request, { size, now, backward, ...(cursor && { cursor }) });
  const page = rows.slice(0, size);
  // Backward, the rows came nearest first: the page is shown in the list's order.
  if (backward) page.reverse();
  for (const { customer } of page) ctx.loaders.customer.prime(customer.id, customer);
  const cursors = page.map(({ key }) => encodeFinderCursor(key));
  const more = rows.length > size;
  const fromCursor = cursor !== undefined;
  return {
    edges: page.map(({ customer }, index) => ({ cursor: cursors[index]!, node: customer })),
    pageInfo: {
      hasNextPage: backward ? fromCursor : more,
      hasPreviousPage: backward ? more : fromCursor,
      startCursor: cursors[0] ?? null,
      endCursor: cursors.at(-1) ?? null,
    },
    totalCount: () => countMatching(ctx.services.database, request.where, now),
    countEstimate: async () => estimateCount(ctx.services.database, await matchingRows(ctx.services.database, request.where, now)),
  };
}
