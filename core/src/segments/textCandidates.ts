import { CANDIDATE_LIMIT, candidateIds, indexedPiece } from '../domain/customerTextIndex.js';
import type { SqlSession } from '../persistence/SqlSession.js';
import type { FieldSource } from './ruleFields.js';
import type { ValidNode, ValidRuleTree } from './ruleTree.js';

/** The fields whose values the trigram index of migration 0023 holds: names and identity values. */
const INDEXED_SOURCES: ReadonlySet<FieldSource> = new Set(['displayName', 'emails', 'phones']);

/**
 * The customers a rule tree can match at most, read from the customer text index, when its
 * `contains` leaves on a name, an email or a phone bound it: a few candidates to test instead of
 * every customer. Without it, a page of `customers(where:)` for a text nobody holds walks every
 * customer in list order (98 ms at 100,000 customers on SQLite for `email contains
 * "customer50007@"`, about ten times that at a million), and a count reads them all.
 *
 * The answer is a superset of the matches, never an exact set: the compiled predicate is still
 * tested on each candidate (CompileOptions.among), so the index only has to find every customer
 * with a name or an identity value that holds a part of the text. A leaf bounds the tree through
 * `all` (the intersection of its bounded children) and `any` (the union, when every child is
 * bounded), never through `not`, whose matches are the customers who lack the text. Undefined
 * when nothing bounds the tree, or when the bound holds more than {@link CANDIDATE_LIMIT}
 * customers: the text is then common, and walking the list meets a match soon.
 */
export async function textCandidates(sql: SqlSession, tree: ValidRuleTree | undefined): Promise<readonly string[] | undefined> {
  if (!tree || !hasIndexedLeaf(tree)) return undefined;
  const bound = await candidatesOf(sql, tree);
  return bound && bound.size <= CANDIDATE_LIMIT ? [...bound] : undefined;
}

async function candidatesOf(sql: SqlSession, node: ValidNode): Promise<Set<string> | undefined> {
  switch (node.kind) {
    case 'leaf': {
      if (node.op !== 'contains' || !INDEXED_SOURCES.has(node.field.source)) return undefined;
      const ids = await candidateIds(sql, [indexedPiece(String(node.value))]);
      return ids && new Set(ids);
    }
    case 'all': {
      let bound: Set<string> | undefined;
      for (const child of node.children) {
        const ids = await candidatesOf(sql, child);
        if (ids) bound = bound ? new Set([...bound].filter((id) => ids.has(id))) : ids;
      }
      return bound;
    }
    case 'any': {
      // An empty `any` matches nobody, which the empty set says.
      const bound = new Set<string>();
      for (const child of node.children) {
        const ids = await candidatesOf(sql, child);
        if (!ids) return undefined;
        for (const id of ids) bound.add(id);
        if (bound.size > CANDIDATE_LIMIT) return undefined;
      }
      return bound;
    }
    case 'not':
      return undefined;
  }
}

/** Whether a `contains` on an indexed field stands anywhere outside a `not` (no lookup otherwise). */
function hasIndexedLeaf(node: ValidNode): boolean {
  switch (node.kind) {
    case 'leaf':
      return node.op === 'contains' && INDEXED_SOURCES.has(node.field.source);
    case 'all':
    case 'any':
      return node.children.some(hasIndexedLeaf);
    case 'not':
      return false;
  }
}
