import type { SqlMigration } from '../SqlMigration.js';

/**
 * Users an admin deactivated (`deactivateUser`): `disabled_at` set means the user cannot sign in
 * and their sessions are refused. A user is deactivated rather than deleted, so the audit log,
 * assignments and conversations keep naming who they were.
 */
export const userDeactivation: SqlMigration = {
  name: '0018_user_deactivation',
  sqlite: ['alter table `users` add column `disabled_at` datetime null'],
  postgresql: ['alter table "users" add column "disabled_at" timestamptz null'],
};
