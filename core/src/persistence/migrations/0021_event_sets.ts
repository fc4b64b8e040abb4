import type { SqlMigration } from '../SqlMigration.js';

/**
 * Event sets: one row standing for one durable event of `type` per customer in `customer_ids`,
 * payload `{ customerId, ...fields }`, written by a set-based statement (a segment's refresh) in
 * its own transaction instead of a row per customer (events/eventSets.ts). The dispatcher expands
 * each set into the outbox, in `seq` order, before it claims: a definition that moves thousands of
 * customers commits one row here instead of thousands in `event_outbox`, each with four index
 * entries. The table is empty but for the moments between a commit and the next pass.
 */
export const eventSets: SqlMigration = {
  name: '0021_event_sets',
  sqlite: [
    'create table `event_sets` (`seq` integer primary key autoincrement, `type` text not null, `fields` json not null, ' +
      '`customer_ids` json not null, `occurred_at` datetime not null)',
  ],
  postgresql: [
    'create table "event_sets" ("seq" bigint generated always as identity primary key, "type" varchar(128) not null, "fields" jsonb not null, ' +
      '"customer_ids" text[] not null, "occurred_at" timestamptz not null)',
  ],
};
