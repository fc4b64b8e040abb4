import type { SqlMigration } from '../SqlMigration.js';

/** The channel a PostgreSQL database announces changes of webhook endpoints on (see webhooks/WebhookEndpointStore). */
export const WEBHOOK_ENDPOINT_CHANGES_CHANNEL = 'rapport_webhook_endpoints';

/**
 * Changes of which endpoints receive which events, announced by the database itself
 * (PostgreSQL): a statement that creates, removes, enables or disables an endpoint, or changes
 * its event patterns, notifies `rapport_webhook_endpoints` when its transaction commits, whoever
 * ran it, with the table's schema as the payload. Every instance keeps the enabled endpoints
 * between batches of events and drops them on it. A failed attempt's bookkeeping
 * (`failing_since`) and a rotated secret are not such changes. SQLite has no channel: any other
 * connection's commit counts there (SqliteChangeWatch).
 */
export const webhookEndpointChanges: SqlMigration = {
  name: '0019_webhook_endpoint_changes',
  sqlite: [],
  postgresql: [
    'create or replace function rapport_webhook_endpoints_changed() returns trigger language plpgsql as ' +
      `$$ begin perform pg_notify('${WEBHOOK_ENDPOINT_CHANGES_CHANNEL}', tg_table_schema); return null; end $$`,
    'create trigger "webhook_endpoints_changed" after insert or update of enabled, events or delete or truncate on "webhook_endpoints" for each statement execute function rapport_webhook_endpoints_changed()',
  ],
};
