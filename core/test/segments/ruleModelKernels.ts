import { afterEach } from 'vitest';
import { pino } from 'pino';
import type { DeliveredEvent } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import type { SegmentRefreshOptions } from '../../src/segments/SegmentRefreshOptions.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../support/testDatabases.js';

/** A kernel with plugins loaded by path and started, on a test database. */
export interface RuleModelKernel {
  kernel: Kernel;
  testDatabase: TestDatabase;
  clock: FakeClock;
  /** The segment.entered and segment.left events delivered, in order, as [type, customerId, segment]. */
  moves(model: string): [string, string, string][];
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** Delivers due events and waits for the refreshes asked for (the coalesced one at once). */
  settle(): Promise<void>;
}

export interface RuleModelKernelOptions {
  plugins: string[];
  settings?: Record<string, unknown>;
  clock?: FakeClock;
  /** Another kernel's database: two instances of one deployment. */
  shareWith?: RuleModelKernel;
  /** Start the refresh schedule (timers and event subscriptions). */
  schedule?: boolean;
  /** The schedule's options beside the defaults (createKernel's `segments`). */
  segments?: Partial<SegmentRefreshOptions>;
}

/** Returns a starter of kernels on fresh `kind` databases, each stopped (and its database dropped) after the test. */
export function useRuleModelKernels(kind: TestDatabaseKind): (options: RuleModelKernelOptions) => Promise<RuleModelKernel> {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return async (options) => {
    const testDatabase = options.shareWith?.testDatabase ?? createTestDatabase(kind);
    const database = await testDatabase.open();
    const clock = options.clock ?? new FakeClock('2026-03-02T09:00:00.000Z');
    const kernel = createKernel({ logger: pino({ level: 'silent' }), database, clock, ...(options.segments && { segments: options.segments }) });
    closers.push(async () => {
      await kernel.segmentSchedule.stop();
      await kernel.dispatcher.stop();
      await kernel.host.stop();
      await database.close();
      if (!options.shareWith) await testDatabase.destroy();
    });
    await kernel.host.load({ entries: options.plugins, baseDir: process.cwd(), configFile: 'rapport.config.json', settings: options.settings ?? {} });
    await migrateAll(database, kernel.host.loadedManifests());
    const delivered: DeliveredEvent[] = [];
    for (const type of ['segment.entered', 'segment.left'] as const) kernel.events.subscribe(type, (event) => void delivered.push(event));
    await kernel.host.start();
    if (options.schedule) kernel.segmentSchedule.start();
    const settle = async () => {
      await kernel.dispatcher.dispatch();
      await kernel.segmentSchedule.flush();
      await kernel.dispatcher.dispatch();
    };
    await settle();
    return {
      kernel,
      testDatabase,
      clock,
      settle,
      moves: (model) =>
        delivered
          .filter((event) => (event as { model?: string }).model === model)
          .map((event) => [event.eventType === 'segment.entered' ? 'entered' : 'left', (event as { customerId: string }).customerId, (event as { segment: string }).segment]),
      sql: async <T>(query: string, params: unknown[] = []) => (await database.orm.em.getConnection().execute(query, params)) as T[],
    };
  };
}
