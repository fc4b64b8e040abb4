import type { Customer } from '@rapport/sdk';
import { pageSize, type PageArgs } from '../connections.js';
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
  const size = pageSize(args.first);
  const { segment, ...rest } = args;
  const request = finderRequest({ ...rest, ...(segment && { segment: parseSegment(segment) }) });
  const after = args.after ? decodeFinderCursor(args.after) : undefined;
  const now = ctx.services.clock.now();
  const rows = await findMatchingCustomers(ctx.services.database, request, { size, now, ...(after && { after }) });
  const page = rows.slice(0, size);
  for (const { customer } of page) ctx.loaders.customer.prime(customer.id, customer);
  const cursors = page.map(({ key }) => encodeFinderCursor(key));
  return {
    edges: page.map(({ customer }, index) => ({ cursor: cursors[index]!, node: customer })),
    pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: after !== undefined, startCursor: cursors[0] ?? null, endCursor: cursors.at(-1) ?? null },
    totalCount: () => countMatching(ctx.services.database, request.where, now),
    countEstimate: () => estimateCount(ctx.services.database, matchingRows(ctx.services.database, request.where, now)),
  };
}
