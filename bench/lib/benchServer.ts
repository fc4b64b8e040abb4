/**
 * One HTTP server for a benchmark, run as its own process so that the load generator (autocannon,
 * in the parent) never shares an event loop with the server it measures.
 *
 *   node --import ./core/bin/register-source.js bench/lib/benchServer.ts <rapport|rapport-open|bare-yoga> <database url>
 *
 * Prints `{"port": <n>}` on one line when it listens; stops on SIGTERM.
 *   - rapport: the core's composition root and GraphQL server, exactly as `rapport start` builds
 *     them (no plugins), with the door (credential, rate limit, scopes) and the audit log; the
 *     ADMIN key is `RAPPORT_BOOTSTRAP_API_KEY`, as for `rapport start`;
 *   - rapport-open: the same without the door and without auditing, the baseline that gives what
 *     access control and the audit log cost;
 *   - bare-yoga: the baseline of bench/lib/bareYogaBaseline.ts over the same database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createGraphQLServer } from '../../core/src/graphql/createGraphQLServer.js';
import { DEFAULT_GRAPHQL_OPTIONS } from '../../core/src/access/GraphQLOptions.js';
import { createKernel } from '../../core/src/kernel/createKernel.js';
import { openDatabase } from '../../core/src/persistence/openDatabase.js';
import { createBareYogaServer } from './bareYogaBaseline.js';

const [mode, url] = process.argv.slice(2);
if ((mode !== 'rapport' && mode !== 'rapport-open' && mode !== 'bare-yoga') || !url) {
  process.stderr.write('usage: benchServer.ts <rapport|rapport-open|bare-yoga> <database url>\n');
  process.exit(2);
}

const database = await openDatabase(url, { baseDir: process.cwd() });
let server: Server;
let stopServices = async () => {};
if (mode === 'bare-yoga') {
  server = createBareYogaServer(database);
} else {
  // Events delivered in the background, as `rapport start` does.
  const open = mode === 'rapport-open';
  // The budget is the default's mechanism with room for a benchmark's load: the limiter still
  // counts every request, so its cost is measured, but never refuses one.
  const kernel = createKernel({
    logger: pino({ level: 'silent' }),
    database,
    events: { awaitDelivery: false },
    rateLimit: { max: Number.MAX_SAFE_INTEGER, windowMs: 60_000 },
    audit: { enabled: !open },
  });
  await kernel.host.load({ entries: [], baseDir: process.cwd(), configFile: 'bench', settings: {} });
  await kernel.host.start();
  const bootstrap = process.env.RAPPORT_BOOTSTRAP_API_KEY;
  if (!open && bootstrap) await kernel.apiKeys.ensureBootstrapKey(bootstrap);
  if (!open) kernel.audit.start();
  // The ingest benchmark sends aliased batches of up to 500 mutations: limits to match, same for both.
  const graphql = createGraphQLServer({
    ...kernel,
    withoutAccessControl: open,
    graphql: { ...DEFAULT_GRAPHQL_OPTIONS, limits: { ...DEFAULT_GRAPHQL_OPTIONS.limits, maxAliases: 1_000, maxTokens: 1_000_000, maxBodyBytes: 16 * 1024 * 1024 } },
  });
  await graphql.schema();
  server = createServer((request, response) => {
    void graphql.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  stopServices = async () => {
    await graphql.close();
    await kernel.audit.stop();
    await kernel.host.stop();
  };
}

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    void stopServices()
      .then(() => database.close())
      .then(() => process.exit(0));
  });
});
