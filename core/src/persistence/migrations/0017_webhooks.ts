import type { SqlMigration } from '../SqlMigration.js';

/**
 * Outbound webhooks (webhooks/, docs/webhooks.md). `webhook_endpoints` holds each endpoint with
 * its signing secret in clear: it is a shared secret the core must sign with, so a hash (as for
 * API keys) cannot serve; `previous_secret` signs alongside until `previous_secret_until` after a
 * rotation. `failing_since` is the first failure since the last success (five days of it disable
 * the endpoint). `webhook_deliveries` is one event for one endpoint: the body is stored as sent,
 * so retries and redeliveries send the same bytes under the same `webhook-id` (`event_id`); `seq`
 * orders the deliveries of one (endpoint, customer); `lease_until` keeps two instances from
 * sending the same attempt. The unique index makes recording an event idempotent (the outbox
 * delivers at least once); redeliveries (`redelivery_of`) are left out of it. `webhook_attempts`
 * is the delivery log.
 */
export const webhooks: SqlMigration = {
  name: '0017_webhooks',
  sqlite: [
    'create table `webhook_endpoints` (`id` text not null primary key, `url` text not null, `events` json not null, `description` text null, ' +
      '`enabled` integer not null default 1, `disabled_reason` text null, `secret` text not null, `previous_secret` text null, ' +
      '`previous_secret_until` datetime null, `failing_since` datetime null, `created_at` datetime not null, `updated_at` datetime not null)',
    'create table `webhook_deliveries` (`seq` integer primary key autoincrement, `id` text not null unique, `endpoint_id` text not null, ' +
      '`event_id` text not null, `event_type` text not null, `customer_id` text null, `body` text not null, `status` text not null default \'pending\', ' +
      '`attempts` integer not null default 0, `next_attempt_at` datetime not null, `lease_until` datetime null, `response_status` integer null, ' +
      '`last_error` text null, `redelivery_of` text null, `created_at` datetime not null, `finished_at` datetime null)',
    'create unique index `webhook_deliveries_endpoint_event_unique` on `webhook_deliveries` (`endpoint_id`, `event_id`) where `redelivery_of` is null',
    'create index `webhook_deliveries_status_seq_index` on `webhook_deliveries` (`status`, `seq`)',
    'create index `webhook_deliveries_endpoint_customer_index` on `webhook_deliveries` (`endpoint_id`, `customer_id`, `status`, `seq`)',
    'create table `webhook_attempts` (`id` integer primary key autoincrement, `delivery_id` text not null, `at` datetime not null, `duration_ms` integer not null, ' +
      '`response_status` integer null, `response_body` text null, `error` text null)',
    'create index `webhook_attempts_delivery_index` on `webhook_attempts` (`delivery_id`, `id`)',
  ],
  postgresql: [
    'create table "webhook_endpoints" ("id" varchar(36) not null primary key, "url" text not null, "events" jsonb not null, "description" text null, ' +
      '"enabled" boolean not null default true, "disabled_reason" text null, "secret" text not null, "previous_secret" text null, ' +
      '"previous_secret_until" timestamptz null, "failing_since" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null)',
    'create table "webhook_deliveries" ("seq" bigint generated always as identity primary key, "id" varchar(36) not null unique, "endpoint_id" varchar(36) not null, ' +
      '"event_id" varchar(36) not null, "event_type" varchar(128) not null, "customer_id" varchar(36) null, "body" text not null, "status" varchar(16) not null default \'pending\', ' +
      '"attempts" integer not null default 0, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "response_status" integer null, ' +
      '"last_error" text null, "redelivery_of" varchar(36) null, "created_at" timestamptz not null, "finished_at" timestamptz null)',
    'create unique index "webhook_deliveries_endpoint_event_unique" on "webhook_deliveries" ("endpoint_id", "event_id") where "redelivery_of" is null',
    'create index "webhook_deliveries_status_seq_index" on "webhook_deliveries" ("status", "seq")',
    'create index "webhook_deliveries_endpoint_customer_index" on "webhook_deliveries" ("endpoint_id", "customer_id", "status", "seq")',
    'create table "webhook_attempts" ("id" bigint generated always as identity primary key, "delivery_id" varchar(36) not null, "at" timestamptz not null, "duration_ms" integer not null, ' +
      '"response_status" integer null, "response_body" text null, "error" text null)',
    'create index "webhook_attempts_delivery_index" on "webhook_attempts" ("delivery_id", "id")',
  ],
};
