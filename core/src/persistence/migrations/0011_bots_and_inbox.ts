import type { SqlMigration } from '../SqlMigration.js';

/**
 * Bots, assignment and the agents' inbox (docs/agents-and-inbox.md and docs/bots.md).
 *
 * - `conversations.handler` (`BOT` or `HUMAN`) and `bot`, the bot that answers while the handler
 *   is `BOT`. Existing conversations are people's.
 * - `conversations.assignee_id`: the agent; a deleted user leaves the conversation unassigned.
 * - `conversations.waiting_since`: the customer's oldest message nobody has answered yet, so the
 *   inbox lists who has waited longest first. Ingest keeps it (ConversationRouter). Existing open
 *   conversations start from their first unanswered state as far as the columns tell: waiting
 *   since the first message when nobody replied.
 * - `users.available` and `users.last_assigned_at`, for round-robin assignment among the agents
 *   who are at work.
 * - The inbox index: open conversations by handler and waiting time.
 */
export const botsAndInbox: SqlMigration = {
  name: '0011_bots_and_inbox',
  sqlite: [
    "alter table `conversations` add column `handler` text not null default 'HUMAN'",
    'alter table `conversations` add column `bot` text null',
    'alter table `conversations` add column `assignee_id` text null references `users` (`id`) on delete set null',
    'alter table `conversations` add column `waiting_since` datetime null',
    "update `conversations` set `waiting_since` = `first_inbound_at` where `status` = 'OPEN' and `first_response_at` is null",
    'create index `conversations_inbox_index` on `conversations` (`status`, `waiting_since`, `last_activity_at`)',
    'create index `conversations_assignee_index` on `conversations` (`assignee_id`, `status`)',
    'alter table `users` add column `available` integer not null default 0',
    'alter table `users` add column `last_assigned_at` datetime null',
  ],
  postgresql: [
    'alter table "conversations" add column "handler" varchar(8) not null default \'HUMAN\'',
    'alter table "conversations" add column "bot" varchar(128) null',
    'alter table "conversations" add column "assignee_id" varchar(36) null references "users" ("id") on delete set null',
    'alter table "conversations" add column "waiting_since" timestamptz null',
    'update "conversations" set "waiting_since" = "first_inbound_at" where "status" = \'OPEN\' and "first_response_at" is null',
    'create index "conversations_inbox_index" on "conversations" ("status", "waiting_since", "last_activity_at")',
    'create index "conversations_assignee_index" on "conversations" ("assignee_id", "status")',
    'alter table "users" add column "available" boolean not null default false',
    'alter table "users" add column "last_assigned_at" timestamptz null',
  ],
};
