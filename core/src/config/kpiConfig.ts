import type { ValidationProblem } from '@rapport/sdk';
import { isKnownTimeZone } from '../kpis/businessCalendar.js';
import { WEEKDAYS, type BusinessHours, type KpiOptions, type OpenSpan, type Weekday } from '../kpis/KpiOptions.js';
import { DURATION_FIELDS, readDuration } from './configDurations.js';

/** `businessHours` and `sla` as the file holds them, already of the schema's shapes. */
export interface KpiSections {
  businessHours?: { timezone: string; weekly: Partial<Record<Weekday, string[]>>; holidays?: string[] };
  sla?: { firstResponse?: string | number; resolution?: string | number };
}

const SPAN = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/**
 * The KPI options of the file: business hours checked beyond their schema (a time zone this
 * runtime knows, spans that are times of day in order and do not overlap, holidays that are real
 * dates) and SLA targets read as durations. Every problem names the field.
 */
export function readKpiOptions(sections: KpiSections, file: string, problems: ValidationProblem[]): KpiOptions {
  const businessHours = sections.businessHours ? readBusinessHours(sections.businessHours, file, problems) : null;
  let sla: KpiOptions['sla'] = null;
  if (sections.sla) {
    const firstResponseMs = sections.sla.firstResponse === undefined ? undefined : readDuration(sections.sla.firstResponse, DURATION_FIELDS.slaFirstResponse, file, problems);
    const resolutionMs = sections.sla.resolution === undefined ? undefined : readDuration(sections.sla.resolution, DURATION_FIELDS.slaResolution, file, problems);
    sla = { ...(firstResponseMs !== undefined && { firstResponseMs }), ...(resolutionMs !== undefined && { resolutionMs }) };
  }
  return { businessHours, sla };
}

function readBusinessHours(section: NonNullable<KpiSections['businessHours']>, file: string, problems: ValidationProblem[]): BusinessHours | null {
  const before = problems.length;
  if (!isKnownTimeZone(section.timezone)) {
    problems.push({ file, field: 'businessHours.timezone', message: `must be an IANA time zone such as "Europe/Berlin" or "America/New_York", got ${JSON.stringify(section.timezone)}` });
  }
  const weekly = {} as Record<Weekday, OpenSpan[]>;
  for (const day of WEEKDAYS) weekly[day] = readSpans(section.weekly[day] ?? [], `businessHours.weekly.${day}`, file, problems);
  if (WEEKDAYS.every((day) => weekly[day].length === 0)) {
    problems.push({ file, field: 'businessHours.weekly', message: 'must open on at least one day, e.g. { "mon": ["09:00-17:00"] }' });
  }
  const holidays = new Set<string>();
  (section.holidays ?? []).forEach((date, index) => {
    if (isRealDate(date)) holidays.add(date);
    else problems.push({ file, field: `businessHours.holidays[${index}]`, message: `must be a date YYYY-MM-DD that exists, got ${JSON.stringify(date)}` });
  });
  return problems.length > before ? null : { timezone: section.timezone, weekly, holidays };
}

/** "09:00-12:30" spans as minutes, sorted; each must end after it starts and not overlap the others. */
function readSpans(spans: readonly string[], field: string, file: string, problems: ValidationProblem[]): OpenSpan[] {
  const read: OpenSpan[] = [];
  spans.forEach((text, index) => {
    const match = SPAN.exec(text);
    const [startMinute, endMinute] = match ? [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])] : [NaN, NaN];
    const valid = match && Number(match[2]) < 60 && Number(match[4]) < 60 && startMinute < 1440 && endMinute <= 1440 && startMinute < endMinute;
    if (!valid) {
      problems.push({ file, field: `${field}[${index}]`, message: `must be a span of local time "HH:MM-HH:MM" that ends after it starts (at most "24:00"), such as "09:00-17:00", got ${JSON.stringify(text)}` });
      return;
    }
    // The KPI calendar holds at most two open pieces per hour (kpis/businessCalendar.ts calendarHours).
    if (endMinute - startMinute < 60) {
      problems.push({ file, field: `${field}[${index}]`, message: `must last at least an hour, got ${JSON.stringify(text)}; join it to the span next to it` });
      return;
    }
    read.push({ startMinute, endMinute });
  });
  read.sort((a, b) => a.startMinute - b.startMinute);
  for (let i = 1; i < read.length; i++) {
    if (read[i]!.startMinute < read[i - 1]!.endMinute) {
      problems.push({ file, field, message: `has spans that overlap (${spans.join(', ')}); list each stretch of open hours once` });
      break;
    }
  }
  return read;
}

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}
