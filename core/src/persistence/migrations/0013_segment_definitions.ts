import type { SqlMigration } from '../SqlMigration.js';

/**
 * Defined segments (`defineSegment`, docs/segments.md): a rule tree with an id and a name. Their
 * members are rows of `segment_memberships` with model `rules`, kept current by one set-based
 * refresh per segment; `lease_until` keeps two instances from refreshing the same segment at once.
 */
export const segmentDefinitions: SqlMigration = {
  name: '0013_segment_definitions',
  sqlite: [
    'create table `segment_definitions` (`id` text not null primary key, `name` text not null, `rules` json not null, `created_at` datetime not null, `updated_at` datetime not null, `refreshed_at` datetime null, `member_count` integer not null default 0, `lease_until` datetime null)',
  ],
  postgresql: [
    'create table "segment_definitions" ("id" varchar(64) not null primary key, "name" text not null, "rules" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "refreshed_at" timestamptz null, "member_count" integer not null default 0, "lease_until" timestamptz null)',
  ],
};
