import { pino } from 'pino';
import type { DeliveredEvent } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import type { KpiOptions } from '../../src/kpis/KpiOptions.js';
import type { ServiceKpis } from '../../src/kpis/ServiceKpis.js';
import type { ConversationService } from '../../src/domain/ConversationService.js';
import type { CustomerMerger } from '../../src/domain/CustomerMerger.js';
import type { CustomerService } from '../../src/domain/CustomerService.js';
import type { InteractionService } from '../../src/domain/InteractionService.js';
import { createKernel } from '../../src/kernel/createKernel.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { createTestDatabase, type TestDatabaseKind } from './testDatabases.js';

/** The domain services on a fresh, migrated test database, with a fake clock and an event log. */
export interface DomainHarness {
  database: Database;
  clock: FakeClock;
  events: DeliveredEvent[];
  customers: CustomerService;
  interactions: InteractionService;
  conversations: ConversationService;
  kpis: ServiceKpis;
  merger: CustomerMerger;
  /** Row counts per table, for "nothing lost, nothing duplicated" assertions. */
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

export const DAY = 86_400_000;

export async function createDomainHarness(kind: TestDatabaseKind, options: { conversationWindowMs?: number; kpis?: Partial<KpiOptions> } = {}): Promise<DomainHarness> {
  const testDatabase = createTestDatabase(kind);
  const database = await testDatabase.open();
  await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  // The whole core, without plugins: events go through the real outbox and are delivered before a write returns.
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database, clock, conversationWindowMs: options.conversationWindowMs ?? 3 * DAY, ...(options.kpis && { kpis: options.kpis }) });
  const events: DeliveredEvent[] = [];
  for (const type of ['customer.created', 'customer.updated', 'customer.merged', 'interaction.recorded', 'conversation.opened', 'conversation.resolved']) {
    kernel.events.subscribe(type, (event) => void events.push(event));
  }
  return {
    database,
    clock,
    events,
    customers: kernel.customers,
    interactions: kernel.interactions,
    conversations: kernel.conversations,
    kpis: kernel.kpis,
    merger: kernel.merger,
    async count(table, where, params = []) {
      const rows: { n: unknown }[] = await database.orm.em
        .getConnection()
        .execute(`select count(*) as n from ${table}${where ? ` where ${where}` : ''}`, params);
      return Number(rows[0]!.n);
    },
    async close() {
      await kernel.dispatcher.stop();
      await database.close();
      await testDatabase.destroy();
    },
  };
}
