import { INTERACTION_COLUMNS } from '../../persistence/rowReaders.js';

/**
 * The columns each field of the GraphQL type `Interaction` reads (resolvers/interactionResolvers.ts
 * and the default resolvers), so that a page of interactions reads only what its query shows. A
 * page of a hundred customers' last five interactions that shows six fields read all eleven
 * columns; a hand-made list of seven made the query benchmark's PostgreSQL ratio 4–7% higher, and
 * this module (eight columns for that page) with the page's extra row dropped 15–21% higher
 * (docs/benchmarks.md, fourteenth pass). core/test/graphql/nested-page-reads.test.ts keeps this list and the
 * type's fields the same.
 */
export const INTERACTION_FIELD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  __typename: [],
  id: ['id'],
  customer: ['customer_id'],
  conversation: ['conversation_id'],
  channel: ['channel'],
  direction: ['direction'],
  type: ['type'],
  subject: ['subject'],
  text: ['text'],
  occurredAt: ['occurred_at'],
  externalId: ['external_id'],
  metadata: ['metadata'],
  delivery: ['external_id', 'direction', 'channel'],
};

/** What a page needs whatever is shown: the order and cursors (time, id) and the parents (childPages.ts). */
const ALWAYS_READ = ['id', 'customer_id', 'conversation_id', 'occurred_at'];

const ALL_COLUMNS = INTERACTION_COLUMNS.split(',').map((column) => column.trim());
const columnsOf = new WeakMap<ReadonlySet<string>, string>();

/**
 * The select list of a page of interactions whose nodes show `fields` (selections.ts). A field
 * this module does not know reads every column. The columns keep {@link INTERACTION_COLUMNS}'
 * order, so that one selection always gives one statement text, prepared once per connection.
 */
export function interactionColumns(fields: ReadonlySet<string>): string {
  let columns = columnsOf.get(fields);
  if (columns === undefined) {
    const needed = new Set(ALWAYS_READ);
    let known = true;
    for (const field of fields) {
      const reads = INTERACTION_FIELD_COLUMNS[field];
      if (!reads) known = false;
      else for (const column of reads) needed.add(column);
    }
    columns = known ? ALL_COLUMNS.filter((column) => needed.has(column)).join(', ') : INTERACTION_COLUMNS;
    columnsOf.set(fields, columns);
  }
  return columns;
}
