import { afterEach, describe, expect, it } from 'vitest';
import { CORE_OWNER, MigrationRunner } from '../../src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../src/persistence/migrations/index.js';
import type { Database } from '../../src/persistence/openDatabase.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';

describe.each(TEST_DATABASES)('migrations on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await testDatabase.destroy();
  });

  it('applies the core schema once, and tracks it per owner', async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    const runner = new MigrationRunner(database);
    expect(await runner.run(CORE_OWNER, CORE_MIGRATIONS)).toEqual(['0001_core_schema', '0002_customer_list_order', '0003_event_outbox', '0004_workflows', '0005_evaluation_sweeps', '0006_audit_log', '0007_access', '0008_credential_changes', '0009_growth_indexes', '0010_deliveries', '0011_bots_and_inbox', '0012_segment_indexes', '0013_segment_definitions', '0014_customer_activity', '0015_rule_models', '0016_business_calendar', '0017_webhooks', '0018_user_deactivation', '0019_webhook_endpoint_changes', '0020_rule_model_rank_bounds', '0021_event_sets', '0022_inbox_order', '0023_customer_search']);
    expect(await runner.run(CORE_OWNER, CORE_MIGRATIONS)).toEqual([]);
    expect(await runner.applied(CORE_OWNER)).toEqual(['0001_core_schema', '0002_customer_list_order', '0003_event_outbox', '0004_workflows', '0005_evaluation_sweeps', '0006_audit_log', '0007_access', '0008_credential_changes', '0009_growth_indexes', '0010_deliveries', '0011_bots_and_inbox', '0012_segment_indexes', '0013_segment_definitions', '0014_customer_activity', '0015_rule_models', '0016_business_calendar', '0017_webhooks', '0018_user_deactivation', '0019_webhook_endpoint_changes', '0020_rule_model_rank_bounds', '0021_event_sets', '0022_inbox_order', '0023_customer_search']);
    expect(await runner.applied('@acme/plugin')).toEqual([]);
  });

  it('applies a plugin\'s migrations in name order, separately from the core', async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    const runner = new MigrationRunner(database);
    await runner.run(CORE_OWNER, CORE_MIGRATIONS);
    const plugin = [
      { name: '0002_add_tier', sqlite: ['alter table acme_loyalty add column tier text null'], postgresql: ['alter table acme_loyalty add column tier text null'] },
      { name: '0001_create', sqlite: ['create table acme_loyalty (customer_id text primary key)'], postgresql: ['create table acme_loyalty (customer_id varchar(36) primary key)'] },
    ];
    expect(await runner.run('@acme/loyalty', plugin)).toEqual(['0001_create', '0002_add_tier']);
    expect(await runner.applied('@acme/loyalty')).toEqual(['0001_create', '0002_add_tier']);
    expect(await runner.applied(CORE_OWNER)).toEqual(['0001_core_schema', '0002_customer_list_order', '0003_event_outbox', '0004_workflows', '0005_evaluation_sweeps', '0006_audit_log', '0007_access', '0008_credential_changes', '0009_growth_indexes', '0010_deliveries', '0011_bots_and_inbox', '0012_segment_indexes', '0013_segment_definitions', '0014_customer_activity', '0015_rule_models', '0016_business_calendar', '0017_webhooks', '0018_user_deactivation', '0019_webhook_endpoint_changes', '0020_rule_model_rank_bounds', '0021_event_sets', '0022_inbox_order', '0023_customer_search']);
  });

  it('rolls back a failing migration whole and names it', async () => {
    testDatabase = createTestDatabase(kind);
    database = await testDatabase.open();
    const runner = new MigrationRunner(database);
    const broken = [
      { name: '0001_half', sqlite: ['create table half_done (id integer)', 'create tabel oops (id integer)'], postgresql: ['create table half_done (id integer)', 'create tabel oops (id integer)'] },
    ];
    await expect(runner.run('@acme/broken', broken)).rejects.toThrow(new RegExp(`^Migration 0001_half of @acme/broken failed on ${kind} and was rolled back: `));
    expect(await runner.applied('@acme/broken')).toEqual([]);
    const tables = await database.orm.em.getConnection().execute(
      kind === 'sqlite' ? "select name from sqlite_master where name = 'half_done'" : "select tablename from pg_tables where tablename = 'half_done' and schemaname = current_schema()",
    );
    expect(tables).toEqual([]);
  });
});
