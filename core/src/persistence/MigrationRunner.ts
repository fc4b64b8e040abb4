import { RapportError } from '@rapport/sdk';
import type { Logger } from 'pino';
import type { Database } from './openDatabase.js';
import type { SqlMigration } from './SqlMigration.js';

/** The owner of the core's own migrations in `rapport_migrations`. */
export const CORE_OWNER = '@rapport/core';

const TRACKING_TABLE = {
  sqlite:
    'create table if not exists `rapport_migrations` (`owner` text not null, `name` text not null, `applied_at` datetime not null, primary key (`owner`, `name`))',
  postgresql:
    'create table if not exists "rapport_migrations" ("owner" varchar(214) not null, "name" varchar(255) not null, "applied_at" timestamptz not null, primary key ("owner", "name"))',
};

/**
 * Applies migrations and records them per owner in `rapport_migrations`, so the core and every
 * plugin keep their own history. Each migration runs in its own transaction: a failing one is
 * rolled back whole, and the error names the owner and the migration.
 *
 * On PostgreSQL a transaction-scoped advisory lock serializes instances that start together, so
 * each migration runs exactly once however many `rapport start` processes share the database.
 */
export class MigrationRunner {
  constructor(
    private readonly database: Database,
    private readonly logger?: Logger,
  ) {}

  /** Applies `owner`'s pending migrations in name order; returns the names applied. */
  async run(owner: string, migrations: readonly SqlMigration[]): Promise<string[]> {
    const { dialect } = this.database;
    const connection = this.database.orm.em.getConnection();
    await connection.execute(TRACKING_TABLE[dialect]);
    const applied: string[] = [];
    for (const migration of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
      const ran = await this.database.em().transactional(async (em) => {
        const trx = em.getTransactionContext();
        const execute = (sql: string, params: unknown[] = []) => em.getConnection().execute(sql, params, 'all', trx);
        if (dialect === 'postgresql') await execute("select pg_advisory_xact_lock(hashtext('rapport_migrations'))");
        const done = await execute(
          dialect === 'postgresql'
            ? 'select 1 from "rapport_migrations" where "owner" = ? and "name" = ?'
            : 'select 1 from `rapport_migrations` where `owner` = ? and `name` = ?',
          [owner, migration.name],
        );
        if (done.length > 0) return false;
        for (const statement of migration[dialect]) {
          try {
            await execute(statement);
          } catch (error) {
            throw new RapportError(
              'NOT_AVAILABLE',
              `Migration ${migration.name} of ${owner} failed on ${dialect} and was rolled back: ${(error as Error).message}`,
              { cause: error },
            );
          }
        }
        await execute(
          dialect === 'postgresql'
            ? 'insert into "rapport_migrations" ("owner", "name", "applied_at") values (?, ?, ?)'
            : 'insert into `rapport_migrations` (`owner`, `name`, `applied_at`) values (?, ?, ?)',
          [owner, migration.name, dialect === 'postgresql' ? new Date() : Date.now()],
        );
        return true;
      });
      if (ran) {
        applied.push(migration.name);
        this.logger?.info({ owner, migration: migration.name }, 'migration applied');
      }
    }
    return applied;
  }

  /** The migrations recorded for an owner, oldest first. */
  async applied(owner: string): Promise<string[]> {
    const { dialect } = this.database;
    await this.database.orm.em.getConnection().execute(TRACKING_TABLE[dialect]);
    const rows: { name: string }[] = await this.database.orm.em
      .getConnection()
      .execute(
        dialect === 'postgresql'
          ? 'select "name" from "rapport_migrations" where "owner" = ? order by "name"'
          : 'select `name` from `rapport_migrations` where `owner` = ? order by `name`',
        [owner],
      );
    return rows.map((row) => row.name);
  }
}
