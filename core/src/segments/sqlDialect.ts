import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type RawBuilder,
} from 'kysely';
import type { Dialect } from '../persistence/SqlMigration.js';

/** A SQL fragment whose values are all bound parameters (kysely's `sql` template). */
export type Sql = RawBuilder<unknown>;

/** A statement or predicate ready for SqlSession: `?` placeholders and their values, in order. */
export interface CompiledSql {
  sql: string;
  params: unknown[];
}

/**
 * PostgreSQL's compiler with the core's portable `?` placeholders: SqlSession numbers them for
 * PostgreSQL itself (PostgresRunner.positional), and predicates compiled here are spliced into
 * larger statements whose other parts use `?` too.
 */
class PortablePostgresQueryCompiler extends PostgresQueryCompiler {
  protected override getCurrentParameterPlaceholder(): string {
    return '?';
  }
}

/** Kysely instances that only compile: their driver never connects. */
const COMPILERS: Record<Dialect, Kysely<unknown>> = {
  sqlite: new Kysely<unknown>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgresql: new Kysely<unknown>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PortablePostgresQueryCompiler(),
    },
  }),
};

/** A fragment as SQL text with `?` placeholders and its parameters. */
export function compileSql(fragment: Sql, dialect: Dialect): CompiledSql {
  const compiled = fragment.compile(COMPILERS[dialect]);
  return { sql: compiled.sql, params: [...compiled.parameters] };
}

/**
 * Bound parameters typed for one dialect. PostgreSQL prepares statements and infers a
 * parameter's type from where it stands, which fails or misleads next to `lower()`, a `count(*)`
 * or a jsonb operator, so each value says its type there; SQLite takes values as they are, with
 * dates as the epoch milliseconds it stores.
 */
export class SqlValues {
  constructor(readonly dialect: Dialect) {}

  get postgres(): boolean {
    return this.dialect === 'postgresql';
  }

  text(value: string): Sql {
    return this.postgres ? sql`cast(${sql.val(value)} as text)` : sql`${sql.val(value)}`;
  }

  number(value: number): Sql {
    return this.postgres ? sql`cast(${sql.val(value)} as double precision)` : sql`${sql.val(value)}`;
  }

  /** A whole number, compared with an integer column as an integer (so the column's index serves it). */
  integer(value: number): Sql {
    return this.postgres ? sql`cast(${sql.val(value)} as integer)` : sql`${sql.val(value)}`;
  }

  time(value: Date): Sql {
    return this.postgres ? sql`cast(${sql.val(value.toISOString())} as timestamptz)` : sql`${sql.val(value.getTime())}`;
  }

  /** A JSON value (PostgreSQL only: SQLite compares the values json_extract returns). */
  jsonb(value: unknown): Sql {
    return sql`cast(${sql.val(JSON.stringify(value))} as jsonb)`;
  }

  /** A path for `#>` (PostgreSQL only). */
  textArray(values: readonly string[]): Sql {
    return sql`cast(${sql.val(values)} as text[])`;
  }

  /** A string or number in its own type. */
  scalar(value: string | number): Sql {
    return typeof value === 'number' ? this.number(value) : this.text(value);
  }

  /** `(a, b, c)` for `in`. */
  list(values: readonly (string | number)[]): Sql {
    return sql`(${sql.join(values.map((value) => this.scalar(value)))})`;
  }

  /** `c.id` is one of `ids`: one parameter whatever their number (SQLite takes at most 32,766). */
  customerAmong(ids: readonly string[]): Sql {
    return this.postgres ? sql`c.id = any(${sql.val(ids)})` : sql`c.id in (select value from json_each(${sql.val(JSON.stringify(ids))}))`;
  }

  /** Whether `haystack` contains `needle`, ignoring case (ASCII letters on SQLite; its lower() folds no more). */
  containsText(haystack: Sql, needle: string): Sql {
    return this.postgres ? sql`strpos(lower(${haystack}), lower(${this.text(needle)})) > 0` : sql`instr(lower(${haystack}), lower(${this.text(needle)})) > 0`;
  }
}

/** `true` when `parts` is empty (`all` of nothing), else the parts joined with `and`. */
export function and(parts: readonly Sql[]): Sql {
  return parts.length === 0 ? sql`true` : sql`(${sql.join(parts, sql` and `)})`;
}

/** `false` when `parts` is empty (`any` of nothing), else the parts joined with `or`. */
export function or(parts: readonly Sql[]): Sql {
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

/** `not (part)`. */
export function not(part: Sql): Sql {
  return sql`not (${part})`;
}

/** The SQL comparison of an operator (from the field table's comparison ops). */
export const COMPARATORS = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
export type ComparisonOp = keyof typeof COMPARATORS;

/** `left <op> right`; the operator comes from {@link COMPARATORS}, never from input. */
export function compare(left: Sql, op: ComparisonOp, right: Sql): Sql {
  return sql`${left} ${sql.raw(COMPARATORS[op])} ${right}`;
}
