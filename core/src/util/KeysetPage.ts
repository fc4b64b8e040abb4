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
    ...(page.cursor && { condition: `(${key} ${op} ? or (${key} = ? and id ${op} ?))` }),
    order: `${key} ${dir}, id ${dir}`,
    cursorParams: (at) => (page.cursor ? [at, at, page.cursor.id] : []),
  };
}
