/**
 * One HTTP server for a benchmark, run as its own process so that the load generator (autocannon,
 * in the parent) never shares an event loop with the server it measures.
 *
 *   node --import ./core/bin/register-source.js bench/lib/benchServer.ts <rapport|bare-yoga> <database url>
 *
 * Prints `{"port": <n>}` on one line when it listens; stops on SIGTERM.
 *   - rapport: the core's composition root and GraphQL server, exactly as `rapport start` builds
 *     them (no plugins);
 *   - bare-yoga: the baseline of bench/lib/bareYogaBaseline.ts over the same database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createGraphQLServer } from '../../core/src/graphql/createGraphQLServer.js';
import { createKernel } from '../../core/src/kernel/createKernel.js';
import { openDatabase } from '../../core/src/persistence/openDatabase.js';
import { createBareYogaServer } from './bareYogaBaseline.js';

const [mode, url] = process.argv.slice(2);
if ((mode !== 'rapport' && mode !== 'bare-yoga') || !url) {
  process.stderr.write('usage: benchServer.ts <rapport|bare-yoga> <database url>\n');
  process.exit(2);
}

const database = await openDatabase(url, { baseDir: process.cwd() });
let server: Server;
let stopServices = async () => {};
if (mode === 'bare-yoga') {
  server = createBareYogaServer(database);
} else {
  // Events delivered in the background, as `rapport start` does.
  const kernel = createKernel({ logger: pino({ level: 'silent' }), database, events: { awaitDelivery: false } });
  await kernel.host.load({ entries: [], baseDir: process.cwd(), configFile: 'bench', settings: {} });
  await kernel.host.start();
  const graphql = createGraphQLServer(kernel);
  await graphql.schema();
  server = createServer((request, response) => {
    void graphql.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  stopServices = async () => {
    await graphql.close();
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
