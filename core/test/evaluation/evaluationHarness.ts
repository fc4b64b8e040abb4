import { afterEach } from 'vitest';
import { pino } from 'pino';
import type { DeliveredEvent, PluginStatus } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import { createKernel, type Kernel } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import type { PluginHostOptions } from '../../src/contributions/PluginHostOptions.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../support/testDatabases.js';

export const RULES = '@fixtures/eval-rules';
export const DAY = 86_400_000;

/** One call of evaluate/classify in the eval-rules fixture. */
export interface EvaluationCall {
  id: 'eval-purchases' | 'eval-tier' | 'eval-age' | 'eval-tenure';
  customerId: string;
  /** The trigger event's type; null for a sweep. */
  trigger: string | null;
  eventId: string | null;
  now: Date;
  segmentsBefore?: string[];
  ageScore?: { value: number; label?: string; explanation: string } | null;
}

/** A kernel with the eval-rules fixture, as `createKernelHarness` builds one, plus plugin host options. */
export interface EvaluationKernel {
  kernel: Kernel;
  testDatabase: TestDatabase;
  clock: FakeClock;
  /** The score.changed, segment.entered and segment.left events the core delivered, in order. */
  events: DeliveredEvent[];
  /** What the fixture's evaluate/classify saw in this kernel since it activated at startup (none if it did not). */
  calls(id?: EvaluationCall['id']): EvaluationCall[];
  status(): PluginStatus;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
}

export interface EvaluationKernelOptions {
  settings?: Record<string, unknown>;
  clock?: FakeClock;
  /** Another kernel's database: two instances of one deployment. */
  shareWith?: EvaluationKernel;
  pluginHost?: Partial<PluginHostOptions>;
}

/**
 * Returns a starter of kernels with the eval-rules fixture on a fresh `kind` database, each one
 * stopped (and its database dropped) after the test.
 */
export function useEvaluationKernels(kind: TestDatabaseKind): (options?: EvaluationKernelOptions) => Promise<EvaluationKernel> {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return async (options = {}) => {
    const testDatabase = options.shareWith?.testDatabase ?? createTestDatabase(kind);
    const database = await testDatabase.open();
    const clock = options.clock ?? new FakeClock('2026-03-02T09:00:00.000Z');
    const kernel = createKernel({ logger: pino({ level: 'silent' }), database, clock, pluginHost: options.pluginHost });
    closers.push(async () => {
      await kernel.sweeps.stop();
      await kernel.workflows.stop();
      await kernel.dispatcher.stop();
      await kernel.host.stop();
      await database.close();
      if (!options.shareWith) await testDatabase.destroy();
    });
    await kernel.host.load({
      entries: ['./eval-rules-js'],
      baseDir: FIXTURES,
      configFile: 'rapport.config.json',
      settings: { [RULES]: options.settings ?? {} },
    });
    await migrateAll(database, kernel.host.loadedManifests());
    await kernel.host.start();
    const events: DeliveredEvent[] = [];
    // Kept from the activation at startup, so the calls stay readable after a deactivation.
    const calls = kernel.host.status(RULES).state === 'ACTIVE' ? (kernel.host.getExports(RULES) as { calls: EvaluationCall[] }).calls : [];
    for (const type of ['score.changed', 'segment.entered', 'segment.left'] as const) kernel.events.subscribe(type, (event) => void events.push(event));
    return {
      kernel,
      testDatabase,
      clock,
      events,
      calls: (id) => (id ? calls.filter((call) => call.id === id) : [...calls]),
      status: () => kernel.host.status(RULES),
      sql: async <T>(query: string, params: unknown[] = []) => (await database.orm.em.getConnection().execute(query, params)) as T[],
    };
  };
}

/** An event without its id and time, for comparisons. */
export function payloadOf(event: DeliveredEvent): Record<string, unknown> {
  const { id: _id, occurredAt: _at, ...payload } = event as DeliveredEvent & Record<string, unknown>;
  return payload;
}
