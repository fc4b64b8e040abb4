import { CONTRIBUTION_ID_PATTERN, parseDuration, ValidationError, type RuleSegmentationModel, type SegmentRankValue } from '@rapport/sdk';
import type { ModelRank } from './rankLeaf.js';
import { describe } from './ruleErrors.js';
import { validateRuleTree, type ValidRuleTree } from './ruleTree.js';

/** A rule segmentation model as the core runs it: checked, its trees validated, its period in ms. */
export interface PreparedRuleModel {
  id: string;
  plugin: string;
  /** In the model's order, which is the order of precedence when `exclusive`. */
  segments: readonly { id: string; rules: ValidRuleTree }[];
  exclusive: boolean;
  ranks: readonly ModelRank[];
  /** `refreshEvery` in milliseconds; undefined for the deployment's `segments.refreshEvery`. */
  periodMs: number | undefined;
}

/** What a model is checked against: who registers it, under which id, and what its manifest declares. */
export interface RuleModelOwner {
  plugin: string;
  id: string;
  /** `rapport.contributes.segmentationModels[].segments` of the model. */
  declaredSegments: readonly string[];
}

const RANK_VALUES: readonly SegmentRankValue[] = ['purchases.lastAt', 'purchases.count', 'purchases.total'];
const ID = new RegExp(CONTRIBUTION_ID_PATTERN);
/** Shorter periods would have the database refresh a model more often than the events do. */
const MIN_PERIOD_MS = 60_000;

/**
 * Checks a `RuleSegmentationModel` at registration: every segment declared in the manifest and
 * listed once, every tree valid (`rank.<name>` only for the model's own ranks), every rank and
 * the period readable.
 *
 * @throws ValidationError naming the plugin, the model, the segment and the JSON path at fault,
 *   e.g. `Segmentation model "lifecycle" of plugin "@acme/x", segment "churned": segments[0].rules.all[1].op: …`.
 */
export function prepareRuleModel(model: RuleSegmentationModel, owner: RuleModelOwner): PreparedRuleModel {
  const where = `Segmentation model "${owner.id}" of plugin "${owner.plugin}"`;
  const bad = (path: string, message: string, segment?: string): never => {
    throw new ValidationError(`${where}${segment === undefined ? '' : `, segment "${segment}"`}: ${path}: ${message}`, path);
  };
  const ranks = checkRanks(model.ranks, bad);
  if (!Array.isArray(model.segments) || model.segments.length === 0) bad('segments', `expected a non-empty array of { id, rules }; got ${describe(model.segments)}.`);
  const seen = new Set<string>();
  const segments = model.segments.map((segment, index) => {
    const path = `segments[${index}]`;
    const id = (segment as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return bad(`${path}.id`, `expected a segment id; got ${describe(id)}.`);
    if (!owner.declaredSegments.includes(id)) {
      bad(`${path}.id`, `"${id}" is not declared: rapport.contributes.segmentationModels[].segments of "${owner.id}" lists ${owner.declaredSegments.map((s) => `"${s}"`).join(', ')}. Declare it, or use one of those.`, id);
    }
    if (seen.has(id)) bad(`${path}.id`, `"${id}" is listed twice; list each segment once.`, id);
    seen.add(id);
    try {
      return { id, rules: validateRuleTree(segment.rules, `${path}.rules`, { ranks: ranks.map((rank) => rank.name) }) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // The tree's message starts with its JSON path already.
      throw new ValidationError(`${where}, segment "${id}": ${error.message}`, error.field);
    }
  });
  if (model.exclusive !== undefined && typeof model.exclusive !== 'boolean') bad('exclusive', `expected true or false; got ${describe(model.exclusive)}.`);
  let periodMs: number | undefined;
  if (model.refreshEvery !== undefined) {
    periodMs = readDuration(model.refreshEvery, 'refreshEvery', bad);
    if (periodMs < MIN_PERIOD_MS) bad('refreshEvery', `must be at least a minute ("PT1M"); got ${describe(model.refreshEvery)}.`);
  }
  return { id: owner.id, plugin: owner.plugin, segments, exclusive: model.exclusive ?? true, ranks, periodMs };
}

function checkRanks(input: RuleSegmentationModel['ranks'], bad: (path: string, message: string) => never): ModelRank[] {
  if (input === undefined) return [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return bad('ranks', `expected an object of ranks by name; got ${describe(input)}.`);
  return Object.entries(input).map(([name, rank]) => {
    const path = `ranks.${name}`;
    if (!ID.test(name) || name.length > 64) bad(path, 'a rank name is 1 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.');
    if (typeof rank !== 'object' || rank === null) bad(path, `expected { of, buckets }; got ${describe(rank)}.`);
    if (!RANK_VALUES.includes(rank.of)) bad(`${path}.of`, `expected one of ${RANK_VALUES.join(', ')}; got ${describe(rank.of)}.`);
    if (!Number.isInteger(rank.buckets) || rank.buckets < 2 || rank.buckets > 10) bad(`${path}.buckets`, `expected a whole number from 2 to 10 (5 for quintiles); got ${describe(rank.buckets)}.`);
    const checked: ModelRank = { name, of: rank.of, buckets: rank.buckets };
    if (rank.within !== undefined) checked.withinMs = readDuration(rank.within, `${path}.within`, bad);
    if (rank.currency !== undefined) {
      if (typeof rank.currency !== 'string' || !/^[A-Za-z]{3}$/.test(rank.currency)) bad(`${path}.currency`, `expected a three-letter currency code such as "EUR"; got ${describe(rank.currency)}.`);
      checked.currency = rank.currency;
    }
    return checked;
  });
}

function readDuration(value: unknown, path: string, bad: (path: string, message: string) => never): number {
  try {
    return parseDuration(value as string, path);
  } catch {
    return bad(path, `expected milliseconds or an ISO-8601 duration such as "P365D"; got ${describe(value)}.`);
  }
}
