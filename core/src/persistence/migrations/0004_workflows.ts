import type { SqlMigration } from '../SqlMigration.js';

/**
 * Workflow runs and their history (workflows/). A run is due when `wake_at` has passed: RUNNING
 * runs at once, SLEEPING ones at their timer, WAITING ones at their timeout (or earlier, when an
 * event lands in their inbox). `lease_until` reserves a run for the instance executing it, and
 * `lease_token` names that execution: a write from an execution that lost its lease is refused. Each
 * primitive a run has reached is a row of `workflow_steps`, keyed by its name; completed steps
 * hold their result, so a replay after a restart returns it instead of running the step again.
 * `workflow_inbox` holds events of the types a WAITING run waits for, until the run looks at them.
 */
export const workflows: SqlMigration = {
  name: '0004_workflows',
  sqlite: [
    'create table `workflow_runs` (`id` text not null primary key, `workflow` text not null, `plugin` text not null, ' +
      '`customer_id` text null references `customers` (`id`), `status` text not null, `input` json not null, ' +
      '`trigger_event_id` text null, `wake_at` datetime null, `waiting_event` text null, `lease_until` datetime null, `lease_token` text null, ' +
      '`error` text null, `started_at` datetime not null, `finished_at` datetime null, `updated_at` datetime not null)',
    'create unique index `workflow_runs_trigger_unique` on `workflow_runs` (`workflow`, `trigger_event_id`)',
    'create index `workflow_runs_due_index` on `workflow_runs` (`status`, `wake_at`)',
    'create index `workflow_runs_customer_index` on `workflow_runs` (`customer_id`, `started_at`)',
    'create index `workflow_runs_waiting_index` on `workflow_runs` (`waiting_event`, `status`)',
    'create table `workflow_steps` (`run_id` text not null references `workflow_runs` (`id`) on delete cascade, `name` text not null, ' +
      '`kind` text not null, `position` integer not null, `status` text not null, `attempts` integer not null default 0, ' +
      '`result` json null, `error` text null, `due_at` datetime null, `started_at` datetime null, `finished_at` datetime null, ' +
      'primary key (`run_id`, `name`))',
    'create table `workflow_inbox` (`run_id` text not null references `workflow_runs` (`id`) on delete cascade, `event_id` text not null, ' +
      '`event` json not null, `received_at` datetime not null, primary key (`run_id`, `event_id`))',
  ],
  postgresql: [
    'create table "workflow_runs" ("id" varchar(36) not null primary key, "workflow" varchar(128) not null, "plugin" varchar(214) not null, ' +
      '"customer_id" varchar(36) null references "customers" ("id"), "status" varchar(16) not null, "input" jsonb not null, ' +
      '"trigger_event_id" varchar(36) null, "wake_at" timestamptz null, "waiting_event" varchar(128) null, "lease_until" timestamptz null, "lease_token" varchar(36) null, ' +
      '"error" text null, "started_at" timestamptz not null, "finished_at" timestamptz null, "updated_at" timestamptz not null)',
    'create unique index "workflow_runs_trigger_unique" on "workflow_runs" ("workflow", "trigger_event_id")',
    'create index "workflow_runs_due_index" on "workflow_runs" ("status", "wake_at")',
    'create index "workflow_runs_customer_index" on "workflow_runs" ("customer_id", "started_at")',
    'create index "workflow_runs_waiting_index" on "workflow_runs" ("waiting_event", "status")',
    'create table "workflow_steps" ("run_id" varchar(36) not null references "workflow_runs" ("id") on delete cascade, "name" varchar(256) not null, ' +
      '"kind" varchar(16) not null, "position" integer not null, "status" varchar(16) not null, "attempts" integer not null default 0, ' +
      '"result" jsonb null, "error" text null, "due_at" timestamptz null, "started_at" timestamptz null, "finished_at" timestamptz null, ' +
      'primary key ("run_id", "name"))',
    'create table "workflow_inbox" ("run_id" varchar(36) not null references "workflow_runs" ("id") on delete cascade, "event_id" varchar(36) not null, ' +
      '"event" jsonb not null, "received_at" timestamptz not null, primary key ("run_id", "event_id"))',
  ],
};
