import { WEEKDAYS, type BusinessHours } from './KpiOptions.js';

const DAY_MS = 86_400_000;

/** One stretch of business time in UTC ms, [startMs, endMs), with the business time before it. */
export interface BusinessInterval {
  startMs: number;
  endMs: number;
  /** The business time of every earlier interval of the same calendar, in ms. */
  businessBeforeMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter that gives the local date and time of an instant in `zone`. */
function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether `zone` is a time zone this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date and time of an instant in `zone`, as UTC fields (year, month 1-12, …). */
export function localPartsOf(zone: string, utcMs: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(zone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** How far `zone`'s local time is ahead of UTC at an instant, in ms. */
export function offsetMs(zone: string, utcMs: number): number {
  const local = localPartsOf(zone, utcMs);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The instant of a local wall-clock time in `zone`. A time that does not exist (in the hour
 * skipped when clocks go forward) comes out an hour later, as the clocks would show it.
 */
export function localToUtc(zone: string, localMidnightAsUtc: number, minute: number): number {
  const wall = localMidnightAsUtc + minute * 60_000;
  let utc = wall - offsetMs(zone, wall);
  const corrected = wall - offsetMs(zone, utc);
  if (corrected !== utc) utc = corrected;
  return utc;
}

/** `YYYY-MM-DD` of a date given as its midnight in UTC ms. */
export function isoDate(midnightAsUtc: number): string {
  return new Date(midnightAsUtc).toISOString().slice(0, 10);
}

/**
 * The business intervals of the local days from the one containing `fromMs` to the one
 * containing `toMs` (both instants), in order, each with the business time before it. Holidays
 * and days without open spans have none.
 */
export function businessIntervals(hours: BusinessHours, fromMs: number, toMs: number): BusinessInterval[] {
  const first = localPartsOf(hours.timezone, fromMs);
  const last = localPartsOf(hours.timezone, toMs);
  const lastMidnight = Date.UTC(last.year, last.month - 1, last.day);
  const intervals: BusinessInterval[] = [];
  let before = 0;
  for (let midnight = Date.UTC(first.year, first.month - 1, first.day); midnight <= lastMidnight; midnight += DAY_MS) {
    if (hours.holidays.has(isoDate(midnight))) continue;
    // getUTCDay: 0 is Sunday; WEEKDAYS starts on Monday.
    const weekday = WEEKDAYS[(new Date(midnight).getUTCDay() + 6) % 7]!;
    for (const span of hours.weekly[weekday]) {
      const startMs = localToUtc(hours.timezone, midnight, span.startMinute);
      const endMs = localToUtc(hours.timezone, midnight, span.endMinute);
      if (endMs <= startMs) continue;
      intervals.push({ startMs, endMs, businessBeforeMs: before });
      before += endMs - startMs;
    }
  }
  return intervals;
}

/**
 * The business time between two instants, computed in Node from the intervals: what the SQL of
 * the KPIs computes in the database, for tests and for single values.
 */
export function businessTimeBetween(intervals: readonly BusinessInterval[], fromMs: number, toMs: number): number {
  let total = 0;
  for (const interval of intervals) {
    const start = Math.max(interval.startMs, fromMs);
    const end = Math.min(interval.endMs, toMs);
    if (end > start) total += end - start;
  }
  return total;
}

/** An hour of the calendar (`hour` counts hours since the epoch, UTC) and its open pieces, in ms from its start. */
export interface CalendarHour {
  hour: number;
  /** The business time of every earlier hour of the calendar, in ms. */
  businessBeforeMs: number;
  /** At most two [from, to) pieces, in order: a span's end and the next one's start. */
  pieces: [number, number][];
}

const HOUR_MS = 3_600_000;

/**
 * The calendar as one row per UTC hour from the hour of `fromMs` to that of `toMs`, which is
 * what the KPI query joins on (by hour number: a hash or key lookup, no range search). Touching
 * intervals are joined first; an hour can then hold at most two open pieces, since every span
 * lasts at least an hour (the config requires it).
 *
 * @throws Error if an hour holds more than two pieces (spans shortened by a change of clocks).
 */
export function calendarHours(intervals: readonly BusinessInterval[], fromMs: number, toMs: number): CalendarHour[] {
  const merged: { startMs: number; endMs: number }[] = [];
  for (const { startMs, endMs } of intervals) {
    const last = merged.at(-1);
    if (last && startMs <= last.endMs) last.endMs = Math.max(last.endMs, endMs);
    else merged.push({ startMs, endMs });
  }
  const hours: CalendarHour[] = [];
  let before = 0;
  let next = 0;
  for (let hour = Math.floor(fromMs / HOUR_MS); hour <= Math.floor(toMs / HOUR_MS); hour++) {
    const start = hour * HOUR_MS;
    while (next < merged.length && merged[next]!.endMs <= start) next++;
    const pieces: [number, number][] = [];
    for (let i = next; i < merged.length && merged[i]!.startMs < start + HOUR_MS; i++) {
      pieces.push([Math.max(merged[i]!.startMs, start) - start, Math.min(merged[i]!.endMs, start + HOUR_MS) - start]);
    }
    if (pieces.length > 2) throw new Error(`The business hours open ${pieces.length} times in the hour from ${new Date(start).toISOString()}; make every span at least an hour long.`);
    hours.push({ hour, businessBeforeMs: before, pieces });
    for (const [from, to] of pieces) before += to - from;
  }
  return hours;
}
