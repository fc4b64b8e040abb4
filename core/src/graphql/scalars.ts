import { GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { InputCoercionError } from './errors.js';
import { graphql } from './yogaGraphQL.js';

/**
 * What a DateTime input may be: an RFC 3339 date-time with its time zone (`T`, `t` or a space
 * between date and time; seconds and fractions optional; `Z` or an offset, `+01:00` or `+0100`),
 * or a date alone, which means its midnight UTC (docs/graphql.md, "Ids, pages and dates"). A
 * date-time without a zone is refused: it would mean the server's local time, which a client
 * cannot know. Every part must exist on the calendar and the clock: no 30 February, no hour 24.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:([Tt ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|([+-])(\d{2}):?(\d{2}))?)?$/;

/** The accepted forms, in every refusal. */
const DATE_TIME_FORMAT =
  'DateTime must be an ISO-8601 date-time with a time zone (RFC 3339), e.g. "2026-03-02T09:00:00Z" or "2026-03-02T10:00:00+01:00"; a date alone ("2026-03-02") means its midnight UTC';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The instant a DateTime input means, or why it means none (a sentence for the client). */
function readDateTime(value: unknown): Date | string {
  if (typeof value !== 'string') return `got ${describe(value)}, not a string.`;
  const text = value.trim();
  const parts = DATE_TIME.exec(text);
  if (!parts) return `got ${JSON.stringify(value)}.`;
  const [, y, mo, d, separator, h, mi, s = '00', fraction = '', zone, sign, oh = '00', om = '00'] = parts;
  if (separator && !zone) return `got ${JSON.stringify(value)}, which has no time zone: add "Z" for UTC or an offset such as "+01:00".`;
  const [year, month, day, hour, minute, second] = [y, mo, d, h ?? '00', mi ?? '00', s].map(Number) as [number, number, number, number, number, number];
  const impossible =
    month < 1 || month > 12
      ? `there is no month ${mo}`
      : day < 1 || day > daysIn(year, month)
        ? `${MONTHS[month - 1]} ${year} has ${daysIn(year, month)} days, so there is no day ${d}`
        : hour > 23
          ? `hours run from 00 to 23, so there is no hour ${h} (write the next day's 00:00)`
          : minute > 59
            ? `minutes run from 00 to 59, so there is no minute ${mi}`
            : second > 59
              ? `seconds run from 00 to 59, so there is no second ${s} (leap seconds are not accepted)`
              : Number(oh) > 23 || Number(om) > 59
                ? `the offset ${zone} is not a time zone offset (hours 00 to 23, minutes 00 to 59)`
                : undefined;
  if (impossible) return `got ${JSON.stringify(value)}, which is not a real date-time: ${impossible}.`;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number(fraction.slice(0, 3).padEnd(3, '0')));
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? (Array.isArray(value) ? 'a list' : 'an object') : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * A variable's value. Refused with yoga's GraphQLError (yogaGraphQL.ts), which graphql-js passes
 * on as it is, prefixed with the variable and the path in it (`Variable "$input" got invalid value
 * … at "input.occurredAt"; …`).
 */
function parseDateTimeValue(value: unknown): Date {
  const date = readDateTime(value);
  if (typeof date === 'string') throw new graphql.GraphQLError(`${DATE_TIME_FORMAT}; ${date}`, { extensions: { code: 'BAD_USER_INPUT' } });
  return date;
}

/** A literal in the document. Refused with an InputCoercionError, so the error locates the literal (errors.ts). */
function parseDateTimeLiteral(ast: ValueNode): Date {
  const date = ast.kind === Kind.STRING ? readDateTime(ast.value) : `got ${print(ast)}, not a string.`;
  if (typeof date === 'string') throw new InputCoercionError(`${DATE_TIME_FORMAT}; ${date}`);
  return date;
}

/** ISO-8601 strings in and out; resolvers see Date objects. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time, e.g. 2026-03-02T09:00:00.000Z.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${JSON.stringify(value)}.`);
    return date.toISOString();
  },
  parseValue: parseDateTimeValue,
  parseLiteral: parseDateTimeLiteral,
});

/** Any JSON value (attributes, metadata, workflow input), passed through as it is. */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalValue(ast, variables ?? undefined),
});

function literalValue(ast: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((value) => literalValue(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalValue(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}
