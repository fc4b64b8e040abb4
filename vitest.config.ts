import { createRequire } from 'node:module';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that start rapport processes (the CLI, servers, deployments), or that measure something
 * against the wall clock of a shared machine or take the CPU for seconds: a PostgreSQL LISTEN notification awaited within
 * seconds, a database outage and its recovery, a real Chromium driven through a network drop.
 * (Commands that finish, such as `keys`, `migrate` or `audit verify`, run in the test's own process
 * with runCliInProcess; a file that needs no process of its own belongs in the shared group.)
 * They run after everything else, one file at a time, with the machine to themselves: a started
 * server compiles and loads the whole core, and beside another file it once missed a 30 s test
 * timeout, as a LISTEN notification once missed its 10 s.
 */
const ALONE = [
  'core/test/cli/**/*.test.ts',
  'core/test/access/access-cli.test.ts',
  'core/test/access/credential-cache.test.ts',
  'core/test/reliability/honest-errors-outage.test.ts',
  'examples/*/test/**/*.test.ts',
  'plugins/aftercare-followup/test/restart.test.ts',
  'plugins/channel-email/test/inboundSecret.test.ts',
  'plugins/internal-pulse/test/anonymity.test.ts',
  // Population fits of the LTV models: one counts the event loop's turns during a 100,000-customer
  // fit; the other fits through the test host and took 46 s beside another file (8 s alone).
  'plugins/scoring-ltv/test/limits.test.ts',
  'plugins/scoring-ltv/test/ltv-limits.test.ts',
];

const ALL = ['{sdk,core,plugins/*,examples/*}/test/**/*.test.{ts,js}'];

// Tests run the TypeScript sources of every workspace package: the "rapport-source" export
// condition points @rapport/* imports at src/ instead of the dist/ built for publishing.
// ("import"/"require" must not be listed: they are chosen per import kind, and forcing "import"
// makes Node's require() of dual packages such as pg-pool load their ESM build.)
// graphql 16 has no "exports": Node loads its CommonJS build (index.js) for every importer, but
// Vite would give the sources it transforms the "module" build (index.mjs), a second copy whose
// classes fail graphql's instanceof checks against schemas built by packages Node loaded (yoga,
// graphql-inspector). The alias keeps one copy, as in production.
const GRAPHQL_AS_NODE_LOADS_IT = createRequire(import.meta.url).resolve('graphql');
// Vite's "module" condition is for bundlers, and vitest passes the server conditions on to Node
// (--conditions), where a package's "module" build then meets require() and import alike: that of
// @opentelemetry/api (loaded by the core and by prom-client) has extension-less imports Node cannot
// run. Node in production never uses "module"; neither do the tests.
const SERVER_CONDITIONS = defaultServerConditions.filter((condition) => condition !== 'module');

export default defineConfig({
  resolve: { conditions: ['rapport-source', ...defaultClientConditions], alias: [{ find: /^graphql$/, replacement: GRAPHQL_AS_NODE_LOADS_IT }] },
  ssr: { resolve: { conditions: ['rapport-source', ...SERVER_CONDITIONS], externalConditions: ['rapport-source'] } },
  test: {
    // sdk/dist and core/dist current with the sources, for the tests of generated plugins.
    globalSetup: ['core/test/support/freshDist.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
    // Every file has its own databases (a SQLite file, a PostgreSQL schema) and its own ports, so
    // two run side by side, one per core of the 2-core machines CI runs on.
    projects: [
      { extends: true, test: { name: 'shared', include: ALL, exclude: [...configDefaults.exclude, ...ALONE], maxWorkers: 2, isolate: false, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
