import { ValidationError } from '@rapport/sdk';
import { describe, expect, it } from 'vitest';
import { describeRuleFields, RULE_FIELDS, RULE_TREE_LIMITS, validateRuleTree } from '../../src/segments/index.js';

/** The error a tree raises: its code, field and message. */
function rejection(tree: unknown, path?: string): { code: string; field?: string; message: string } {
  try {
    validateRuleTree(tree, path);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const { code, field, message } = error as ValidationError;
    return { code, field, message };
  }
  throw new Error(`expected ${JSON.stringify(tree)} to be rejected`);
}

const leaf = (field: string, op: string, value?: unknown): unknown => ({ field, op, value });

describe('validateRuleTree', () => {
  it('names the JSON path and the operators a field allows', () => {
    const error = rejection({ all: [leaf('displayName', 'exists'), leaf('score.csat', 'between', [1, 2])] });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('where.all[1].op');
    expect(error.message).toBe('where.all[1].op: "between" is not an operator of score.csat; use one of eq, ne, lt, lte, gt, gte, in, notIn, exists, notExists.');
  });

  it.each([
    ['an unknown field', { any: [leaf('scor.csat', 'lt', 1)] }, 'where.any[0].field', /"scor\.csat" is not a field; use one of displayName, email, phone, createdAt, attributes\.<path>, score\.<rule>/],
    ['a field without its key', leaf('score', 'lt', 1), 'where.field', /score\.<rule> needs its rule after the dot, e\.g\. "score\.csat"/],
    ['a rule id outside the charset', leaf('score.CSAT; drop', 'lt', 1), 'where.field', /is not a rule id: use lower-case letters/],
    ['an attribute path with a bad segment', leaf('attributes.a..b', 'exists'), 'where.field', /"" is not an attribute name/],
    ['an attribute path with a quote', leaf('attributes.a"b', 'exists'), 'where.field', /is not an attribute name/],
    ['too deep an attribute path', leaf(`attributes.${Array(9).fill('a').join('.')}`, 'exists'), 'where.field', /at most 8 segments/],
    ['an operator of another kind', leaf('createdAt', 'contains', 'x'), 'where.op', /use one of lt, lte, gt, gte, olderThan, newerThan/],
    ['a number where a string goes', leaf('email', 'eq', 3), 'where.value', /email eq takes a string; got 3/],
    ['a string where a number goes', leaf('score.csat', 'lt', '40'), 'where.value', /score\.csat lt takes a finite number; got "40"/],
    ['an object where a scalar goes', leaf('attributes.plan', 'eq', { a: 1 }), 'where.value', /takes a string, a number or a boolean; got an object/],
    ['an empty list', leaf('segment.rfm', 'in', []), 'where.value', /takes a non-empty array of strings/],
    ['a bad list item', { not: leaf('score.csat', 'in', [1, 'x']) }, 'where.not.value[1]', /takes a finite number in its list; got "x"/],
    ['a value for exists', leaf('email', 'exists', 'x'), 'where.value', /takes no value/],
    ['a date without a time zone', leaf('createdAt', 'lt', '2026-01-01T10:00'), 'where.value', /ISO-8601 date-time with its time zone/],
    ['a duration in months', leaf('interactions.lastAt', 'olderThan', 'P2M'), 'where.value', /not months or years/],
    ['a phone not in international format', leaf('phone', 'eq', '06 12 34 56 78'), 'where.value', /international format/],
    ['an empty contains', leaf('displayName', 'contains', ''), 'where.value', /use "exists"/],
    ['a node of nothing known', { every: [] }, 'where', /got the keys "every"/],
    ['an extra key', { all: [], field: 'email' }, 'where.field', /unexpected key next to "all"/],
    ['all of something else than an array', { all: {} }, 'where.all', /"all" takes an array of rules; got an object/],
    ['a rule that is not an object', { any: [42] }, 'where.any[0]', /expected a rule/],
  ])('rejects %s', (_, tree, field, message) => {
    const error = rejection(tree);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('uses the path it is given', () => {
    expect(rejection(leaf('nope', 'eq', 1), 'input.rules').field).toBe('input.rules.field');
  });

  it('bounds the depth, the number of nodes, lists and strings', () => {
    let deep: unknown = leaf('email', 'exists');
    for (let i = 0; i < RULE_TREE_LIMITS.maxDepth; i++) deep = { not: deep };
    expect(rejection(deep).message).toMatch(/nest at most 8 deep/);
    const wide = { any: Array.from({ length: RULE_TREE_LIMITS.maxNodes }, () => ({ all: [] })) };
    expect(rejection(wide).message).toMatch(/at most 100 nodes/);
    expect(rejection(leaf('segment.rfm', 'in', Array(RULE_TREE_LIMITS.maxListItems + 1).fill('a'))).message).toMatch(/at most 200 values/);
    expect(rejection(leaf('displayName', 'eq', 'x'.repeat(RULE_TREE_LIMITS.maxStringLength + 1))).message).toMatch(/at most 256 characters/);
  });

  it('accepts every field and operator of the table, and normalizes values', () => {
    const tree = validateRuleTree({
      all: [leaf('email', 'eq', ' A@Acme.COM '), leaf('phone', 'in', ['+33 6 12-34.56 78']), leaf('interactions.lastAt', 'olderThan', 'P60D'), leaf('createdAt', 'gte', '2026-01-31')],
    });
    expect(tree.kind).toBe('all');
    const values = (tree as unknown as { children: { value: unknown }[] }).children.map((child) => child.value);
    expect(values).toEqual(['a@acme.com', ['+33612345678'], { agoMs: 60 * 86_400_000 }, { at: new Date('2026-01-31T00:00:00Z') }]);
  });
});

describe('the field table', () => {
  it('describes every field and operator for the docs', () => {
    const table = describeRuleFields();
    for (const field of RULE_FIELDS) expect(table).toContain(`| \`${field.key ? `${field.name}.${field.key.placeholder}` : field.name}\` |`);
    expect(table).toContain('| | `olderThan` | duration |');
  });
});
