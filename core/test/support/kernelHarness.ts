import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Clock } from '@rapport/sdk';
import { createKernel, type Kernel, type KernelOptions } from '../../src/kernel/createKernel.js';
import { migrateAll } from '../../src/persistence/migrateAll.js';
import { createHttpServer, type RouteHandler } from '../../src/server/createHttpServer.js';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './testDatabases.js';

/** A whole core on a fresh test database, with fixture plugins loaded and started. */
export interface KernelHarness {
  kernel: Kernel;
  testDatabase: TestDatabase;
  count(table: string): Promise<number>;
  /** Serves `routes` on a real HTTP server on a free port; closed with the harness. */
  serve(routes: RouteHandler[]): Promise<string>;
  close(): Promise<void>;
}

export async function createKernelHarness(
  kind: TestDatabaseKind,
  fixtureDirs: string[],
  options: {
    settings?: Record<string, unknown>;
    database?: TestDatabase;
    clock?: Clock;
    workflows?: KernelOptions['workflows'];
    bots?: KernelOptions['bots'];
    assignment?: KernelOptions['assignment'];
  } = {},
): Promise<KernelHarness> {
  // A harness given another's database shares it (two instances) and leaves destroying it to that one.
  const testDatabase = options.database ?? createTestDatabase(kind);
  const database = await testDatabase.open();
  const kernel = createKernel({
    logger: pino({ level: 'silent' }),
    database,
    clock: options.clock,
    workflows: options.workflows,
    bots: options.bots,
    assignment: options.assignment,
  });
  await kernel.host.load({
    entries: fixtureDirs.map((dir) => `./${dir}`),
    baseDir: FIXTURES,
    configFile: 'rapport.config.json',
    settings: options.settings ?? {},
  });
  await migrateAll(database, kernel.host.loadedManifests());
  await kernel.host.start();
  const servers: ReturnType<typeof createHttpServer>[] = [];
  return {
    kernel,
    testDatabase,
    async count(table) {
      const rows: { n: unknown }[] = await database.orm.em.getConnection().execute(`select count(*) as n from ${table}`);
      return Number(rows[0]!.n);
    },
    async serve(routes) {
      const server = createHttpServer([], routes);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
      await kernel.workflows.stop();
      await kernel.dispatcher.stop();
      await kernel.host.stop();
      await database.close();
      if (!options.database) await testDatabase.destroy();
    },
  };
}
