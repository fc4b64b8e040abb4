import type { SqlMigration } from '../SqlMigration.js';

/** The channel a PostgreSQL database announces credential changes on (see access/CredentialCache). */
export const CREDENTIAL_CHANGES_CHANNEL = 'rapport_credentials';

const NOTIFY_ON = (table: string, events: string) =>
  `create trigger "${table}_changed" after ${events} on "${table}" for each statement execute function rapport_credentials_changed()`;

/**
 * Credential changes announced by the database itself (PostgreSQL): any statement that revokes or
 * re-keys an API key, ends a session, or changes or removes a user notifies
 * `rapport_credentials` when its transaction commits, whoever ran it (an instance, the CLI, an
 * operator's SQL), with the schema of the changed table as the payload: deployments that share a
 * database in schemas of their own hear only their own changes. Instances that cache credentials
 * drop them on it. Creating a key, a session or
 * a user announces nothing: nothing unknown is cached. Stamping `last_used_at` is not a change.
 * SQLite has no channel: its instances read credentials on every request.
 */
export const credentialChanges: SqlMigration = {
  name: '0008_credential_changes',
  sqlite: [],
  postgresql: [
    'create or replace function rapport_credentials_changed() returns trigger language plpgsql as ' +
      `$$ begin perform pg_notify('${CREDENTIAL_CHANGES_CHANNEL}', tg_table_schema); return null; end $$`,
    NOTIFY_ON('api_keys', 'update of token_hash, role, scopes, revoked_at or delete or truncate'),
    NOTIFY_ON('sessions', 'update or delete or truncate'),
    NOTIFY_ON('users', 'update or delete or truncate'),
  ],
};
