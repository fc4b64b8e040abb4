import type { Duration } from '../duration.js';

/**
 * The operators of a rule-tree leaf (contracts §12). Which ones a field allows, and the value
 * each takes, is in the field table of docs/segments.md.
 */
export type RuleOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'notIn' | 'contains' | 'exists' | 'notExists' | 'olderThan' | 'newerThan';

/**
 * One condition on a customer: `{ field, op, value }`.
 *
 * @example
 * ```ts
 * const unhappy: RuleLeaf = { field: 'score.csat', op: 'lt', value: 40 };
 * ```
 */
export interface RuleLeaf {
  /**
   * What is compared: `displayName`, `email`, `phone`, `createdAt`, `attributes.<path>`,
   * `score.<rule>`, `segment.<model>`, `channel`, `interactions.count`, `interactions.lastAt`,
   * `purchases.count`, `purchases.total`, `purchases.lastAt` and the others of the field table,
   * and, in a {@link RuleSegmentationModel} only, `rank.<name>` of one of its {@link SegmentRank}s.
   */
  field: string;
  /** How it is compared. */
  op: RuleOp;
  /**
   * What it is compared with: a string, a number or a boolean; a non-empty array of them for `in`
   * and `notIn`; an ISO-8601 date-time for `lt` … `gte` on dates; an ISO-8601 duration back from
   * now (`"P60D"`) for `olderThan` and `newerThan`; nothing for `exists` and `notExists`.
   */
  value?: string | number | boolean | readonly (string | number | boolean)[];
}

/**
 * A rule tree (contracts §12): every child holds (`all`), one holds (`any`), the child does not
 * hold (`not`), or a {@link RuleLeaf}. Logic is two-valued: a leaf on a value the customer does not
 * have is false, so its `not` is true. `{ "all": [] }` holds for everyone, `{ "any": [] }` for
 * no one. The core validates trees and compiles them to SQL; nothing is evaluated per customer.
 *
 * @example
 * ```ts
 * const quiet: RuleTree = { all: [
 *   { field: 'interactions.lastAt', op: 'olderThan', value: 'P60D' },
 *   { not: { field: 'purchases.lastAt', op: 'newerThan', value: 'P60D' } },
 * ] };
 * ```
 */
export type RuleTree = { readonly all: readonly RuleTree[] } | { readonly any: readonly RuleTree[] } | { readonly not: RuleTree } | RuleLeaf;

/** The values a {@link SegmentRank} ranks customers by: each one over their purchases. */
export type SegmentRankValue = 'purchases.lastAt' | 'purchases.count' | 'purchases.total';

/**
 * A rank of customers by one value, in equal groups (SQL's `NTILE`): customers who have the value
 * are sorted by it, lowest first, and split into `buckets` groups numbered 1 (lowest) to
 * `buckets` (highest); groups differ in size by one at most, and equal values may fall on either
 * side of a boundary. The model's rules read it as the number field `rank.<name>`. A customer
 * without the value (no purchase counted) has no rank: only `notExists` matches them.
 *
 * @example
 * ```ts
 * // Quintiles of recency: 5 for the fifth of customers who bought most recently.
 * const recency: SegmentRank = { of: 'purchases.lastAt', buckets: 5, within: 'P365D', currency: 'EUR' };
 * ```
 */
export interface SegmentRank {
  /**
   * What customers are ranked by: the time of their last purchase (`purchases.lastAt`, so the
   * most recent buyers get the highest rank), how many purchases they made (`purchases.count`),
   * or the sum of their purchases' `metadata.amount` (`purchases.total`).
   */
  of: SegmentRankValue;
  /** How many groups, 2 to 10 (5 for quintiles). */
  buckets: number;
  /** Only purchases in this window back from now count (milliseconds or ISO-8601, e.g. `P365D`). */
  within?: Duration;
  /** Only purchases whose `metadata.currency` is this code count, e.g. `EUR`. */
  currency?: string;
}

/** One segment of a {@link RuleSegmentationModel}: its id (declared in the manifest) and its rules. */
export interface RuleSegment {
  /** The segment id, one of the manifest's `segmentationModels[].segments`. */
  id: string;
  /** Who is in it. */
  rules: RuleTree;
}

/**
 * A segmentation model whose segments are rule trees: the core compiles them to SQL and keeps
 * the memberships current with set-based statements (one insert and one delete per segment),
 * when the model is registered, every `refreshEvery` and shortly after the events that can
 * change membership. Nothing is classified customer by customer in Node.
 *
 * @example
 * ```ts
 * ctx.segmentation.registerSegmentationModel('engagement', {
 *   segments: [
 *     { id: 'silent', rules: { field: 'interactions.lastAt', op: 'olderThan', value: 'P90D' } },
 *     { id: 'engaged', rules: { field: 'interactions.count', op: 'gte', value: 1 } },
 *   ],
 * });
 * ```
 */
export interface RuleSegmentationModel {
  /** The segments, in order of precedence when `exclusive`. */
  segments: readonly RuleSegment[];
  /**
   * `true` (the default): a customer is in the first segment, in order, whose rules match, and in
   * no other. `false`: in every segment whose rules match.
   */
  exclusive?: boolean;
  /** Ranks the rules may read as `rank.<name>`; names are ids (lower-case letters, digits, `.`, `_`, `-`). */
  ranks?: Readonly<Record<string, SegmentRank>>;
  /**
   * How often memberships are brought up to date for what time alone changes (milliseconds or
   * ISO-8601); the deployment's `segments.refreshEvery` when left out. Events that can change
   * membership refresh the model too, a few seconds later.
   */
  refreshEvery?: Duration;
}

/**
 * Whether a model passed to `registerSegmentationModel` is a {@link RuleSegmentationModel}
 * (it has `segments` and no `classify`).
 *
 * @example
 * ```ts
 * isRuleSegmentationModel({ segments: [] }); // true
 * ```
 */
export function isRuleSegmentationModel(model: unknown): model is RuleSegmentationModel {
  return typeof model === 'object' && model !== null && 'segments' in model && !('classify' in model);
}
