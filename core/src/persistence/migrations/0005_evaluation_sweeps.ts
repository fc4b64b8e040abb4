import type { SqlMigration } from '../SqlMigration.js';

/**
 * When each scoring rule and segmentation model that re-evaluates on a period (`reevaluateEvery`)
 * is next due. One row per rule or model: the instance whose conditional update moves
 * `next_due_at` forward runs that sweep, so a deployment of several instances sweeps once.
 */
export const evaluationSweeps: SqlMigration = {
  name: '0005_evaluation_sweeps',
  sqlite: [
    'create table `evaluation_sweeps` (`kind` text not null, `id` text not null, `next_due_at` datetime not null, `last_started_at` datetime null, `last_finished_at` datetime null, primary key (`kind`, `id`))',
  ],
  postgresql: [
    'create table "evaluation_sweeps" ("kind" varchar(32) not null, "id" varchar(64) not null, "next_due_at" timestamptz not null, "last_started_at" timestamptz null, "last_finished_at" timestamptz null, primary key ("kind", "id"))',
  ],
};
