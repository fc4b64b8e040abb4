/**
 * A model with ranks at scale: `@rapport/plugin-segmentation-rfm`'s model (recency, frequency and
 * monetary quintiles of a year's purchases in EUR, 11 exclusive segments), refreshed through the
 * core's own RuleModelRefresh in a kernel of the bench process, on the data of bench/segments.ts:
 * a refresh of every customer, then refreshes of every customer (the schedule's, every 15
 * minutes) and of the customers events named (the one after events, every few seconds while they
 * come), alternated.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { resolveService } from '../../core/src/container/bindService.js';
import { createKernel } from '../../core/src/kernel/createKernel.js';
import type { Database } from '../../core/src/persistence/openDatabase.js';
import type { RefreshResult } from '../../core/src/segments/membershipRefresh.js';
import { RuleModelRefresh } from '../../core/src/segments/RuleModelRefresh.js';
import { timedCall } from './segmentQueries.js';
import { alternated } from './statistics.js';

const RFM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../plugins/segmentation-rfm');
/** How long a refresh waits for the lease of another one (the registration's) before the bench fails. */
const LEASE_WAIT_MS = 30 * 60_000;
const RFM_SETTINGS = { '@rapport/plugin-segmentation-rfm': { window: 'P365D', currency: 'EUR' } };

/** What {@link measureRankedRefresh} found. */
export interface RankedRefreshRuns {
  customers: number;
  /** The bench's first refresh of everyone (the server's, at the model's registration, may have filled the model already). */
  first: RefreshResult & { ms: number };
  /** A refresh of the named customers right after it, on unchanged data: what it moved (nothing, if placing them agrees with the ranking). */
  scopedAfter: RefreshResult & { ms: number };
  wholeMs: number[];
  scopedMs: number[];
}

/** Refreshes the rfm model whole, then for `customers`, then both alternately `rounds` times. */
export async function measureRankedRefresh(database: Database, customers: readonly string[], rounds: number): Promise<RankedRefreshRuns> {
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database, events: { awaitDelivery: false } });
  await kernel.host.load({ entries: [RFM_DIR], baseDir: process.cwd(), configFile: 'bench', settings: RFM_SETTINGS });
  await kernel.host.start();
  const refresher = resolveService(kernel.container, RuleModelRefresh);
  // The model's registration refreshes it at once, here and in the server: a refresh that finds
  // the lease held waits for it, untimed.
  const refresh = async (scope?: readonly string[]) => {
    for (const giveUpAt = Date.now() + LEASE_WAIT_MS; ; ) {
      const { ms, value } = await timedCall(() => refresher.refresh('rfm', undefined, scope));
      if (value) return { ...value, ms: Math.round(ms * 10) / 10 };
      if (Date.now() > giveUpAt) throw new Error(`The refresh of model rfm was skipped for ${LEASE_WAIT_MS / 60_000} minutes: it is not registered, or another refresh kept its lease.`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  try {
    const first = await refresh();
    const scopedAfter = await refresh(customers);
    const [wholeMs, scopedMs] = await alternated(rounds, async () => (await refresh()).ms, async () => (await refresh(customers)).ms);
    return { customers: customers.length, first, scopedAfter, wholeMs, scopedMs };
  } finally {
    await kernel.dispatcher.dispatch();
    await kernel.workflows.stop();
    await kernel.dispatcher.stop();
    await kernel.host.stop();
  }
}
