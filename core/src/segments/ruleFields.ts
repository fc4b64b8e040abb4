/**
 * The one description of what a rule tree may say (contracts §12): every field, its kind, the
 * operators it allows and the value each takes. Validation (ruleTree.ts), the SQL compiler
 * (compileRules.ts) and the docs' table ({@link describeRuleFields}) all read this table, so a
 * field or an operator is added here and nowhere else.
 */

/**
 * How big a tree may be, so that no client can make the server build (or the database plan) a
 * monster: deeper nesting, more nodes or longer lists than this are `BAD_USER_INPUT`.
 */
export const RULE_TREE_LIMITS = Object.freeze({
  /** Nesting of `all`, `any` and `not`, the root counting as 1. */
  maxDepth: 8,
  /** Nodes of the tree: groups, negations and leaves together. */
  maxNodes: 100,
  /** Items of an `in` or `notIn` list. */
  maxListItems: 200,
  /** Characters of a string value. */
  maxStringLength: 256,
});

/** The operators of a leaf `{ field, op, value }`. */
export const RULE_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'contains', 'exists', 'notExists', 'olderThan', 'newerThan'] as const;
export type RuleOp = (typeof RULE_OPS)[number];

/**
 * What an operator's `value` is:
 * - `string`, `number`: one of them; `scalar`: a string, a number or a boolean;
 * - `strings`, `numbers`, `scalars`: a non-empty array of them;
 * - `date`: an ISO-8601 date-time such as `2026-01-31T00:00:00Z` (or a date, `2026-01-31`, at midnight UTC);
 * - `duration`: an ISO-8601 duration back from now, such as `P60D` or `PT12H` (weeks, days, hours, minutes, seconds);
 * - `none`: no value (`exists`, `notExists`).
 */
export type OperandKind = 'string' | 'number' | 'scalar' | 'strings' | 'numbers' | 'scalars' | 'date' | 'duration' | 'none';

/**
 * How a field's values are stored, which decides how each operator compiles:
 * - `text`: one optional string column of the customer;
 * - `set`: the customer has zero or more values (emails, phones, segments of a model, channels);
 * - `date`: a date-time every customer has;
 * - `lastAt`: the time of the customer's latest event of a kind; someone with none is "long ago";
 * - `firstAt`: the time of the customer's first event of a kind; someone with none matches only `notExists`;
 * - `number`: one optional number per customer (a score);
 * - `aggregate`: a count or a sum over the customer's events, 0 when there are none;
 * - `json`: a value at a path of the customer's `attributes`;
 * - `rank`: a customer's group in a rule model's rank (rankLeaf.ts); only that model's rules may read it.
 */
export type FieldKind = 'text' | 'set' | 'date' | 'lastAt' | 'firstAt' | 'number' | 'aggregate' | 'json' | 'rank';

/** Where a field's values come from; the compiler has one SQL form per source. */
export type FieldSource =
  | 'displayName'
  | 'emails'
  | 'phones'
  | 'createdAt'
  | 'attributes'
  | 'scores'
  | 'segments'
  | 'channels'
  | 'interactionCount'
  | 'interactionLastAt'
  | 'purchaseCount'
  | 'purchaseTotal'
  | 'purchaseLastAt'
  | 'activityFirstAt'
  | 'purchaseFirstAt'
  | 'ranks';

/** How the part after the prefix of `score.<rule>`, `segment.<model>` or `attributes.<path>` is checked. */
export type FieldKey = 'id' | 'jsonPath';

/** One field of the rule language. */
export interface RuleField {
  /** `score` for `score.<rule>`; the whole name otherwise. */
  name: string;
  /** What follows `name.`, for the fields that take one (`score.csat`), and how it is checked. */
  key?: { placeholder: string; kind: FieldKey };
  kind: FieldKind;
  source: FieldSource;
  /** What the field is, for the docs. */
  description: string;
  /** The operators it allows, each with the value it takes and what it means here. */
  ops: Partial<Record<RuleOp, { value: OperandKind; meaning: string }>>;
  /** Whether `orderBy` may sort customers by it. */
  sortable?: boolean;
}

const SET_OPS = {
  eq: { value: 'string', meaning: 'one of theirs is the value' },
  ne: { value: 'string', meaning: 'they have at least one, and none is the value' },
  in: { value: 'strings', meaning: 'one of theirs is in the list' },
  notIn: { value: 'strings', meaning: 'they have at least one, and none is in the list' },
  exists: { value: 'none', meaning: 'they have at least one' },
  notExists: { value: 'none', meaning: 'they have none' },
} as const;

const COMPARISONS = {
  eq: { value: 'number', meaning: 'equal to the value' },
  ne: { value: 'number', meaning: 'different from the value' },
  lt: { value: 'number', meaning: 'less than the value' },
  lte: { value: 'number', meaning: 'at most the value' },
  gt: { value: 'number', meaning: 'more than the value' },
  gte: { value: 'number', meaning: 'at least the value' },
  in: { value: 'numbers', meaning: 'one of the values' },
  notIn: { value: 'numbers', meaning: 'none of the values' },
} as const;

const DATE_RANGE = {
  lt: { value: 'date', meaning: 'before the date' },
  lte: { value: 'date', meaning: 'at or before the date' },
  gt: { value: 'date', meaning: 'after the date' },
  gte: { value: 'date', meaning: 'at or after the date' },
  olderThan: { value: 'duration', meaning: 'before now minus the duration' },
  newerThan: { value: 'duration', meaning: 'after now minus the duration' },
} as const;

const LAST_AT_OPS = {
  ...DATE_RANGE,
  exists: { value: 'none', meaning: 'there is at least one' },
  notExists: { value: 'none', meaning: 'there is none' },
} as const;

const LAST_AT_NOTE =
  'Someone with none counts as "long ago": `lt`, `lte` and `olderThan` include them (nothing in 60 days includes never), `gt`, `gte` and `newerThan` do not. ' +
  'One dated in the future counts as their last (`newerThan` holds for it).';

const FIRST_AT_NOTE = 'Someone with none matches only `notExists`: every comparison is false for them (and true for their `not`).';

/** Every field of the rule language, by name (`score`, `segment`, `attributes` take a key after a dot). */
export const RULE_FIELDS: readonly RuleField[] = [
  {
    name: 'displayName',
    kind: 'text',
    source: 'displayName',
    sortable: true,
    description: 'The customer\'s display name; customers without one match only `notExists`.',
    ops: {
      eq: { value: 'string', meaning: 'exactly the value (case-sensitive)' },
      ne: { value: 'string', meaning: 'they have a name and it is not the value' },
      in: { value: 'strings', meaning: 'exactly one of the values' },
      notIn: { value: 'strings', meaning: 'they have a name and it is none of the values' },
      contains: { value: 'string', meaning: 'case-insensitive substring (SQLite folds ASCII letters only)' },
      exists: { value: 'none', meaning: 'they have a name' },
      notExists: { value: 'none', meaning: 'they have no name' },
    },
  },
  {
    name: 'email',
    kind: 'set',
    source: 'emails',
    description: 'Any of the customer\'s email addresses, compared lower-cased (as they are stored).',
    ops: { ...SET_OPS, contains: { value: 'string', meaning: 'one of theirs contains the text, case-insensitively (e.g. `@acme.com`)' } },
  },
  {
    name: 'phone',
    kind: 'set',
    source: 'phones',
    description: 'Any of the customer\'s phone numbers, stored in E.164; give values in international format ("+33612345678"), spaces, dots, dashes and parentheses are ignored.',
    ops: { ...SET_OPS, contains: { value: 'string', meaning: 'one of theirs contains the digits (e.g. `+33`)' } },
  },
  {
    name: 'createdAt',
    kind: 'date',
    source: 'createdAt',
    sortable: true,
    description: 'When the customer was created.',
    ops: DATE_RANGE,
  },
  {
    name: 'attributes',
    key: { placeholder: '<path>', kind: 'jsonPath' },
    kind: 'json',
    source: 'attributes',
    description: 'A value in the customer\'s attributes at a dotted path (`attributes.company.size`). Values compare with their JSON type: `5` is not `"5"`. A missing path or a JSON null has no value.',
    ops: {
      eq: { value: 'scalar', meaning: 'the value there is this string, number or boolean' },
      ne: { value: 'scalar', meaning: 'there is a value and it is not this one' },
      lt: { value: 'number', meaning: 'the value there is a number less than this' },
      lte: { value: 'number', meaning: 'the value there is a number at most this' },
      gt: { value: 'number', meaning: 'the value there is a number more than this' },
      gte: { value: 'number', meaning: 'the value there is a number at least this' },
      in: { value: 'scalars', meaning: 'the value there is one of these' },
      notIn: { value: 'scalars', meaning: 'there is a value and it is none of these' },
      contains: { value: 'scalar', meaning: 'an array there has this element, or a string there has this text (case-insensitive)' },
      exists: { value: 'none', meaning: 'there is a value (not JSON null)' },
      notExists: { value: 'none', meaning: 'there is no value, or JSON null' },
    },
  },
  {
    name: 'score',
    key: { placeholder: '<rule>', kind: 'id' },
    kind: 'number',
    source: 'scores',
    sortable: true,
    description: 'The customer\'s current score from a scoring rule (`score.csat`). Without a score, only `notExists` matches.',
    ops: { ...COMPARISONS, exists: { value: 'none', meaning: 'they have a score' }, notExists: { value: 'none', meaning: 'they have no score' } },
  },
  {
    name: 'segment',
    key: { placeholder: '<model>', kind: 'id' },
    kind: 'set',
    source: 'segments',
    description: 'The segments of a segmentation model the customer is in (`segment.rfm eq "champions"`; defined segments are model `rules`).',
    ops: SET_OPS,
  },
  {
    name: 'channel',
    kind: 'set',
    source: 'channels',
    description: 'The channels the customer has written on (inbound interactions), e.g. `channel eq "sms"`.',
    ops: SET_OPS,
  },
  {
    name: 'interactions.count',
    kind: 'aggregate',
    source: 'interactionCount',
    description: 'How many inbound interactions (from the customer) they have; 0 for none.',
    ops: COMPARISONS,
  },
  {
    name: 'interactions.lastAt',
    kind: 'lastAt',
    source: 'interactionLastAt',
    sortable: true,
    description: `When their last inbound interaction happened. ${LAST_AT_NOTE}`,
    ops: LAST_AT_OPS,
  },
  {
    name: 'purchases.count',
    kind: 'aggregate',
    source: 'purchaseCount',
    description: 'How many purchases (interactions of type `purchase`) they made; 0 for none.',
    ops: COMPARISONS,
  },
  {
    name: 'purchases.total',
    kind: 'aggregate',
    source: 'purchaseTotal',
    description: 'The sum of their purchases\' `metadata.amount`; 0 for none, and an amount that is not a JSON number counts as 0.',
    ops: COMPARISONS,
  },
  {
    name: 'purchases.lastAt',
    kind: 'lastAt',
    source: 'purchaseLastAt',
    description: `When their last purchase happened. ${LAST_AT_NOTE}`,
    ops: LAST_AT_OPS,
  },
  {
    name: 'activity.firstAt',
    kind: 'firstAt',
    source: 'activityFirstAt',
    description: `When their first interaction of any kind happened, in either direction (a message to them counts, as does a note). ${FIRST_AT_NOTE}`,
    ops: LAST_AT_OPS,
  },
  {
    name: 'purchases.firstAt',
    kind: 'firstAt',
    source: 'purchaseFirstAt',
    description: `When their first purchase happened. ${FIRST_AT_NOTE}`,
    ops: LAST_AT_OPS,
  },
  {
    name: 'rank',
    key: { placeholder: '<name>', kind: 'id' },
    kind: 'rank',
    source: 'ranks',
    description: 'Only in the rules of a segmentation model that declares the rank (`RuleSegmentationModel.ranks`): the customer\'s group, 1 (lowest) to `buckets`, when customers are ranked by the rank\'s value; without a value (no purchase counted), only `notExists` matches.',
    ops: { ...COMPARISONS, exists: { value: 'none', meaning: 'they have a rank' }, notExists: { value: 'none', meaning: 'they have no rank' } },
  },
];

const BY_NAME = new Map(RULE_FIELDS.map((field) => [field.name, field]));

/** A field by its name as written in a leaf (`score.csat` finds `score`), and its key; undefined when there is none. */
export function findRuleField(written: string): { field: RuleField; key?: string } | undefined {
  const exact = BY_NAME.get(written);
  // `score` alone is a keyed field missing its key: found, so the message can say what goes after the dot.
  if (exact) return exact.key ? { field: exact, key: '' } : { field: exact };
  const dot = written.indexOf('.');
  if (dot < 0) return undefined;
  const field = BY_NAME.get(written.slice(0, dot));
  return field?.key ? { field, key: written.slice(dot + 1) } : undefined;
}

/** The names a leaf may use, for error messages: `displayName, …, score.<rule>, …`. */
export function ruleFieldNames(): string[] {
  return RULE_FIELDS.map((field) => (field.key ? `${field.name}.${field.key.placeholder}` : field.name));
}

/** The field table as Markdown rows (field, operator, value, meaning), for docs/segments.md. */
export function describeRuleFields(): string {
  const lines = ['| Field | Operator | Value | Meaning |', '| --- | --- | --- | --- |'];
  for (const field of RULE_FIELDS) {
    const name = field.key ? `${field.name}.${field.key.placeholder}` : field.name;
    lines.push(`| \`${name}\` | | | ${field.description} |`);
    for (const [op, { value, meaning }] of Object.entries(field.ops)) lines.push(`| | \`${op}\` | ${value} | ${meaning} |`);
  }
  return lines.join('\n');
}
