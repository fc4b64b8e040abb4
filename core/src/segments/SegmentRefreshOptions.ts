import { serviceToken } from '@rapport/sdk';

/** When defined segments and rule models are refreshed (`segments` in the config). */
export interface SegmentRefreshOptions {
  /** Every defined segment, and every rule model without its own `refreshEvery`, this often: what time alone changes ("nothing in 60 days"). */
  everyMs: number;
  /** After an event that can change membership, this long, so a burst of events costs one refresh. */
  coalesceMs: number;
  /**
   * Up to this many customers named by the events of one coalesced refresh, it looks at those
   * customers only; beyond, at every customer. Looking a customer up costs about ten times what
   * reading one in a scan does (SQLite at 100,000 customers: 9,528 of them in 20 ms, all of them
   * in 17 ms; docs/benchmarks.md), so a list pays off while it is a small share of the base: a
   * thousand is five seconds of email at 200 a second, and a hundredth of a base of 100,000.
   */
  scopedUpTo: number;
  /**
   * A model with ranks places the customers events named in the buckets of its last refresh of
   * everyone (rankTables.ts) once that ranked at least this many customers, and they are at most
   * a twentieth of them; otherwise it ranks everyone again. Below, a ranking is cheap, and its
   * buckets too few or too narrow to place anyone in: the first buyer alone is one bucket.
   */
  placeRanksFrom: number;
}

export const DEFAULT_SEGMENT_REFRESH_OPTIONS: SegmentRefreshOptions = { everyMs: 15 * 60_000, coalesceMs: 5_000, scopedUpTo: 1_000, placeRanksFrom: 10_000 };

/** The container token of the deployment's {@link SegmentRefreshOptions}. */
export const SegmentRefreshOptions = serviceToken<SegmentRefreshOptions>('rapport.core.SegmentRefreshOptions');
