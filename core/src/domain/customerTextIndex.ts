import type { Dialect } from '../persistence/SqlMigration.js';
import type { SqlSession } from '../persistence/SqlSession.js';

/*
 * The customer search by text: `customers(query:)` and `ctx.customers.find({ text })` match a
 * part of a display name, an email or a phone number, any case (a phone also by its digits). The
 * trigram index of migration 0023 finds which customers may match, instead of every customer
 * being tested; the conditions are then tested on those candidates, so the index only has to
 * find a superset: every name or identity value that contains a part of the term.
 */

/** The fewest characters a trigram index can look up. */
const TRIGRAM = 3;

/**
 * Up to this many indexed names and identity values, a search reads its candidates from the
 * index and sorts them. With more, the term is common (one name or value in 500 or more at a
 * million customers), and walking the list in its order meets a match soon, so the search does
 * that instead of reading every match to sort them. Counting that far stays cheap: 2.9 ms for a
 * term every email holds at 100,000 customers on SQLite, against 32 ms to count 20,000.
 */
export const CANDIDATE_LIMIT = 2_000;

/**
 * The longest run of `text` without LIKE's own characters (`%`, `_`, `\`), when it is long
 * enough for the index. Every value that contains `text` contains this run, and the run needs no
 * escape, which SQLite's FTS5 would not take.
 */
export function indexedPiece(text: string): string | undefined {
  const longest = text.split(/[%_\\]/).reduce((best, run) => ([...run].length > [...best].length ? run : best), '');
  return [...longest].length >= TRIGRAM ? longest : undefined;
}

/**
 * The customers who may match (each once): those with a name or an identity value that holds
 * one of the pieces, any case, read from the index. PostgreSQL lower-cases the pieces itself, as
 * the rule compiler's `contains` does, so that both fold alike whatever the database's locale
 * (JavaScript's toLowerCase folds letters a C locale leaves alone); SQLite's index folds case.
 * Undefined when the index holds more than {@link CANDIDATE_LIMIT} such names and values, or
 * when a piece is missing, since the index cannot then bound the search. The ids are read, not
 * left to a subquery of the page: PostgreSQL's GIN index reads the posting lists of every
 * trigram of the term, which for a term made of common trigrams is the largest part of the
 * search (43 ms for "customer 500007" among a million "Customer N"), and it is read once.
 */
export async function candidateIds(sql: SqlSession, pieces: readonly (string | undefined)[]): Promise<string[] | undefined> {
  if (pieces.length === 0 || pieces.some((piece) => piece === undefined)) return undefined;
  const patterns = pieces.map((piece) => `%${piece}%`);
  const cap = CANDIDATE_LIMIT + 1;
  const statement =
    sql.dialect === 'sqlite'
      ? // FTS5 takes one LIKE per scan of its index, and each scan stops at the cap.
        { sql: patterns.map(() => `select s.customer_id from (select rowid as n from customer_search_index where term like ? limit ${cap}) f join customer_search s on s.n = f.n`).join(' union all '), params: patterns }
      : {
          sql: `select k.customer_id from (select n.id as customer_id from customers n where ${patterns.map(() => 'lower(n.display_name) like lower(?)').join(' or ')}
                 union all select v.customer_id from customer_identities v where ${patterns.map(() => 'lower(v.value) like lower(?)').join(' or ')}) k limit ${cap}`,
          params: [...patterns, ...patterns],
        };
  const rows = await sql.all<{ customer_id: string }>(statement.sql, statement.params);
  return rows.length > CANDIDATE_LIMIT ? undefined : [...new Set(rows.map((row) => row.customer_id))];
}

/** `c.id` is one of `ids`: one statement whatever their number (no placeholder per id). */
function idAmong(dialect: Dialect, ids: readonly string[]): { where: string; params: unknown[] } {
  return dialect === 'postgresql' ? { where: 'c.id = any(?)', params: [ids] } : { where: 'c.id in (select value from json_each(?))', params: [JSON.stringify(ids)] };
}

/**
 * The conditions on customers `c` that a text search sets (undefined for a blank text). A text of
 * three characters or more that few names and values hold also bounds the customers by the index:
 * then the database reads those candidates and tests the conditions on them, instead of testing
 * every customer in list order until a page is full, which for a rare text is every customer.
 */
export async function customerTextCondition(sql: SqlSession, rawText: string): Promise<{ where: string; params: unknown[] } | undefined> {
  const matches = textMatches(sql.dialect, rawText);
  if (!matches) return undefined;
  const ids = await candidateIds(sql, matches.pieces);
  if (!ids) return matches;
  const among = idAmong(sql.dialect, ids);
  return { where: `${among.where} and ${matches.where}`, params: [...among.params, ...matches.params] };
}

/**
 * What a text search means, as conditions on customers `c`: the lower-cased display name or an
 * identity value holds the text, or, for a text that can be part of a phone number, a phone holds
 * its digits (phones are stored in E.164: "+33 6 12" matches "+33612345678"). Also the pieces the
 * index can look up ({@link indexedPiece}). Undefined for a blank text.
 *
 * Written with `strpos` / `instr`, not `like '%…%'`, which the trigram indexes serve: the
 * conditions test one customer at a time, and where PostgreSQL may plan them once for every term
 * (a prepared statement's generic plan) it read every identity holding a common term through the
 * index to hash them, 2.2 s for "example" at a million customers, against 1.9 ms walking the
 * list. The index is read by {@link candidateIds} alone.
 */
export function textMatches(dialect: Dialect, rawText: string): { where: string; params: unknown[]; pieces: (string | undefined)[] } | undefined {
  const text = rawText.trim().toLowerCase();
  if (!text) return undefined;
  const holds = (haystack: string) => (dialect === 'postgresql' ? `strpos(${haystack}, ?) > 0` : `instr(${haystack}, ?) > 0`);
  const identityMatches = [holds('lower(i.value)')];
  const params: unknown[] = [text, text];
  const pieces = [indexedPiece(text)];
  const digits = text.replace(/\D/g, '');
  if (digits.length >= TRIGRAM && /^[\d\s+().-]+$/.test(text)) {
    identityMatches.push(`(i.kind = 'phone' and ${holds('i.value')})`);
    params.push(digits);
    pieces.push(digits);
  }
  const where = `(${holds('lower(c.display_name)')} or exists (select 1 from customer_identities i where i.customer_id = c.id and (${identityMatches.join(' or ')})))`;
  return { where, params, pieces };
}
