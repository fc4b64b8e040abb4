import type { ConsoleClient } from '../client.js';

const DAY = 86_400_000;
/** The server's default maxAliases is 15 (docs/configuration.md): batches of aliased fields stay under it. */
const ALIASES_PER_REQUEST = 12;

/** The instant (ms) a `serviceKpis` DAY key (YYYY-MM-DD) or WEEK key (YYYY-Www, ISO) starts, in UTC. */
export function keyStart(key: string): number {
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  if (week) {
    const jan4 = Date.UTC(Number(week[1]), 0, 4);
    const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
    return monday + (Number(week[2]) - 1) * 7 * DAY;
  }
  return Date.parse(`${key}T00:00:00Z`);
}

/** The Mondays (UTC) of the weeks that overlap [from, to), as [start, end) ranges. */
export function weeks(from: number, to: number): { start: number; end: number }[] {
  const date = new Date(from);
  let start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - ((date.getUTCDay() + 6) % 7) * DAY;
  const out: { start: number; end: number }[] = [];
  for (; start < to; start += 7 * DAY) out.push({ start, end: start + 7 * DAY });
  return out;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Runs one field per entry under aliases `f0`, `f1`, … in as few requests as the alias limit
 * allows, and answers the values in order. A field whose plugin is off fails its whole request:
 * the caller shows that error in the chart's place.
 */
export async function aliased<T>(client: ConsoleClient, fields: string[]): Promise<T[]> {
  const requests: Promise<T[]>[] = [];
  for (let first = 0; first < fields.length; first += ALIASES_PER_REQUEST) {
    const slice = fields.slice(first, first + ALIASES_PER_REQUEST);
    const query = `query ConsoleAliased { ${slice.map((field, index) => `f${index}: ${field}`).join(' ')} }`;
    requests.push(client.raw(query).then((data) => slice.map((_, index) => (data as Record<string, T>)[`f${index}`]!)));
  }
  return (await Promise.all(requests)).flat();
}

export interface SurveyPoint {
  label: string;
  x: number;
  value: number | null;
  responses: number;
}

/** CSAT (`satisfaction`) or NPS (`netPromoterScore`) per week: the plugins' queries take a range, not a grouping. */
export async function surveyByWeek(client: ConsoleClient, kind: 'csat' | 'nps', from: number, to: number): Promise<SurveyPoint[]> {
  const ranges = weeks(from, to);
  const field = kind === 'csat' ? 'satisfaction' : 'netPromoterScore';
  const answers = await aliased<{ csat?: number | null; nps?: number | null; responses: number } | null>(
    client,
    ranges.map((range) => `${field}(from: "${new Date(range.start).toISOString()}", to: "${new Date(range.end).toISOString()}") { ${kind} responses }`),
  );
  return ranges.map((range, index) => ({
    label: `week of ${isoDate(range.start)}`,
    x: range.start / 1000,
    value: answers[index]?.[kind] ?? null,
    responses: answers[index]?.responses ?? 0,
  }));
}

export interface Bucket {
  label: string;
  /** The bucket's lower bound, the axis' tick. */
  low: number;
  count: number;
}

/**
 * How many customers have a score of `rule` in each bucket. No query gives distributions; each
 * bucket is one `segmentPreview` of "score at least low and below high", so the database counts
 * and no customer is fetched.
 */
export async function scoreDistribution(client: ConsoleClient, rule: string, min: number, max: number, buckets: number): Promise<Bucket[]> {
  const width = (max - min) / buckets;
  const ranges = Array.from({ length: buckets }, (_, index) => ({ low: min + index * width, high: min + (index + 1) * width, last: index === buckets - 1 }));
  const field = JSON.stringify(`score.${rule}`);
  const counts = await aliased<{ count: number }>(
    client,
    ranges.map(
      (range) =>
        `segmentPreview(rules: { all: [{ field: ${field}, op: "gte", value: ${range.low} }, { field: ${field}, op: "${range.last ? 'lte' : 'lt'}", value: ${range.high} }] }) { count }`,
    ),
  );
  return ranges.map((range, index) => ({ label: `${range.low} to ${range.last ? '' : 'under '}${range.high}`, low: range.low, count: counts[index]!.count }));
}

export const hours = (ms: number | null | undefined): number | null => (ms == null ? null : Math.round(ms / 36_000) / 100);
export const percent = (rate: number | null | undefined): number | null => (rate == null ? null : Math.round(rate * 1000) / 10);
