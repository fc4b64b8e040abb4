/**
 * Where a page of a list starts and which way it reads, by keyset (never OFFSET): `forward` reads
 * the rows after `cursor` in the list's order; `backward` reads the rows before it, nearest first,
 * that is in the reverse of the list's order (a Relay `last`/`before` page, which the caller turns
 * back into list order).
 */
export interface KeysetPage {
  cursor?: { at: Date; id: string };
  direction?: 'forward' | 'backward';
}

/**
 * The keyset condition and sort of one page over `key, id`: the rows strictly after the cursor
 * in the direction read, in the order read. `descending` is the list's own order.
 */
export function keysetBounds(key: string, descending: boolean, page: KeysetPage): { condition?: string; order: string; cursorParams: (at: unknown) => unknown[] } {
  const backward = page.direction === 'backward';
  // Reading a descending list forward goes down; reading it backward goes up; and the reverse.
  const down = descending !== backward;
  const op = down ? '<' : '>';
  const dir = down ? 'desc' : 'asc';
  return {
    // `key >= ? and (key > ? or id > ?)`, not `key > ? or (key = ? and id > ?)`: the first bound
    // lets both databases seek an index on (key, id) to the cursor, where the `or` alone made them
    // read the index from its start and filter (PostgreSQL, 200,000 conversations, an inbox page
    // 9,500 rows in: 44 ms against 0.3). A row value `(key, id) > (?, ?)` seeks on PostgreSQL,
    // but SQLite does not seek with one whose key is an expression (the inbox's, migration 0022).
    ...(page.cursor && { condition: `(${key} ${op}= ? and (${key} ${op} ? or id ${op} ?))` }),
    order: `${key} ${dir}, id ${dir}`,
    cursorParams: (at) => (page.cursor ? [at, at, page.cursor.id] : []),
  };
}
