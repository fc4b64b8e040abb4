import type { SqlMigration } from '../SqlMigration.js';

/**
 * Delivery status of outbound messages (docs/architecture/channels.md#delivery-status), keyed by
 * the message's `(channel, external_id)` rather than the interaction's id: a provider's receipt
 * can arrive before the send call returned and the message was recorded, and is kept until then.
 * `status_rank` is the status's place in DELIVERY_STATUS_ORDER, so a late receipt is recognised
 * without reading the row's status into Node first.
 */
export const deliveries: SqlMigration = {
  name: '0010_deliveries',
  sqlite: [
    'create table `deliveries` (`channel` text not null, `external_id` text not null, `status` text not null, `status_rank` integer not null, `error` text null, `updated_at` datetime not null, primary key (`channel`, `external_id`))',
  ],
  postgresql: [
    'create table "deliveries" ("channel" varchar(64) not null, "external_id" text not null, "status" varchar(16) not null, "status_rank" smallint not null, "error" text null, "updated_at" timestamptz not null, primary key ("channel", "external_id"))',
  ],
};
