import { sql } from 'kysely';
import type { ValidLeaf } from './ruleTree.js';
import type { Scalar } from './ruleValues.js';
import { and, compare, not, or, type ComparisonOp, type Sql, type SqlValues } from './sqlDialect.js';

/*
 * `attributes.<path>` leaves. Values compare with their JSON type (5 is not "5"), and a missing
 * path or a JSON null is "no value". Every form below is true or false, never NULL, so `not`
 * stays two-valued. The path reaches SQL only as a bound parameter.
 */

/** The SQL of an `attributes.<path>` leaf. */
export function attributeLeaf(leaf: ValidLeaf, values: SqlValues): Sql {
  const access = values.postgres ? new PostgresAttribute(leaf.path!, values) : new SqliteAttribute(leaf.path!, values);
  const value = leaf.value;
  switch (leaf.op) {
    case 'exists':
      return access.present();
    case 'notExists':
      return not(access.present());
    case 'eq':
      return access.equals([value as Scalar]);
    case 'in':
      return access.equals(value as Scalar[]);
    case 'ne':
      return and([access.present(), not(access.equals([value as Scalar]))]);
    case 'notIn':
      return and([access.present(), not(access.equals(value as Scalar[]))]);
    case 'contains':
      return access.contains(value as Scalar);
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return access.compareNumber(leaf.op, value as number);
    default:
      throw new Error(`attributes: no SQL for "${leaf.op}"; the field table and attributeLeaf disagree.`);
  }
}

interface AttributeAccess {
  /** The path holds a value other than JSON null. */
  present(): Sql;
  /** The value there is one of `candidates`, with the same JSON type. */
  equals(candidates: readonly Scalar[]): Sql;
  /** An array there holds `needle`, or a string there contains it (case-insensitive). */
  contains(needle: Scalar): Sql;
  /** The value there is a number, and compares so with `bound`. */
  compareNumber(op: ComparisonOp, bound: number): Sql;
}

class PostgresAttribute implements AttributeAccess {
  private readonly at: Sql;

  constructor(
    private readonly path: readonly string[],
    private readonly values: SqlValues,
  ) {
    this.at = sql`(c.attributes #> ${values.textArray(path)})`;
  }

  present(): Sql {
    return sql`coalesce(jsonb_typeof(${this.at}), 'null') <> 'null'`;
  }

  equals(candidates: readonly Scalar[]): Sql {
    // Containment of { path: value } is exact for a scalar there (a nested array does not contain
    // a primitive), and a GIN index on attributes serves it.
    if (candidates.length === 1) return sql`c.attributes @> ${this.values.jsonb(this.nest(candidates[0]!))}`;
    return sql`coalesce(${this.at} in (${sql.join(candidates.map((candidate) => this.values.jsonb(candidate)))}), false)`;
  }

  contains(needle: Scalar): Sql {
    const inArray = sql`when 'array' then ${this.at} @> ${this.values.jsonb([needle])}`;
    if (typeof needle !== 'string') return sql`case jsonb_typeof(${this.at}) ${inArray} else false end`;
    return sql`case jsonb_typeof(${this.at}) ${inArray} when 'string' then ${this.values.containsText(sql`(${this.at} #>> '{}')`, needle)} else false end`;
  }

  compareNumber(op: ComparisonOp, bound: number): Sql {
    return sql`case when jsonb_typeof(${this.at}) = 'number' then ${compare(sql`cast(${this.at} as double precision)`, op, this.values.number(bound))} else false end`;
  }

  private nest(value: Scalar): unknown {
    return this.path.reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), value);
  }
}

class SqliteAttribute implements AttributeAccess {
  private readonly jsonPath: string;
  private readonly type: Sql;
  private readonly value: Sql;

  constructor(
    path: readonly string[],
    private readonly values: SqlValues,
  ) {
    // Quoted segments: the charset validation allows "-", which an unquoted JSON path label would not.
    this.jsonPath = `$${path.map((segment) => `."${segment}"`).join('')}`;
    this.type = sql`coalesce(json_type(c.attributes, ${sql.val(this.jsonPath)}), 'null')`;
    this.value = sql`json_extract(c.attributes, ${sql.val(this.jsonPath)})`;
  }

  present(): Sql {
    return sql`${this.type} <> 'null'`;
  }

  equals(candidates: readonly Scalar[]): Sql {
    return sqliteScalarIn(this.type, this.value, candidates, this.values);
  }

  contains(needle: Scalar): Sql {
    const inArray = sql`when 'array' then exists (select 1 from json_each(c.attributes, ${sql.val(this.jsonPath)}) e where ${sqliteScalarIn(sql`e.type`, sql`e.value`, [needle], this.values)})`;
    if (typeof needle !== 'string') return sql`case ${this.type} ${inArray} else false end`;
    return sql`case ${this.type} ${inArray} when 'text' then ${this.values.containsText(this.value, needle)} else false end`;
  }

  compareNumber(op: ComparisonOp, bound: number): Sql {
    return sql`case when ${this.type} in ('integer', 'real') then ${compare(this.value, op, this.values.number(bound))} else false end`;
  }
}

/**
 * Whether a value SQLite's JSON functions describe by `type` (json_type's names) and `value` is
 * one of `candidates`, JSON type included: grouped by type, so a long `in` list stays one
 * comparison per type.
 */
function sqliteScalarIn(type: Sql, value: Sql, candidates: readonly Scalar[], values: SqlValues): Sql {
  const strings = candidates.filter((candidate): candidate is string => typeof candidate === 'string');
  const numbers = candidates.filter((candidate): candidate is number => typeof candidate === 'number');
  const booleans = [...new Set(candidates.filter((candidate): candidate is boolean => typeof candidate === 'boolean'))];
  const parts: Sql[] = [];
  // The value test first: it rules out most customers, and SQLite skips the type test then.
  if (strings.length > 0) parts.push(sql`(${value} in ${values.list(strings)} and ${type} = 'text')`);
  if (numbers.length > 0) parts.push(sql`(${value} in ${values.list(numbers)} and ${type} in ('integer', 'real'))`);
  // json_type names booleans 'true' and 'false': literals chosen here, not values from input.
  for (const flag of booleans) parts.push(flag ? sql`${type} = 'true'` : sql`${type} = 'false'`);
  return or(parts);
}
