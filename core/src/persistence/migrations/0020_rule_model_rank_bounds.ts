import type { SqlMigration } from '../SqlMigration.js';

/**
 * Where each bucket of a rule model's ranks ended at its last refresh of every customer
 * (segments/rankBounds.ts): the refresh after events places the customers it names against
 * them, instead of ranking every customer again for a handful of changes. NULL until a model
 * with ranks has been refreshed whole.
 */
export const ruleModelRankBounds: SqlMigration = {
  name: '0020_rule_model_rank_bounds',
  sqlite: ['alter table `rule_models` add column `rank_bounds` json null'],
  postgresql: ['alter table "rule_models" add column "rank_bounds" jsonb null'],
};
