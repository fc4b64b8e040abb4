/**
 * The refresh the schedule runs after events (SegmentRefreshSchedule): of the customers the
 * events named only, against a refresh of every customer, both through the core's own
 * SegmentRefresh in a kernel of the bench process, on the same data (bench/segments.ts). The
 * server's schedule would run it after interactions recorded through the API; the bench writes
 * them set-based (no events), so it names their customers itself.
 */
import { pino } from 'pino';
import { resolveService } from '../../core/src/container/bindService.js';
import { createKernel } from '../../core/src/kernel/createKernel.js';
import type { Database } from '../../core/src/persistence/openDatabase.js';
import type { RefreshResult } from '../../core/src/segments/membershipRefresh.js';
import { SegmentRefresh } from '../../core/src/segments/SegmentRefresh.js';
import { timedCall } from './segmentQueries.js';
import { alternated } from './statistics.js';

/** What {@link measureScopedRefresh} found. */
export interface ScopedRefreshRuns {
  customers: number;
  /** The first refresh of those customers after their interactions: what it moved. */
  first: RefreshResult & { ms: number };
  /** A refresh of everyone right after it: nothing left to move if the scope held every change. */
  wholeAfter: RefreshResult & { ms: number };
  /** Then `rounds` of each, alternated, on unchanged data: what looking costs. */
  scopedMs: number[];
  wholeMs: number[];
}

/** Refreshes segment `id` for `customers`, then for everyone, then both alternately. */
export async function measureScopedRefresh(database: Database, id: string, customers: readonly string[], rounds: number): Promise<ScopedRefreshRuns> {
  // awaitDelivery false: the refresh answers once committed, as in `rapport start`; the events it
  // stages are delivered by whichever dispatcher claims them first, this one or the server's.
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database, events: { awaitDelivery: false } });
  await kernel.host.load({ entries: [], baseDir: process.cwd(), configFile: 'bench', settings: {} });
  const refresher = resolveService(kernel.container, SegmentRefresh);
  const refresh = async (scope?: readonly string[]) => {
    const { ms, value } = await timedCall(() => refresher.refresh(id, scope));
    if (!value) throw new Error(`The refresh of segment ${id} was skipped: another refresh held its lease.`);
    return { ...value, ms: Math.round(ms * 10) / 10 };
  };
  try {
    const first = await refresh(customers);
    const wholeAfter = await refresh();
    const [scopedMs, wholeMs] = await alternated(rounds, async () => (await refresh(customers)).ms, async () => (await refresh()).ms);
    return { customers: customers.length, first, wholeAfter, scopedMs, wholeMs };
  } finally {
    await kernel.dispatcher.dispatch();
    await kernel.workflows.stop();
    await kernel.dispatcher.stop();
  }
}
