import type { Database } from '../../persistence/openDatabase.js';

/**
 * A date as a raw SQL parameter. MikroORM stores datetimes as epoch milliseconds in SQLite and as
 * timestamptz in PostgreSQL; hand-written SQL must compare like with like.
 */
export function sqlDate(database: Database, date: Date): Date | number {
  return database.dialect === 'postgresql' ? date : date.getTime();
}

/** `?, ?, ?` for a list of parameters. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
