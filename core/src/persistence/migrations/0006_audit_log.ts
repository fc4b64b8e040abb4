import type { SqlMigration } from '../SqlMigration.js';

/** The hash that comes before the first event of the chain. */
const GENESIS = '0'.repeat(64);

/**
 * The tamper-evident audit log (audit/, docs/security/audit.md).
 *
 * - `audit_pending`: what writers insert, in the transaction of their change: one narrow row with
 *   no index but its key, so auditing costs the hot paths one cheap insert.
 * - `audit_events`: the sealed chain. The sealer moves pending events here in batches, each with
 *   the next sequence number (its key) and its chain hash; the indexes the API filters by are
 *   maintained once per batch there, not once per write. (Erasure finds a customer's events by a
 *   scan, since it also looks for the id inside `changes`: no index serves it.) `changes` is canonical JSON text (not jsonb, so the
 *   digest of what was written is the digest of what is read back), `changes_digest` its SHA-256,
 *   which the chain covers instead of the text so that erasure can redact the text
 *   (`redacted_at`) without breaking the chain.
 * - `audit_chain`: one row, the head of the chain (last sealed sequence number and hash, signed),
 *   locked by the sealer so that instances seal one at a time; and the generated secret when the
 *   deployment configures none.
 * - `audit_checkpoints`: signed checkpoints; `prune` where retention removed the events up to
 *   `seq`, `rekey` where the chain's key changed from the generated secret to a configured one.
 */
export const auditLog: SqlMigration = {
  name: '0006_audit_log',
  sqlite: [
    'create table `audit_pending` (`pending_id` integer primary key, `id` text not null, `at` datetime not null, ' +
      '`actor_kind` text not null, `actor_id` text not null, `actor_name` text null, `request_id` text null, `cause_kind` text null, ' +
      '`cause_id` text null, `action` text not null, `target_type` text null, `target_id` text null, `customer_id` text null, ' +
      '`changes` text null, `changes_digest` text null, `redacted_at` datetime null)',
    'create table `audit_events` (`seq` integer primary key, `id` text not null, `at` datetime not null, `actor_kind` text not null, ' +
      '`actor_id` text not null, `actor_name` text null, `request_id` text null, `cause_kind` text null, `cause_id` text null, ' +
      '`action` text not null, `target_type` text null, `target_id` text null, `customer_id` text null, `changes` text null, ' +
      '`changes_digest` text null, `hash` text not null, `redacted_at` datetime null)',
    'create unique index `audit_events_id_unique` on `audit_events` (`id`)',
    'create index `audit_events_at_index` on `audit_events` (`at`, `id`)',
    'create index `audit_events_action_index` on `audit_events` (`action`, `at`)',
    'create index `audit_events_actor_index` on `audit_events` (`actor_id`, `at`)',
    'create index `audit_events_target_index` on `audit_events` (`target_id`, `at`)',
    'create table `audit_chain` (`id` integer not null primary key, `seq` integer not null, `hash` text not null, `key_id` text null, ' +
      '`signature` text null, `generated_secret` text null, `updated_at` datetime null)',
    `insert into \`audit_chain\` (\`id\`, \`seq\`, \`hash\`) values (1, 0, '${GENESIS}')`,
    'create table `audit_checkpoints` (`kind` text not null, `seq` integer not null, `hash` text not null, `created_at` datetime not null, ' +
      '`pruned_before` datetime null, `from_key_id` text null, `key_id` text not null, `signature` text not null, primary key (`kind`, `seq`))',
  ],
  postgresql: [
    'create table "audit_pending" ("pending_id" bigint generated always as identity primary key, "id" varchar(36) not null, "at" timestamptz not null, ' +
      '"actor_kind" varchar(16) not null, "actor_id" text not null, "actor_name" text null, "request_id" text null, "cause_kind" varchar(16) null, ' +
      '"cause_id" text null, "action" varchar(64) not null, "target_type" varchar(64) null, "target_id" text null, "customer_id" varchar(36) null, ' +
      '"changes" text null, "changes_digest" varchar(64) null, "redacted_at" timestamptz null)',
    'create table "audit_events" ("seq" bigint not null primary key, "id" varchar(36) not null, "at" timestamptz not null, "actor_kind" varchar(16) not null, ' +
      '"actor_id" text not null, "actor_name" text null, "request_id" text null, "cause_kind" varchar(16) null, "cause_id" text null, ' +
      '"action" varchar(64) not null, "target_type" varchar(64) null, "target_id" text null, "customer_id" varchar(36) null, "changes" text null, ' +
      '"changes_digest" varchar(64) null, "hash" varchar(64) not null, "redacted_at" timestamptz null)',
    'create unique index "audit_events_id_unique" on "audit_events" ("id")',
    'create index "audit_events_at_index" on "audit_events" ("at", "id")',
    'create index "audit_events_action_index" on "audit_events" ("action", "at")',
    'create index "audit_events_actor_index" on "audit_events" ("actor_id", "at")',
    'create index "audit_events_target_index" on "audit_events" ("target_id", "at")',
    'create table "audit_chain" ("id" integer not null primary key, "seq" bigint not null, "hash" varchar(64) not null, "key_id" varchar(64) null, ' +
      '"signature" varchar(64) null, "generated_secret" text null, "updated_at" timestamptz null)',
    `insert into "audit_chain" ("id", "seq", "hash") values (1, 0, '${GENESIS}')`,
    'create table "audit_checkpoints" ("kind" varchar(16) not null, "seq" bigint not null, "hash" varchar(64) not null, "created_at" timestamptz not null, ' +
      '"pruned_before" timestamptz null, "from_key_id" varchar(64) null, "key_id" varchar(64) not null, "signature" varchar(64) not null, primary key ("kind", "seq"))',
  ],
};
