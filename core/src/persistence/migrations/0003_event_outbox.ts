import type { SqlMigration } from '../SqlMigration.js';

/**
 * The durable event outbox: an event is a row written in the same transaction as the change that
 * caused it, and delivered from here (events/EventDispatcher.ts). `seq` is the global order;
 * events of one customer are delivered one at a time in that order. `delivered_to` lists the
 * handlers that have succeeded, so a retry only calls the ones that failed.
 */
export const eventOutbox: SqlMigration = {
  name: '0003_event_outbox',
  sqlite: [
    'create table `event_outbox` (`seq` integer primary key autoincrement, `id` text not null unique, `type` text not null, ' +
      "`payload` json not null, `customer_id` text null, `occurred_at` datetime not null, `status` text not null default 'pending', " +
      '`attempts` integer not null default 0, `available_at` datetime not null, `lease_until` datetime null, ' +
      "`delivered_to` json not null default '[]', `last_error` text null)",
    'create index `event_outbox_status_seq_index` on `event_outbox` (`status`, `seq`)',
    'create index `event_outbox_customer_status_seq_index` on `event_outbox` (`customer_id`, `status`, `seq`)',
  ],
  postgresql: [
    'create table "event_outbox" ("seq" bigint generated always as identity primary key, "id" varchar(36) not null unique, "type" varchar(128) not null, ' +
      '"payload" jsonb not null, "customer_id" varchar(36) null, "occurred_at" timestamptz not null, "status" varchar(16) not null default \'pending\', ' +
      '"attempts" integer not null default 0, "available_at" timestamptz not null, "lease_until" timestamptz null, ' +
      '"delivered_to" jsonb not null default \'[]\', "last_error" text null)',
    'create index "event_outbox_status_seq_index" on "event_outbox" ("status", "seq")',
    'create index "event_outbox_customer_status_seq_index" on "event_outbox" ("customer_id", "status", "seq")',
  ],
};
