/**
 * PostgreSQL's text form of a `timestamptz` (DateStyle ISO), read without V8's date parser:
 * `2026-01-01 10:00:00+00`, `2026-01-01 10:00:00.123456+05:30`, `1880-01-01 00:00:00+05:21:10`.
 * V8 does not take this form as ISO-8601 (a space, an offset without minutes) and hands it to its
 * legacy parser, which also read it wrong at the edges: years before Christ, years 1 to 99 (as
 * 1950 to 2049), and offsets with seconds (a zone's local mean time before it took a standard
 * offset). On a page of a hundred customers' interactions that parser was 2% of the CPU
 * (docs/benchmarks.md).
 *
 * Returns the epoch milliseconds (fractions beyond the millisecond are dropped, as `Date` does),
 * or undefined for any other form (`infinity`), which the caller leaves to `new Date`. Past
 * `Date`'s range (275760) the result is outside it too, and `new Date` of it is an invalid date, as
 * the old parse's was.
 */
export function timestampTextMillis(value: string): number | undefined {
  // PostgreSQL writes the years before year 1 as `0044-03-15 … BC`: 44 BC is year -43.
  const beforeChrist = value.endsWith(' BC');
  const text = beforeChrist ? value.slice(0, -3) : value;
  // The year has four digits or more (PostgreSQL goes up to 294276); then -MM-DD HH:MM:SS.
  let y = 0;
  while (isDigit(text.charCodeAt(y))) y++;
  if (y < 4 || text.length < y + 18) return undefined;
  if (text.charCodeAt(y) !== DASH || text.charCodeAt(y + 3) !== DASH || text.charCodeAt(y + 6) !== SPACE) return undefined;
  if (text.charCodeAt(y + 9) !== COLON || text.charCodeAt(y + 12) !== COLON) return undefined;
  const writtenYear = digits(text, 0, y);
  const year = beforeChrist ? 1 - writtenYear : writtenYear;
  const month = digits(text, y + 1, 2);
  const day = digits(text, y + 4, 2);
  const hour = digits(text, y + 7, 2);
  const minute = digits(text, y + 10, 2);
  const second = digits(text, y + 13, 2);
  if (writtenYear < 1 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let at = y + 15;
  let millis = 0;
  if (text.charCodeAt(at) === DOT) {
    at++;
    const start = at;
    while (at < text.length && isDigit(text.charCodeAt(at))) at++;
    if (at === start) return undefined;
    // The first three digits are the milliseconds: ".5" is 500, ".123456" is 123.
    for (let i = 0; i < 3; i++) millis = millis * 10 + (start + i < at ? text.charCodeAt(start + i) - ZERO : 0);
  }
  const offset = offsetSeconds(text, at);
  if (offset === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second - offset) * 1000 + millis;
}

const ZERO = 48;
const DASH = 45;
const PLUS = 43;
const SPACE = 32;
const COLON = 58;
const DOT = 46;

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`): plain
 * arithmetic, where `Date.UTC` cost as much as the parse around it.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

/** The number written by `length` digits at `start`, or -1 when any is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - ZERO;
  }
  return value;
}

/**
 * `+HH`, `-HH`, `+HH:MM` or `+HH:MM:SS` (a historical local mean time) at `at` and nothing after,
 * in seconds east of UTC.
 */
function offsetSeconds(text: string, at: number): number | undefined {
  const sign = text.charCodeAt(at);
  if (sign !== PLUS && sign !== DASH) return undefined;
  const rest = text.length - at - 1;
  if (rest !== 2 && rest !== 5 && rest !== 8) return undefined;
  const hours = digits(text, at + 1, 2);
  const minutes = rest === 2 ? 0 : text.charCodeAt(at + 3) === COLON ? digits(text, at + 4, 2) : -1;
  const seconds = rest !== 8 ? 0 : text.charCodeAt(at + 6) === COLON ? digits(text, at + 7, 2) : -1;
  if (hours < 0 || minutes < 0 || seconds < 0) return undefined;
  const total = (hours * 60 + minutes) * 60 + seconds;
  return sign === PLUS ? total : -total;
}
