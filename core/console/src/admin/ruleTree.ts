/**
 * The rule language of docs/segments.md as the builder offers it: each field's operators and the
 * kind of value they take, and the conversion of the builder's state into the JSON rule tree the
 * API takes. The server validates the tree again and names the JSON path of anything wrong.
 */

/** What an operator's value is: none, one or a list of strings or numbers, a date, an ISO-8601 duration, or any JSON scalar. */
export type ValueKind = 'none' | 'string' | 'strings' | 'number' | 'numbers' | 'date' | 'duration' | 'scalar' | 'scalars';

export interface FieldSpec {
  /** `score.` takes a rule name, `segment.` a model and `attributes.` a dotted path after it. */
  field: string;
  label: string;
  parameter?: string;
  ops: Record<string, ValueKind>;
}

const MANY = { eq: 'string', ne: 'string', in: 'strings', notIn: 'strings', exists: 'none', notExists: 'none' } as const;
const NUMBER = { eq: 'number', ne: 'number', lt: 'number', lte: 'number', gt: 'number', gte: 'number', in: 'numbers', notIn: 'numbers' } as const;
const DATE = { lt: 'date', lte: 'date', gt: 'date', gte: 'date', olderThan: 'duration', newerThan: 'duration' } as const;
const PRESENCE = { exists: 'none', notExists: 'none' } as const;

export const FIELDS: FieldSpec[] = [
  { field: 'score.', label: 'Score', parameter: 'Rule', ops: { ...NUMBER, ...PRESENCE } },
  { field: 'channel', label: 'Channel written on', ops: MANY },
  { field: 'segment.', label: 'Segment of a model', parameter: 'Model', ops: MANY },
  { field: 'attributes.', label: 'Attribute', parameter: 'Path', ops: { eq: 'scalar', ne: 'scalar', lt: 'number', lte: 'number', gt: 'number', gte: 'number', in: 'scalars', notIn: 'scalars', contains: 'scalar', ...PRESENCE } },
  { field: 'displayName', label: 'Display name', ops: { ...MANY, contains: 'string' } },
  { field: 'email', label: 'Email', ops: { ...MANY, contains: 'string' } },
  { field: 'phone', label: 'Phone', ops: { ...MANY, contains: 'string' } },
  { field: 'createdAt', label: 'Created', ops: DATE },
  { field: 'interactions.count', label: 'Inbound interactions', ops: NUMBER },
  { field: 'interactions.lastAt', label: 'Last inbound interaction', ops: { ...DATE, ...PRESENCE } },
  { field: 'activity.firstAt', label: 'First activity', ops: { ...DATE, ...PRESENCE } },
  { field: 'purchases.count', label: 'Purchases', ops: NUMBER },
  { field: 'purchases.total', label: 'Purchases total', ops: NUMBER },
  { field: 'purchases.firstAt', label: 'First purchase', ops: { ...DATE, ...PRESENCE } },
  { field: 'purchases.lastAt', label: 'Last purchase', ops: { ...DATE, ...PRESENCE } },
];

export interface Leaf {
  type: 'leaf';
  key: number;
  field: string;
  parameter: string;
  op: string;
  value: string;
}

export interface Group {
  type: 'group';
  key: number;
  /** all: every child holds; any: one does. */
  join: 'all' | 'any';
  negate: boolean;
  children: Node[];
}

export type Node = Leaf | Group;

let nextKey = 1;

export function newLeaf(): Leaf {
  return { type: 'leaf', key: nextKey++, field: 'score.', parameter: '', op: 'gte', value: '' };
}

export function newGroup(children: Node[] = [newLeaf()]): Group {
  return { type: 'group', key: nextKey++, join: 'all', negate: false, children };
}

export function fieldSpec(field: string): FieldSpec {
  return FIELDS.find((spec) => spec.field === field) ?? FIELDS[0]!;
}

/** The builder's state as a rule tree; throws an Error naming the rule when a value cannot be read. */
export function toRuleTree(node: Node, path = 'rule 1'): unknown {
  if (node.type === 'group') {
    const tree = { [node.join]: node.children.map((child, index) => toRuleTree(child, `${path}.${index + 1}`)) };
    return node.negate ? { not: tree } : tree;
  }
  const spec = fieldSpec(node.field);
  const field = spec.parameter ? `${spec.field}${node.parameter.trim()}` : spec.field;
  if (spec.parameter && !node.parameter.trim()) throw new Error(`${path}: give the ${spec.parameter.toLowerCase()} after “${spec.field}”.`);
  const kind = spec.ops[node.op] ?? 'none';
  if (kind === 'none') return { field, op: node.op };
  return { field, op: node.op, value: readValue(kind, node.value, path) };
}

function readValue(kind: ValueKind, text: string, path: string): unknown {
  const list = () => text.split(',').map((part) => part.trim()).filter(Boolean);
  const number = (part: string) => {
    const value = Number(part);
    if (part === '' || !Number.isFinite(value)) throw new Error(`${path}: “${part}” is not a number.`);
    return value;
  };
  switch (kind) {
    case 'number':
      return number(text.trim());
    case 'numbers':
      return list().map(number);
    case 'strings':
      return list();
    case 'scalars':
      return list().map(scalar);
    case 'scalar':
      return scalar(text.trim());
    case 'date':
      if (Number.isNaN(Date.parse(text))) throw new Error(`${path}: “${text}” is not a date (YYYY-MM-DD).`);
      return new Date(text).toISOString();
    default:
      return text.trim();
  }
}

/** 5 and true are JSON numbers and booleans, as attributes compare with their JSON type; anything else is a string. */
function scalar(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  const value = Number(text);
  return text !== '' && Number.isFinite(value) ? value : text;
}

/** What to type, shown as the value field's hint. */
export function valueHint(kind: ValueKind): string {
  return {
    none: '',
    string: 'text',
    strings: 'a, b, c',
    number: 'a number',
    numbers: '1, 2, 3',
    date: 'YYYY-MM-DD',
    duration: 'P60D, PT12H',
    scalar: 'text, number or true/false',
    scalars: 'a, 2, true',
  }[kind];
}
