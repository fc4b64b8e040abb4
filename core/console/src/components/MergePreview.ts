import type { CustomerDetailFragment } from '../gql/graphql.js';

/** What merging `source` into `target` moves, as the server's CustomerMerger does it. */
export interface MergePreview {
  emails: string[];
  phones: string[];
  handles: string[];
  /** Attributes the target lacks, which it takes. */
  attributesAdded: string[];
  /** Attributes both have: the target's value is kept. */
  attributesKept: string[];
  interactions: number;
  conversations: number;
  workflowRuns: number;
  /** Scores and segments the target lacks (those both have keep the target's, then re-evaluate). */
  scores: string[];
  segments: string[];
}

/**
 * The API has no merge preview query, so the console computes it from both customers' data with
 * the rules of core's CustomerMerger: identities, interactions, conversations, scores and
 * memberships move; attributes combine with the target's values winning.
 */
export function previewMerge(target: CustomerDetailFragment, source: CustomerDetailFragment): MergePreview {
  const targetAttributes = asRecord(target.attributes);
  const sourceAttributes = Object.keys(asRecord(source.attributes));
  const targetHandles = new Set(target.handles.map((h) => `${h.channel}:${h.handle}`));
  return {
    emails: source.emails.filter((email) => !target.emails.includes(email)),
    phones: source.phones.filter((phone) => !target.phones.includes(phone)),
    handles: source.handles.map((h) => `${h.channel}:${h.handle}`).filter((handle) => !targetHandles.has(handle)),
    attributesAdded: sourceAttributes.filter((key) => !(key in targetAttributes)),
    attributesKept: sourceAttributes.filter((key) => key in targetAttributes),
    interactions: source.interactions?.totalCount ?? 0,
    conversations: source.conversations?.totalCount ?? 0,
    workflowRuns: source.workflowRuns?.totalCount ?? 0,
    scores: source.scores.map((s) => s.rule).filter((rule) => !target.scores.some((s) => s.rule === rule)),
    segments: source.segments.map((s) => `${s.model}:${s.segment}`).filter((key) => !target.segments.some((s) => `${s.model}:${s.segment}` === key)),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
