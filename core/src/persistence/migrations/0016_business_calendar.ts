import type { SqlMigration } from '../SqlMigration.js';

/**
 * The business calendar of the service KPIs (`businessHours` in the config, docs/kpis.md): one
 * row per UTC hour (`hour` = epoch ms / 3,600,000) with the business time of every earlier hour
 * and its open pieces, at most two, in ms from the hour's start ([a_from, a_to), [b_from, b_to);
 * 0, 0 for none). The business time up to an instant is then a lookup by its hour and a little
 * arithmetic, which a query joins on (a hash join on PostgreSQL, a key lookup on SQLite).
 * Generated from the config for the range the queries need; `business_calendar_state` says for
 * which hours (a fingerprint) and which range, so a changed config or a wider range regenerates it.
 */
export const businessCalendar: SqlMigration = {
  name: '0016_business_calendar',
  sqlite: [
    'create table `business_calendar` (`hour` integer not null primary key, `before_ms` integer not null, `a_from` integer not null, `a_to` integer not null, `b_from` integer not null, `b_to` integer not null)',
    'create table `business_calendar_state` (`id` integer not null primary key, `fingerprint` text not null, `from_ms` integer not null, `to_ms` integer not null)',
  ],
  postgresql: [
    'create table "business_calendar" ("hour" bigint not null primary key, "before_ms" bigint not null, "a_from" integer not null, "a_to" integer not null, "b_from" integer not null, "b_to" integer not null)',
    'create table "business_calendar_state" ("id" integer not null primary key, "fingerprint" text not null, "from_ms" bigint not null, "to_ms" bigint not null)',
  ],
};
