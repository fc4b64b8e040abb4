import type { RapportClient } from './client.js';
import { graphql } from './gql/index.js';
import type { CustomersPageQuery } from './gql/graphql.js';

/** One customer as the list shows it. */
export type CustomerRow = CustomersPageQuery['customers']['edges'][number]['node'];

export const CustomersPage = graphql(`
  query CustomersPage($first: Int!, $after: String) {
    customers(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          displayName
          emails
          createdAt
        }
      }
    }
  }
`);

/**
 * Every customer, page after page: each page's `endCursor` is the next page's `after`, until
 * `hasNextPage` is false. Cursors are stable, so a customer created meanwhile does not shift a
 * page or make one appear twice.
 */
export async function* pageCustomers(client: RapportClient, pageSize = 100): AsyncGenerator<CustomerRow[]> {
  let after: string | null = null;
  for (;;) {
    const { customers }: CustomersPageQuery = await client.request(CustomersPage, { first: pageSize, after });
    yield customers.edges.map((edge) => edge.node);
    if (!customers.pageInfo.hasNextPage || !customers.pageInfo.endCursor) return;
    after = customers.pageInfo.endCursor;
  }
}

/** The number of customers, without fetching them: a page of none still counts the list. */
export async function countCustomers(client: RapportClient): Promise<number> {
  const { customers } = await client.request(CustomersPage, { first: 0 });
  return customers.totalCount;
}
