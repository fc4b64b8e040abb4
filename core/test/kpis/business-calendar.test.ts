import { describe, expect, it } from 'vitest';
import { businessIntervals, businessTimeBetween, localToUtc } from '../../src/kpis/businessCalendar.js';
import { dayKey, localDates, weekKey } from '../../src/kpis/kpiFigures.js';
import type { BusinessHours, OpenSpan } from '../../src/kpis/KpiOptions.js';

const HOUR = 3_600_000;
const nineToFive: OpenSpan[] = [{ startMinute: 9 * 60, endMinute: 17 * 60 }];
const weekdays = (spans: OpenSpan[]) => ({ mon: spans, tue: spans, wed: spans, thu: spans, fri: spans, sat: [], sun: [] });
const iso = (ms: number) => new Date(ms).toISOString();

describe('business calendar', () => {
  it('follows the time zone across a change to daylight saving time', () => {
    const berlin: BusinessHours = { timezone: 'Europe/Berlin', weekly: weekdays(nineToFive), holidays: new Set() };
    // Clocks in Berlin go forward on Sunday 29 March 2026: 09:00 is 08:00Z before, 07:00Z after.
    const intervals = businessIntervals(berlin, Date.parse('2026-03-26T12:00:00Z'), Date.parse('2026-03-31T12:00:00Z'));
    expect(intervals.map((interval) => [iso(interval.startMs), iso(interval.endMs)])).toEqual([
      ['2026-03-26T08:00:00.000Z', '2026-03-26T16:00:00.000Z'],
      ['2026-03-27T08:00:00.000Z', '2026-03-27T16:00:00.000Z'],
      ['2026-03-30T07:00:00.000Z', '2026-03-30T15:00:00.000Z'],
      ['2026-03-31T07:00:00.000Z', '2026-03-31T15:00:00.000Z'],
    ]);
    expect(intervals.map((interval) => interval.businessBeforeMs)).toEqual([0, 8 * HOUR, 16 * HOUR, 24 * HOUR]);
    // Friday 16:00 local to Monday 10:00 local: one hour on Friday, one on Monday.
    expect(businessTimeBetween(intervals, Date.parse('2026-03-27T15:00:00Z'), Date.parse('2026-03-30T08:00:00Z'))).toBe(2 * HOUR);
  });

  it('leaves out holidays and closed days, and keeps split days and half-hour offsets', () => {
    const lunch: OpenSpan[] = [
      { startMinute: 9 * 60, endMinute: 12 * 60 + 30 },
      { startMinute: 13 * 60 + 30, endMinute: 18 * 60 },
    ];
    // India is 5:30 ahead of UTC all year.
    const kolkata: BusinessHours = { timezone: 'Asia/Kolkata', weekly: { ...weekdays(lunch), sat: [{ startMinute: 10 * 60, endMinute: 14 * 60 }] }, holidays: new Set(['2026-01-26']) };
    const intervals = businessIntervals(kolkata, Date.parse('2026-01-24T00:00:00Z'), Date.parse('2026-01-27T18:00:00Z')); // 23:30 in Kolkata
    expect(intervals.map((interval) => [iso(interval.startMs), iso(interval.endMs)])).toEqual([
      // Saturday 24 January.
      ['2026-01-24T04:30:00.000Z', '2026-01-24T08:30:00.000Z'],
      // Sunday is closed, Monday 26 January (Republic Day) is a holiday.
      ['2026-01-27T03:30:00.000Z', '2026-01-27T07:00:00.000Z'],
      ['2026-01-27T08:00:00.000Z', '2026-01-27T12:30:00.000Z'],
    ]);
  });

  it('turns local wall-clock times into instants, and quarter hours into local days and ISO weeks', () => {
    const midnight = Date.UTC(2026, 9, 25); // 25 October 2026, when Berlin's clocks go back at 03:00.
    expect(iso(localToUtc('Europe/Berlin', midnight, 60))).toBe('2026-10-24T23:00:00.000Z');
    expect(iso(localToUtc('Europe/Berlin', midnight, 4 * 60))).toBe('2026-10-25T03:00:00.000Z');
    const berlin = localDates('Europe/Berlin');
    const utc = localDates('UTC');
    // 23:30Z on 31 December is already 1 January in Berlin.
    expect(dayKey(berlin(Date.parse('2026-12-31T23:30:00Z')))).toBe('2027-01-01');
    expect(dayKey(utc(Date.parse('2026-12-31T23:30:00Z')))).toBe('2026-12-31');
    // On the night the clocks go back, 00:30Z is 02:30 summer time and 01:30Z is 02:30 winter time: the same local day.
    expect(dayKey(berlin(Date.parse('2026-10-24T21:59:00Z')))).toBe('2026-10-24');
    expect(dayKey(berlin(Date.parse('2026-10-24T22:00:00Z')))).toBe('2026-10-25');
    expect(dayKey(berlin(Date.parse('2026-10-25T22:59:00Z')))).toBe('2026-10-25');
    expect(dayKey(berlin(Date.parse('2026-10-25T23:00:00Z')))).toBe('2026-10-26');
    expect(dayKey(localDates('Asia/Kolkata')(Date.parse('2026-06-01T18:29:00Z')))).toBe('2026-06-01');
    expect(dayKey(localDates('Asia/Kolkata')(Date.parse('2026-06-01T18:30:00Z')))).toBe('2026-06-02');
    // 1 January 2027 is a Friday: it belongs to the last ISO week of 2026 (week 53).
    expect(weekKey(utc(Date.parse('2027-01-01T12:00:00Z')))).toBe('2026-W53');
    expect(weekKey(utc(Date.parse('2026-11-30T12:00:00Z')))).toBe('2026-W49');
    expect(weekKey(utc(Date.parse('2026-01-01T12:00:00Z')))).toBe('2026-W01');
    expect(weekKey(utc(Date.parse('2027-01-04T00:00:00Z')))).toBe('2027-W01');
  });
});
