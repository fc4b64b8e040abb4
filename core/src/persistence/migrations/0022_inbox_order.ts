import type { SqlMigration } from '../SqlMigration.js';

/**
 * The agents' inbox in index order. The inbox sorts conversations by one key (inbox/InboxQuery.ts):
 * `waiting_since`, or for a conversation nobody waits on its last activity moved a thousand years
 * on, then the id. No index had that key, so every page of the inbox read and sorted every
 * matching conversation: with statistics, SQLite's plan was `SCAN conversations` and a sort, and
 * PostgreSQL's a sequential scan and a sort (44 ms for a page of 21 among 200,000 conversations,
 * 0.17 ms with these indexes; docs/benchmarks.md). Now a page reads its rows in index order, for
 * one status (`status`, key, id) or for all of them (key, id).
 *
 * PostgreSQL only indexes immutable expressions, and `timestamptz + interval` is not marked so
 * (an interval of months or days depends on the time zone); the key's interval is in seconds,
 * so `rapport_inbox_key` computes it and is declared immutable. The query must spell the key as
 * the index does: {@link INBOX_KEY}.
 *
 * The index of migration 0011 on (`status`, `waiting_since`, `last_activity_at`) could serve no
 * order of the inbox, and no query filters on those columns: it goes, so that a write to a
 * conversation keeps as many index entries current as before plus one.
 */
export const inboxOrder: SqlMigration = {
  name: '0022_inbox_order',
  sqlite: [
    'drop index `conversations_inbox_index`',
    'create index `conversations_inbox_order_index` on `conversations` (`status`, coalesce(`waiting_since`, `last_activity_at` + 31536000000000), `id`)',
    'create index `conversations_inbox_all_order_index` on `conversations` (coalesce(`waiting_since`, `last_activity_at` + 31536000000000), `id`)',
  ],
  postgresql: [
    'drop index "conversations_inbox_index"',
    `create function "rapport_inbox_key"("waiting" timestamptz, "active" timestamptz) returns timestamptz
       language sql immutable parallel safe as $$ select coalesce("waiting", "active" + interval '31536000000 seconds') $$`,
    'create index "conversations_inbox_order_index" on "conversations" ("status", "rapport_inbox_key"("waiting_since", "last_activity_at"), "id")',
    'create index "conversations_inbox_all_order_index" on "conversations" ("rapport_inbox_key"("waiting_since", "last_activity_at"), "id")',
  ],
};

/**
 * The inbox's sort key, spelled as the indexes of {@link inboxOrder} spell it: a query that spells
 * it otherwise is sorted without them.
 */
export const INBOX_KEY = {
  sqlite: 'coalesce(waiting_since, last_activity_at + 31536000000000)',
  postgresql: 'rapport_inbox_key(waiting_since, last_activity_at)',
} as const;
