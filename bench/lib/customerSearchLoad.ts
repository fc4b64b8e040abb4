/**
 * The customer search (`customers(query:)`) in the segments benchmark (bench/segments.ts): a page
 * of 20 for terms of each kind an agent types, through the server, against the statement the
 * search ran before the trigram index of migration 0023: the same conditions (the core's
 * `textMatches`) tested on each customer in list order, run in the bench process on the same
 * database. Then the finder's `contains` leaves (`customers(where:)`), whose candidates come from
 * the same index, against the page statement compiled without them, as the finder ran before.
 */
import type { Database } from '../../core/src/persistence/openDatabase.js';
import { textMatches } from '../../core/src/domain/customerTextIndex.js';
import { SqlSession } from '../../core/src/persistence/SqlSession.js';
import { selectMatchingCustomers, validateRuleTree } from '../../core/src/segments/index.js';
import { latency, PAGE_SIZE, type SegmentApi, timedCall } from './segmentQueries.js';

const PAGE = 20;

/** The terms: one of each kind, picked from the data so that each finds what its kind finds. */
async function searchTerms(database: Database, customers: number): Promise<Record<string, string>> {
  const sql = SqlSession.autocommit(database);
  const k = Math.round(customers * 0.5) + 7;
  const phone = await sql.one<{ value: string }>("select value from customer_identities where kind = 'phone' order by created_at, id limit 1 offset ?", [Math.round(customers * 0.15)]);
  // +15550012345678 as an agent types it: +1 555 0012 3456 78.
  const typed = phone ? `${phone.value.slice(0, 2)} ${phone.value.slice(2, 5)} ${phone.value.slice(5, 9)} ${phone.value.slice(9)}` : '+1 555';
  return {
    email: `customer${k}@example.com`,
    name: `Customer ${k}`,
    phone: typed,
    nothing: 'nobody@nowhere.test',
    common: 'example',
    short: 'zz',
  };
}

/** Each term's page, `runs` times through the server and as the scan, alternated. */
export async function measureSearch(api: SegmentApi, database: Database, customers: number, runs: number) {
  const terms = await searchTerms(database, customers);
  const sql = SqlSession.autocommit(database);
  const results: Record<string, unknown> = {};
  for (const [kind, term] of Object.entries(terms)) {
    const matches = textMatches(database.dialect, term)!;
    const statement = `select c.display_name from customers c where ${matches.where} order by c.created_at, c.id limit ${PAGE + 1}`;
    const params = matches.params;
    const rapport: number[] = [];
    const scan: number[] = [];
    let found: string[] = [];
    let scanned: string[] = [];
    for (let run = 0; run < runs; run++) {
      const page = await timedCall(() => api.search(term, PAGE));
      rapport.push(page.ms);
      found = page.value;
      const rows = await timedCall(() => sql.all<{ display_name: string }>(statement, params));
      scan.push(rows.ms);
      scanned = rows.value.slice(0, PAGE).map((row) => row.display_name);
    }
    // The generated names are unique: the same names in the same order are the same page.
    results[kind] = { term, found: found.length, sameAsScan: JSON.stringify(found) === JSON.stringify(scanned), rapport: latency(rapport), scan: latency(scan) };
  }
  return results;
}

/** Finder trees whose `contains` leaves the index bounds: a rare email, a phone, a text with another rule. */
function finderTrees(terms: Record<string, string>): Record<string, unknown> {
  const at = terms.email!.indexOf('@');
  return {
    email: { field: 'email', op: 'contains', value: terms.email!.slice(0, at + 1) },
    phone: { field: 'phone', op: 'contains', value: terms.phone },
    nameAndScore: { all: [{ field: 'displayName', op: 'contains', value: terms.name }, { field: 'score.csat', op: 'gte', value: 0 }] },
    nothing: { field: 'email', op: 'contains', value: terms.nothing },
  };
}

/** Each finder tree's first page of 100, `runs` times through the server and as the walk without candidates, alternated. */
export async function measureFinderText(api: SegmentApi, database: Database, customers: number, runs: number) {
  const trees = finderTrees(await searchTerms(database, customers));
  const sql = SqlSession.autocommit(database);
  const results: Record<string, unknown> = {};
  for (const [kind, where] of Object.entries(trees)) {
    const walk = selectMatchingCustomers(validateRuleTree(where), { dialect: database.dialect, now: new Date(), limit: PAGE_SIZE + 1 });
    const rapport: number[] = [];
    const walked: number[] = [];
    let found = 0;
    let expected = 0;
    for (let run = 0; run < runs; run++) {
      const page = await timedCall(() => api.page(where));
      rapport.push(page.ms);
      found = page.value.size;
      const rows = await timedCall(() => sql.all(walk.sql, walk.params));
      walked.push(rows.ms);
      expected = Math.min(rows.value.length, PAGE_SIZE);
    }
    results[kind] = { where, found, sameCountAsWalk: found === expected, rapport: latency(rapport), walk: latency(walked) };
  }
  return results;
}
