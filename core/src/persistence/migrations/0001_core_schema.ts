import type { SqlMigration } from '../SqlMigration.js';

/**
 * The core's first schema: customers and their identities, conversations, interactions, scores,
 * segment memberships, plugin storage, and the record of merges. Written from the output of
 * `core/scripts/print-schema-sql.ts`, then given foreign keys and unbounded text where a value's
 * length is the customer's business (names, external ids).
 */
export const coreSchema: SqlMigration = {
  name: '0001_core_schema',
  sqlite: [
    'create table `customers` (`id` text not null primary key, `display_name` text null, `attributes` json not null, `created_at` datetime not null, `updated_at` datetime not null)',
    'create table `customer_identities` (`id` text not null primary key, `customer_id` text not null references `customers` (`id`) on delete cascade, `kind` text not null, `channel` text not null, `value` text not null, `created_at` datetime not null)',
    'create index `customer_identities_customer_id_index` on `customer_identities` (`customer_id`)',
    'create unique index `customer_identities_identity_unique` on `customer_identities` (`kind`, `channel`, `value`)',
    'create table `conversations` (`id` text not null primary key, `customer_id` text not null references `customers` (`id`) on delete cascade, `status` text not null, `thread_key` text null, `opened_channel` text not null, `channels` json not null, `opened_at` datetime not null, `first_inbound_at` datetime null, `last_activity_at` datetime not null, `first_response_at` datetime null, `resolved_at` datetime null)',
    'create index `conversations_customer_status_index` on `conversations` (`customer_id`, `status`)',
    'create index `conversations_customer_thread_index` on `conversations` (`customer_id`, `thread_key`)',
    'create index `conversations_opened_at_index` on `conversations` (`opened_at`)',
    'create table `interactions` (`id` text not null primary key, `customer_id` text not null references `customers` (`id`) on delete cascade, `conversation_id` text null references `conversations` (`id`) on delete set null, `channel` text not null, `direction` text not null, `type` text not null, `subject` text null, `text` text null, `occurred_at` datetime not null, `external_id` text null, `thread_key` text null, `metadata` json not null, `created_at` datetime not null)',
    'create index `interactions_customer_occurred_index` on `interactions` (`customer_id`, `occurred_at`)',
    'create index `interactions_conversation_occurred_index` on `interactions` (`conversation_id`, `occurred_at`)',
    'create unique index `interactions_channel_external_id_unique` on `interactions` (`channel`, `external_id`)',
    'create table `scores` (`customer_id` text not null references `customers` (`id`) on delete cascade, `rule` text not null, `value` double not null, `label` text null, `explanation` text null, `computed_at` datetime not null, primary key (`customer_id`, `rule`))',
    'create table `segment_memberships` (`customer_id` text not null references `customers` (`id`) on delete cascade, `model` text not null, `segment` text not null, `since` datetime not null, primary key (`customer_id`, `model`, `segment`))',
    'create index `segment_memberships_segment_index` on `segment_memberships` (`model`, `segment`)',
    'create table `plugin_storage` (`namespace` text not null, `key` text not null, `value` json not null, `updated_at` datetime not null, primary key (`namespace`, `key`))',
    'create table `customer_merges` (`merged_customer_id` text not null primary key, `customer_id` text not null, `merged_at` datetime not null)',
  ],
  postgresql: [
    'create table "customers" ("id" varchar(36) not null primary key, "display_name" text null, "attributes" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null)',
    'create table "customer_identities" ("id" varchar(36) not null primary key, "customer_id" varchar(36) not null references "customers" ("id") on delete cascade, "kind" varchar(16) not null, "channel" varchar(64) not null, "value" text not null, "created_at" timestamptz not null)',
    'create index "customer_identities_customer_id_index" on "customer_identities" ("customer_id")',
    'alter table "customer_identities" add constraint "customer_identities_identity_unique" unique ("kind", "channel", "value")',
    'create table "conversations" ("id" varchar(36) not null primary key, "customer_id" varchar(36) not null references "customers" ("id") on delete cascade, "status" varchar(16) not null, "thread_key" text null, "opened_channel" varchar(64) not null, "channels" jsonb not null, "opened_at" timestamptz not null, "first_inbound_at" timestamptz null, "last_activity_at" timestamptz not null, "first_response_at" timestamptz null, "resolved_at" timestamptz null)',
    'create index "conversations_customer_status_index" on "conversations" ("customer_id", "status")',
    'create index "conversations_customer_thread_index" on "conversations" ("customer_id", "thread_key")',
    'create index "conversations_opened_at_index" on "conversations" ("opened_at")',
    'create table "interactions" ("id" varchar(36) not null primary key, "customer_id" varchar(36) not null references "customers" ("id") on delete cascade, "conversation_id" varchar(36) null references "conversations" ("id") on delete set null, "channel" varchar(64) not null, "direction" varchar(16) not null, "type" varchar(64) not null, "subject" text null, "text" text null, "occurred_at" timestamptz not null, "external_id" text null, "thread_key" text null, "metadata" jsonb not null, "created_at" timestamptz not null)',
    'create index "interactions_customer_occurred_index" on "interactions" ("customer_id", "occurred_at")',
    'create index "interactions_conversation_occurred_index" on "interactions" ("conversation_id", "occurred_at")',
    'alter table "interactions" add constraint "interactions_channel_external_id_unique" unique ("channel", "external_id")',
    'create table "scores" ("customer_id" varchar(36) not null references "customers" ("id") on delete cascade, "rule" varchar(64) not null, "value" double precision not null, "label" text null, "explanation" text null, "computed_at" timestamptz not null, primary key ("customer_id", "rule"))',
    'create table "segment_memberships" ("customer_id" varchar(36) not null references "customers" ("id") on delete cascade, "model" varchar(64) not null, "segment" varchar(64) not null, "since" timestamptz not null, primary key ("customer_id", "model", "segment"))',
    'create index "segment_memberships_segment_index" on "segment_memberships" ("model", "segment")',
    'create table "plugin_storage" ("namespace" varchar(214) not null, "key" varchar(512) not null, "value" jsonb not null, "updated_at" timestamptz not null, primary key ("namespace", "key"))',
    'create table "customer_merges" ("merged_customer_id" varchar(36) not null primary key, "customer_id" varchar(36) not null, "merged_at" timestamptz not null)',
  ],
};
