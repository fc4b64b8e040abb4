import type { SqlMigration } from '../SqlMigration.js';

/**
 * Credentials (access/): API keys, users and their sessions. Secrets are never stored: an API key
 * or a session token is kept as the SHA-256 of the token (a primary key, so authenticating a
 * request is one indexed lookup), a password as its argon2id hash. An API key holds a role or an
 * explicit list of scopes (`scopes`, JSON), never both. A revoked key keeps its row, and so its
 * name, for the audit log; a session that ended is deleted.
 */
export const access: SqlMigration = {
  name: '0007_access',
  sqlite: [
    'create table `api_keys` (`token_hash` text not null primary key, `name` text not null unique, `prefix` text not null, `role` text null, ' +
      '`scopes` json null, `created_at` datetime not null, `last_used_at` datetime null, `revoked_at` datetime null)',
    'create table `users` (`id` text not null primary key, `email` text not null unique, `display_name` text null, `role` text not null, ' +
      '`password_hash` text not null, `created_at` datetime not null)',
    'create table `sessions` (`token_hash` text not null primary key, `id` text not null unique, ' +
      '`user_id` text not null references `users` (`id`) on delete cascade, `created_at` datetime not null, `expires_at` datetime not null)',
    'create index `sessions_user_id_index` on `sessions` (`user_id`)',
    'create index `sessions_expires_at_index` on `sessions` (`expires_at`)',
  ],
  postgresql: [
    'create table "api_keys" ("token_hash" varchar(64) not null primary key, "name" varchar(64) not null unique, "prefix" varchar(16) not null, "role" varchar(16) null, ' +
      '"scopes" jsonb null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null)',
    'create table "users" ("id" varchar(36) not null primary key, "email" varchar(320) not null unique, "display_name" text null, "role" varchar(16) not null, ' +
      '"password_hash" text not null, "created_at" timestamptz not null)',
    'create table "sessions" ("token_hash" varchar(64) not null primary key, "id" varchar(36) not null unique, ' +
      '"user_id" varchar(36) not null references "users" ("id") on delete cascade, "created_at" timestamptz not null, "expires_at" timestamptz not null)',
    'create index "sessions_user_id_index" on "sessions" ("user_id")',
    'create index "sessions_expires_at_index" on "sessions" ("expires_at")',
  ],
};
