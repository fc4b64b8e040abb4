import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';
import { ADMIN_HEADERS, startServer, stopServer, waitFor, writeConfig } from './runCli.js';


describe.each(TEST_DATABASES)('durable events across a crash on %s', (kind) => {
  let database: TestDatabase;
  afterEach(() => database.destroy());

  it('delivers an event committed before a SIGKILL after the restart, with the same id, and stores the interaction once', async () => {
    database = createTestDatabase(kind);
    const seen = mkdtempSync(path.join(tmpdir(), 'rapport-crash-'));
    const dir = path.dirname(writeConfig({}));
    const config = writeConfig({
      server: { host: '127.0.0.1', port: 0 },
      plugins: [`./${path.relative(dir, path.join(FIXTURES, 'crash-once-js'))}`],
      pluginSettings: { '@fixtures/crash-once': { dir: seen } },
      // A short lease, so the restarted process on PostgreSQL takes over the dead one's event soon.
      events: { leaseMs: 1_000, pollIntervalMs: 100 },
    });
    const args = ['--config', config, '--database', database.url];

    const first = await startServer(args);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));
    const mutation = 'mutation { recordInteraction(input: { email: "ada@example.com", channel: "email", direction: INBOUND, type: "message", text: "hello", externalId: "m-1" }) { id } }';
    // The handler kills the server during delivery, after the commit (the server delivers in the
    // background, so the request may or may not have been answered by then).
    await fetch(`${first.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...ADMIN_HEADERS }, body: JSON.stringify({ query: mutation }) }).catch(() => undefined);
    expect(await exited).toBe('SIGKILL');
    const crashedOn = readFileSync(path.join(seen, 'crashed'), 'utf8');
    expect(existsSync(path.join(seen, 'handled'))).toBe(false);

    const second = await startServer(args);
    try {
      const handled = await waitFor('the event to be handled after the restart', () =>
        existsSync(path.join(seen, 'handled')) ? readFileSync(path.join(seen, 'handled'), 'utf8') : undefined,
      );
      expect(handled).toBe(`${crashedOn}\n`);
      const response = await fetch(`${second.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ADMIN_HEADERS },
        body: JSON.stringify({ query: '{ customers { totalCount edges { node { interactions { totalCount } } } } }' }),
      });
      const { data } = (await response.json()) as { data: { customers: { totalCount: number; edges: { node: { interactions: { totalCount: number } } }[] } } };
      expect(data.customers.totalCount).toBe(1);
      expect(data.customers.edges[0]!.node.interactions.totalCount).toBe(1);
    } finally {
      expect(await stopServer(second.child)).toBe(0);
    }
  });
});
