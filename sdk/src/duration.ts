import { ValidationError } from './errors.js';

/**
 * A duration in milliseconds (`number`) or as an ISO-8601 duration string such as `PT2S`,
 * `PT15M`, `P3D` or `P1W`. Years and months are not accepted, because their length depends on
 * the calendar.
 */
export type Duration = number | string;

const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000] as const;

/**
 * Converts a {@link Duration} to milliseconds.
 *
 * @param duration - milliseconds, or an ISO-8601 duration (weeks, days, hours, minutes, seconds).
 * @param field - the name of the setting or argument, used in the error message.
 * @throws ValidationError when the value is negative, not finite, or not an ISO-8601 duration.
 *
 * @example
 * ```ts
 * parseDuration('P3D');   // 259200000
 * parseDuration('PT1.5S'); // 1500
 * parseDuration(250);     // 250
 * ```
 */
export function parseDuration(duration: Duration, field = 'duration'): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) {
      throw new ValidationError(`${field} must be a non-negative number of milliseconds, got ${duration}.`, field);
    }
    return duration;
  }
  const match = typeof duration === 'string' ? ISO_DURATION.exec(duration.trim().toUpperCase()) : null;
  if (!match || duration.trim().toUpperCase() === 'P' || duration.trim().toUpperCase().endsWith('T')) {
    throw new ValidationError(
      `${field} must be milliseconds or an ISO-8601 duration such as "PT30S" or "P3D", got ${JSON.stringify(duration)}.`,
      field,
    );
  }
  return match.slice(1).reduce((total, part, index) => total + (part ? Number(part) * UNIT_MS[index]! : 0), 0);
}
