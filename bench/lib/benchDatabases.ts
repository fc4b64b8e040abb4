import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CORE_OWNER, MigrationRunner } from '../../core/src/persistence/MigrationRunner.js';
import { CORE_MIGRATIONS } from '../../core/src/persistence/migrations/index.js';
import { openDatabase, type Database } from '../../core/src/persistence/openDatabase.js';
import type { SqlMigration } from '../../core/src/persistence/SqlMigration.js';

/** The databases benchmarks run on: a SQLite file and the local PostgreSQL. */
export const BENCH_DATABASES = ['sqlite', 'postgresql'] as const;
export type BenchDatabaseKind = (typeof BENCH_DATABASES)[number];

const POSTGRES_URL = process.env.RAPPORT_BENCH_POSTGRES_URL ?? 'postgres://127.0.0.1:5432/test';

/** A fresh database of the given kind, migrated (to the end, or through `migrations`); `dispose` removes it. */
export async function freshDatabase(kind: BenchDatabaseKind, migrations: readonly SqlMigration[] = CORE_MIGRATIONS): Promise<{ url: string; database: Database; dispose(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'rapport-bench-db-'));
    const url = `sqlite:${path.join(dir, 'bench.db')}`;
    const database = await openDatabase(url, { baseDir: dir });
    await new MigrationRunner(database).run(CORE_OWNER, migrations);
    return { url, database, dispose: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `rapport_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = `${POSTGRES_URL}?schema=${schema}`;
  const database = await openDatabase(url, { baseDir: process.cwd() });
  await new MigrationRunner(database).run(CORE_OWNER, migrations);
  return {
    url,
    database,
    dispose: async () => {
      await database.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
      await database.close();
    },
  };
}

/** Runs `task` for each index with at most `concurrency` in flight; returns the elapsed ms. */
export async function timed(count: number, concurrency: number, task: (index: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return performance.now() - started;
}
