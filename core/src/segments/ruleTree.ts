import { findRuleField, RULE_OPS, RULE_TREE_LIMITS, ruleFieldNames, type RuleField, type RuleOp } from './ruleFields.js';
import { clip, describe, fail } from './ruleErrors.js';
import { checkFieldKey, checkLeafValue, type LeafValue } from './ruleValues.js';

/**
 * A rule tree as clients send it (contracts §12): `{ all: [...] }`, `{ any: [...] }`,
 * `{ not: tree }` or a leaf `{ field, op, value }`.
 */
export type RuleTree = { all: RuleTree[] } | { any: RuleTree[] } | { not: RuleTree } | { field: string; op: string; value?: unknown };


declare const validated: unique symbol;

/** One validated leaf: its field from the table, the key after the field's dot, and its checked value. */
export interface ValidLeaf {
  readonly kind: 'leaf';
  /** The field as the client wrote it, e.g. `score.csat`. */
  readonly written: string;
  readonly field: RuleField;
  /** The rule or model id (`score.<rule>`, `segment.<model>`), or the attribute path joined by dots. */
  readonly key?: string;
  /** The attribute path's segments (`attributes.<path>` only). */
  readonly path?: readonly string[];
  readonly op: RuleOp;
  readonly value: LeafValue;
}

/** A node of a validated tree. */
export type ValidNode =
  | { readonly kind: 'all'; readonly children: readonly ValidNode[] }
  | { readonly kind: 'any'; readonly children: readonly ValidNode[] }
  | { readonly kind: 'not'; readonly child: ValidNode }
  | ValidLeaf;

/** A tree {@link validateRuleTree} accepted; only these compile to SQL. */
export type ValidRuleTree = ValidNode & { readonly [validated]: true };

/** Where a tree is validated, beyond its JSON path. */
export interface RuleTreeScope {
  /**
   * The ranks `rank.<name>` may read: those a segmentation model declares. Left out (the finder,
   * defined segments), `rank.*` is refused, saying where it may be used.
   */
  ranks?: readonly string[];
}

/** What the walk of one tree carries: its node budget and its scope. */
interface Walk {
  nodes: number;
  scope: RuleTreeScope;
}

/**
 * Checks a rule tree from a client against the field table and the limits, and returns it with
 * its values normalized (emails lower-cased, phones without separators, dates parsed, durations
 * in milliseconds).
 *
 * @param input - the JSON the client sent.
 * @param path - the JSON path of the tree in the request, used in error messages (`where`, `rules`).
 * @param scope - what the tree may refer to besides the field table (a rule model's ranks).
 * @throws ValidationError (`BAD_USER_INPUT`) whose message and `field` name the JSON path at fault,
 *   e.g. `where.all[1].op: "between" is not an operator of score.csat; use one of eq, ne, …`.
 */
export function validateRuleTree(input: unknown, path = 'where', scope: RuleTreeScope = {}): ValidRuleTree {
  const budget: Walk = { nodes: 0, scope };
  return checkNode(input, path, 1, budget) as ValidRuleTree;
}

function checkNode(input: unknown, path: string, depth: number, budget: Walk): ValidNode {
  if (depth > RULE_TREE_LIMITS.maxDepth) {
    fail(path, `rules nest at most ${RULE_TREE_LIMITS.maxDepth} deep (all, any and not count); flatten nested groups of the same kind.`);
  }
  if (++budget.nodes > RULE_TREE_LIMITS.maxNodes) {
    fail(path, `a rule tree has at most ${RULE_TREE_LIMITS.maxNodes} nodes (conditions, all, any and not); split it into defined segments and refer to them with "segment.rules".`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    fail(path, `expected a rule: { "all": [...] }, { "any": [...] }, { "not": rule } or { "field": …, "op": …, "value": … }; got ${describe(input)}.`);
  }
  const node = input as Record<string, unknown>;
  const keys = Object.keys(node);
  for (const group of ['all', 'any'] as const) {
    if (!(group in node)) continue;
    onlyKeys(node, [group], path);
    const children = node[group];
    if (!Array.isArray(children)) fail(`${path}.${group}`, `"${group}" takes an array of rules; got ${describe(children)}.`);
    return { kind: group, children: children.map((child, index) => checkNode(child, `${path}.${group}[${index}]`, depth + 1, budget)) };
  }
  if ('not' in node) {
    onlyKeys(node, ['not'], path);
    return { kind: 'not', child: checkNode(node.not, `${path}.not`, depth + 1, budget) };
  }
  if (keys.includes('field') || keys.includes('op')) {
    onlyKeys(node, ['field', 'op', 'value'], path);
    return checkLeaf(node, path, budget.scope);
  }
  return fail(path, `expected "all", "any", "not", or a condition with "field", "op" and "value"; got the keys ${keys.map((key) => `"${key}"`).join(', ') || 'none'}.`);
}

function checkLeaf(node: Record<string, unknown>, path: string, scope: RuleTreeScope): ValidLeaf {
  const written = node.field;
  if (typeof written !== 'string') fail(`${path}.field`, `expected the name of a field, one of ${ruleFieldNames().join(', ')}; got ${describe(written)}.`);
  const found = findRuleField(written);
  if (!found) fail(`${path}.field`, `"${clip(written)}" is not a field; use one of ${ruleFieldNames().join(', ')}.`);
  const { field, key } = found;
  const path_ = field.key ? checkFieldKey(field, key ?? '', `${path}.field`) : undefined;
  if (field.kind === 'rank') checkRank(key!, `${path}.field`, scope);
  const op = node.op;
  const allowed = Object.keys(field.ops) as RuleOp[];
  if (typeof op !== 'string' || !(RULE_OPS as readonly string[]).includes(op) || !allowed.includes(op as RuleOp)) {
    const shown = typeof op === 'string' ? `"${clip(op)}"` : describe(op);
    fail(`${path}.op`, `${shown} is not an operator of ${clip(written)}; use one of ${allowed.join(', ')}.`);
  }
  const operand = field.ops[op as RuleOp]!.value;
  const value = checkLeafValue(operand, node.value, { path: `${path}.value`, field, written, op: op as RuleOp });
  return { kind: 'leaf', written, field, key, path: path_, op: op as RuleOp, value };
}

/** `rank.<name>` reads a rank its segmentation model declares, and nothing else does. */
function checkRank(name: string, path: string, scope: RuleTreeScope): void {
  if (!scope.ranks) {
    fail(path, `rank.${clip(name)} is a rank of a segmentation model: only the rules of a model that declares it in "ranks" (RuleSegmentationModel) may read it. Here, compare the value itself, e.g. "purchases.lastAt", "purchases.count" or "purchases.total".`);
  }
  if (!scope.ranks.includes(name)) {
    const declared = scope.ranks.length > 0 ? `it declares ${scope.ranks.map((rank) => `"${rank}"`).join(', ')}` : 'it declares none';
    fail(path, `rank.${clip(name)} is not a rank of this model; ${declared}. Add "${clip(name)}" to the model's ranks, or use one of those.`);
  }
}

function onlyKeys(node: Record<string, unknown>, allowed: readonly string[], path: string): void {
  const extra = Object.keys(node).filter((key) => !allowed.includes(key));
  if (extra.length > 0) {
    fail(`${path}.${clip(extra[0]!)}`, `unexpected key next to ${allowed.map((key) => `"${key}"`).join(', ')}; a rule is one of { "all": [...] }, { "any": [...] }, { "not": rule } or { "field", "op", "value" }.`);
  }
}
