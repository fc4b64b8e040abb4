import { pino } from 'pino';
import type { DeliveredEvent } from '@rapport/sdk';
import { FakeClock } from '@rapport/sdk/testing';
import { ConversationKpis } from '../../src/domain/ConversationKpis.js';
import { ConversationRouter } from '../../src/domain/ConversationRouter.js';
import { ConversationService } from '../../src/domain/ConversationService.js';
import { CustomerMerger } from '../../src/domain/CustomerMerger.js';
import { DatabaseCustomerService } from '../../src/domain/DatabaseCustomerService.js';
import { DatabaseInteractionService } from '../../src/domain/DatabaseInteractionService.js';
import { EventBus } from '../../src/events/EventBus.js';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { createTestDatabase, type TestDatabaseKind } from './testDatabases.js';

/** The domain services on a fresh, migrated test database, with a fake clock and an event log. */
export interface DomainHarness {
  database: Database;
  clock: FakeClock;
  events: DeliveredEvent[];
  customers: DatabaseCustomerService;
  interactions: DatabaseInteractionService;
  conversations: ConversationService;
  kpis: ConversationKpis;
  merger: CustomerMerger;
  /** Row counts per table, for "nothing lost, nothing duplicated" assertions. */
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

export const DAY = 86_400_000;

export async function createDomainHarness(kind: TestDatabaseKind, options: { conversationWindowMs?: number } = {}): Promise<DomainHarness> {
  const testDatabase = createTestDatabase(kind);
  const database = await testDatabase.open();
  await new MigrationRunner(database).run(CORE_OWNER, CORE_MIGRATIONS);
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');
  const bus = new EventBus(pino({ level: 'silent' }), clock, 5_000);
  const events: DeliveredEvent[] = [];
  for (const type of ['customer.created', 'customer.updated', 'customer.merged', 'interaction.recorded', 'conversation.opened', 'conversation.resolved']) {
    bus.subscribe(type, (event) => void events.push(event));
  }
  const customers = new DatabaseCustomerService(database, bus, clock);
  const router = new ConversationRouter(options.conversationWindowMs ?? 3 * DAY);
  return {
    database,
    clock,
    events,
    customers,
    interactions: new DatabaseInteractionService(database, customers, router, bus, clock),
    conversations: new ConversationService(database, bus, clock),
    kpis: new ConversationKpis(database),
    merger: new CustomerMerger(database, customers, bus, clock),
    async count(table, where, params = []) {
      const rows: { n: unknown }[] = await database.orm.em
        .getConnection()
        .execute(`select count(*) as n from ${table}${where ? ` where ${where}` : ''}`, params);
      return Number(rows[0]!.n);
    },
    async close() {
      await database.close();
      await testDatabase.destroy();
    },
  };
}
