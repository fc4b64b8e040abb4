import type { SqlMigration } from '../SqlMigration.js';

/**
 * Segmentation models whose segments are rule trees (`RuleSegmentationModel`, docs/segments.md):
 * one row per model, written when a plugin registers it. Their memberships are rows of
 * `segment_memberships` like any model's; this row holds the lease (`lease_until`) that keeps two
 * instances from refreshing the same model at once, and when it was last refreshed.
 */
export const ruleModels: SqlMigration = {
  name: '0015_rule_models',
  sqlite: [
    'create table `rule_models` (`id` text not null primary key, `plugin` text not null, `refreshed_at` datetime null, `lease_until` datetime null)',
  ],
  postgresql: [
    'create table "rule_models" ("id" varchar(64) not null primary key, "plugin" text not null, "refreshed_at" timestamptz null, "lease_until" timestamptz null)',
  ],
};
