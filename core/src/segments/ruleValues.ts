import { CONTRIBUTION_ID_PATTERN, parseDuration, ValidationError } from '@rapport/sdk';
import { describe, fail } from './ruleErrors.js';
import { RULE_TREE_LIMITS, type OperandKind, type RuleField, type RuleOp } from './ruleFields.js';

/** A value an attribute can be compared with. */
export type Scalar = string | number | boolean;

/**
 * A leaf's value once checked: a scalar, a list of them, a point in time (`at`) or a duration back
 * from the compiler's `now` (`agoMs`), or nothing (`exists`, `notExists`).
 */
export type LeafValue = undefined | Scalar | readonly Scalar[] | { readonly at: Date } | { readonly agoMs: number };

const ID = new RegExp(CONTRIBUTION_ID_PATTERN);
/** The longest rule or model id: the width of `scores.rule` and `segment_memberships.model`. */
const MAX_ID_LENGTH = 64;
const PATH_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MAX_PATH_SEGMENTS = 8;
const MAX_SEGMENT_LENGTH = 64;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
/** A century back is far enough for "older than"; more is a typo, and would leave the range of dates. */
const MAX_DURATION_MS = 100 * 366 * 86_400_000;
const PHONE_SEPARATORS = /[\s().-]/g;

/**
 * Checks what follows the field's dot: a rule or model id (`score.csat`), or an attribute path of
 * identifier segments (`attributes.company.size`). Returns the path's segments for attributes.
 * Keys reach SQL only as bound parameters; the charset keeps them readable in messages and paths.
 */
export function checkFieldKey(field: RuleField, key: string, path: string): readonly string[] | undefined {
  const example = field.key!.kind === 'id' ? `${field.name}.csat` : `${field.name}.company.size`;
  if (!key) fail(path, `${field.name}.${field.key!.placeholder} needs its ${field.key!.placeholder.slice(1, -1)} after the dot, e.g. "${example}".`);
  if (field.key!.kind === 'id') {
    if (!ID.test(key) || key.length > MAX_ID_LENGTH) {
      fail(path, `"${key.slice(0, 80)}" is not a ${field.key!.placeholder.slice(1, -1)} id: use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most ${MAX_ID_LENGTH} characters.`);
    }
    return undefined;
  }
  const segments = key.split('.');
  if (segments.length > MAX_PATH_SEGMENTS) fail(path, `an attribute path has at most ${MAX_PATH_SEGMENTS} segments; got ${segments.length}.`);
  const bad = segments.find((segment) => !PATH_SEGMENT.test(segment) || segment.length > MAX_SEGMENT_LENGTH);
  if (bad !== undefined) {
    fail(path, `"${bad.slice(0, 80)}" is not an attribute name: each segment of a path such as "attributes.company.size" is letters, digits, "_" and "-", starting with a letter or "_", at most ${MAX_SEGMENT_LENGTH} characters.`);
  }
  return segments;
}

interface ValueContext {
  path: string;
  field: RuleField;
  written: string;
  op: RuleOp;
}

/** Checks and normalizes a leaf's `value` against what its operator takes. */
export function checkLeafValue(operand: OperandKind, value: unknown, context: ValueContext): LeafValue {
  const takes = (what: string): never => fail(context.path, `${context.written} ${context.op} takes ${what}; got ${describe(value)}.`);
  switch (operand) {
    case 'none':
      if (value !== undefined && value !== null) takes('no value (leave "value" out)');
      return undefined;
    case 'string':
    case 'number':
    case 'scalar':
      return checkScalar(operand, value, context.path, context, takes);
    case 'strings':
    case 'numbers':
    case 'scalars': {
      const item = operand === 'strings' ? 'string' : operand === 'numbers' ? 'number' : 'scalar';
      if (!Array.isArray(value) || value.length === 0) takes(`a non-empty array of ${item === 'scalar' ? 'strings, numbers or booleans' : `${item}s`}`);
      const list = value as unknown[];
      if (list.length > RULE_TREE_LIMITS.maxListItems) fail(context.path, `a list has at most ${RULE_TREE_LIMITS.maxListItems} values; got ${list.length}.`);
      return list.map((entry, index) => {
        const entryTakes = (what: string): never => fail(`${context.path}[${index}]`, `${context.written} ${context.op} takes ${what} in its list; got ${describe(entry)}.`);
        return checkScalar(item, entry, `${context.path}[${index}]`, context, entryTakes);
      });
    }
    case 'date': {
      if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
        takes('an ISO-8601 date-time with its time zone, such as "2026-01-31T09:00:00Z", or a date, "2026-01-31" (midnight UTC)');
      }
      return { at: new Date(value as string) };
    }
    case 'duration': {
      if (typeof value !== 'string') takes('an ISO-8601 duration such as "P60D" or "PT12H"');
      let agoMs: number;
      try {
        agoMs = parseDuration(value as string, context.path);
      } catch (error) {
        if (error instanceof ValidationError) takes('an ISO-8601 duration such as "P60D", "P2W" or "PT12H" (weeks, days, hours, minutes, seconds; not months or years)');
        throw error;
      }
      if (agoMs > MAX_DURATION_MS) fail(context.path, `a duration is at most a century ("P36600D"); got ${describe(value)}.`);
      return { agoMs };
    }
  }
}

function checkScalar(kind: 'string' | 'number' | 'scalar', value: unknown, path: string, context: ValueContext, takes: (what: string) => never): Scalar {
  if (kind === 'number' || (kind === 'scalar' && typeof value === 'number')) {
    if (typeof value !== 'number' || !Number.isFinite(value)) takes('a finite number');
    return value as number;
  }
  if (kind === 'scalar' && typeof value === 'boolean') return value;
  if (typeof value !== 'string') takes(kind === 'scalar' ? 'a string, a number or a boolean' : 'a string');
  const text = value as string;
  if (text.length > RULE_TREE_LIMITS.maxStringLength) fail(path, `a string value has at most ${RULE_TREE_LIMITS.maxStringLength} characters; got ${text.length}.`);
  if (context.op === 'contains' && text.length === 0) fail(path, `${context.written} contains needs some text to look for; to match any value, use "exists".`);
  return normalizeText(text, path, context);
}

/** Emails are stored lower-cased and phones in E.164: values are brought to the same form. */
function normalizeText(text: string, path: string, context: ValueContext): string {
  if (context.field.source === 'emails') return text.trim().toLowerCase();
  if (context.field.source !== 'phones') return text;
  const digits = text.replace(PHONE_SEPARATORS, '');
  const whole = context.op !== 'contains';
  if (!(whole ? /^\+\d{4,15}$/ : /^\+?\d{1,15}$/).test(digits)) {
    fail(path, whole
      ? `"${text.slice(0, 40)}" is not a phone number in international format; phones are stored in E.164, e.g. "+33612345678".`
      : `"${text.slice(0, 40)}" is not part of a phone number: use digits, optionally starting with "+", e.g. "+33".`);
  }
  return digits;
}
