/*
 * Finding rows that name a customer without a column for it: plugin storage kept under a key
 * such as `notes:<customer id>`, and events (JSON) that carry the id. Customer ids are uuids, so
 * a key or a text that contains one is about that customer and no other.
 */

/** `key like ? or key like ? …`, for the patterns of {@link containing}. */
export function keyNamesOneOf(ids: readonly string[]): string {
  return `(${ids.map(() => "key like ? escape '\\'").join(' or ')})`;
}

/** `cast(column as text) like ? or …`: a JSON column whose text contains one of the ids. */
export function textNamesOneOf(column: string, ids: readonly string[]): string {
  return `(${ids.map(() => `cast(${column} as text) like ? escape '\\'`).join(' or ')})`;
}

/** The LIKE pattern of a text that contains `id` (a uuid has nothing to escape; the escaping is for safety only). */
export function containing(id: string): string {
  return `%${id.replace(/[\\%_]/g, '\\$&')}%`;
}
