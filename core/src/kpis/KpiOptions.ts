import { serviceToken } from '@rapport/sdk';

/** The days of a week as the config names them, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One span of open hours in a day, in minutes after local midnight: [start, end). */
export interface OpenSpan {
  startMinute: number;
  /** At most 1,440 (`"24:00"`, the next midnight). */
  endMinute: number;
}

/**
 * When the team works (`businessHours` in the config): a weekly calendar in a time zone, less
 * holidays. First response and resolution times are also measured in this time, and SLA targets
 * count only it.
 */
export interface BusinessHours {
  /** An IANA time zone, such as `Europe/Berlin`: the open hours are its local times, daylight saving included. */
  timezone: string;
  /** The open spans of each weekday, sorted and not overlapping; a day without spans is closed. */
  weekly: Readonly<Record<Weekday, readonly OpenSpan[]>>;
  /** Local dates (`YYYY-MM-DD`) on which the team does not work. */
  holidays: ReadonlySet<string>;
}

/** Service-level targets (`sla` in the config), in ms: of business time with business hours, else of time. */
export interface SlaTargets {
  firstResponseMs?: number;
  resolutionMs?: number;
}

/** How the service KPIs are measured: business hours and SLA targets, each optional. */
export interface KpiOptions {
  businessHours: BusinessHours | null;
  sla: SlaTargets | null;
}

export const DEFAULT_KPI_OPTIONS: KpiOptions = { businessHours: null, sla: null };

/** The container token of the deployment's {@link KpiOptions}. */
export const KpiOptions = serviceToken<KpiOptions>('rapport.core.KpiOptions');
