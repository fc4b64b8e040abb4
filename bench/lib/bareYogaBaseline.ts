import { createServer, type Server } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';
import { handWrittenForms, handWrittenMembers, handWrittenParams, hasActivitySummary } from './handWrittenSegment.js';

/**
 * The benchmarks' bare graphql-yoga server.
 *   - For the query benchmark, the baseline: a hand-written resolver over the same database,
 *     answering the same page (customers with their last 5 interactions) in three queries, with no
 *     plugin host, no global ids, no connections and no error mapping.
 *   - For the ingest benchmark, the transport ceiling: a `recordInteraction` that takes the same
 *     input and stores nothing, so one HTTP request and GraphQL operation per interaction is
 *     measured alone.
 *   - For the segments benchmark, the hand-written server: `fillSegmentByHand` runs the
 *     benchmark's hand-written insert into memberships (bench/lib/handWrittenSegment.ts) in a
 *     transaction with the count of the members, what a definition answers.
 */
export function createBareYogaServer(database: Database): Server {
  const typeDefs = /* GraphQL */ `
    type Interaction { id: ID! channel: String! direction: String! type: String! text: String occurredAt: String! }
    type Customer { id: ID! displayName: String emails: [String!]! interactions: [Interaction!]! }
    type Query { customers(first: Int!): [Customer!]! }
    input RecordInteractionInput {
      email: String channel: String! direction: String! type: String! text: String externalId: String occurredAt: String
    }
    type Accepted { id: ID! }
    type Mutation {
      recordInteraction(input: RecordInteractionInput!): Accepted!
      fillSegmentByHand(form: String!, segment: String!): Int!
    }
  `;
  let forms: Promise<Record<string, string>> | undefined;
  const resolvers = {
    Mutation: {
      recordInteraction: (_: unknown, { input }: { input: { externalId?: string } }) => ({ id: input.externalId ?? 'accepted' }),
      fillSegmentByHand: async (_: unknown, { form, segment }: { form: string; segment: string }) => {
        forms ??= hasActivitySummary(database).then((hasActivity) => handWrittenForms(database, hasActivity));
        const insert = (await forms)[form];
        if (!insert) throw new Error(`No hand-written form "${form}": one of ${Object.keys(await forms).join(', ')}.`);
        return SqlSession.transaction(database, async (sql) => {
          await sql.run(insert, handWrittenParams(sql, segment, new Date()));
          return handWrittenMembers(sql, segment);
        });
      },
    },
    Query: {
      customers: async (_: unknown, { first }: { first: number }) => {
        const sql = SqlSession.autocommit(database);
        const customers = await sql.all<{ id: string; display_name: string | null }>(
          'select id, display_name from customers order by created_at, id limit ?',
          [first],
        );
        const ids = customers.map((c) => c.id);
        if (ids.length === 0) return [];
        const marks = ids.map(() => '?').join(', ');
        const [emails, interactions] = await Promise.all([
          sql.all<{ customer_id: string; value: string }>(`select customer_id, value from customer_identities where kind = 'email' and customer_id in (${marks})`, ids),
          sql.all<Record<string, unknown>>(
            `select * from (select i.*, row_number() over (partition by customer_id order by occurred_at desc, id desc) as rank
               from interactions i where customer_id in (${marks})) ranked where rank <= 5`,
            ids,
          ),
        ]);
        return customers.map((c) => ({
          id: c.id,
          displayName: c.display_name,
          emails: emails.filter((e) => e.customer_id === c.id).map((e) => e.value),
          interactions: interactions
            .filter((i) => i.customer_id === c.id)
            .map((i) => ({ ...i, occurredAt: SqlSession.readDate(i.occurred_at)!.toISOString() })),
        }));
      },
    },
  };
  return createServer(createYoga({ schema: createSchema({ typeDefs, resolvers }), graphiql: false, logging: false }));
}
