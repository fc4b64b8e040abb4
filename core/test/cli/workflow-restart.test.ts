import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../plugin-host/fixtures.js';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../support/testDatabases.js';
import { ADMIN_HEADERS, startServer, stopServer, waitFor, writeConfig } from './runCli.js';

/** The fixture's log lines: `[time, what, …]`. */
function logOf(dir: string): string[][] {
  const file = path.join(dir, 'log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(' ')) : [];
}



async function sleepingRuns(url: string): Promise<number> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ADMIN_HEADERS },
    body: JSON.stringify({ query: '{ workflowRuns(status: SLEEPING) { totalCount } }' }),
  });
  return ((await response.json()) as { data: { workflowRuns: { totalCount: number } } }).data.workflowRuns.totalCount;
}

async function gql(url: string, query: string): Promise<Record<string, { id: string; conversation?: { id: string } }>> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...ADMIN_HEADERS }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data: Record<string, { id: string; conversation?: { id: string } }>; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

describe.each(TEST_DATABASES)('workflow runs across a SIGKILL on %s', (kind) => {
  let database: TestDatabase;
  afterEach(() => database.destroy());

  function config(logDir: string, settings: Record<string, unknown>): string[] {
    const dir = path.dirname(writeConfig({}));
    const file = writeConfig({
      server: { host: '127.0.0.1', port: 0 },
      plugins: [`./${path.relative(dir, path.join(FIXTURES, 'workflow-survey-js'))}`],
      pluginSettings: { '@fixtures/workflow-survey': { logDir, timeout: 'PT1S', ...settings } },
      // Short leases, so a restarted PostgreSQL instance takes over the dead one's runs soon.
      events: { leaseMs: 1_000, pollIntervalMs: 100 },
      workflows: { leaseMs: 1_000, pollIntervalMs: 100 },
    });
    return ['--config', file, '--database', database.url];
  }

  async function resolveAConversation(url: string): Promise<void> {
    const { recordInteraction } = await gql(
      url,
      'mutation { recordInteraction(input: { email: "ada@example.com", channel: "sms", direction: INBOUND, type: "message", text: "Late order" }) { id conversation { id } } }',
    );
    await gql(url, `mutation { resolveConversation(id: "${recordInteraction!.conversation!.id}") { id } }`);
  }

  it('wakes a run that slept through the kill at its due time, without running its finished step again', async () => {
    database = createTestDatabase(kind);
    const logDir = mkdtempSync(path.join(tmpdir(), 'rapport-wf-'));
    const args = config(logDir, { delay: 'PT3S' });
    const first = await startServer(args);
    await resolveAConversation(first.url);
    const [prepared] = await waitFor('the first step', () => logOf(logDir).find((line) => line[1] === 'prepare'));
    // Killed while sleeping: the first step's result is stored, the timer is pending.
    await waitFor('the run to sleep', async () => ((await sleepingRuns(first.url)) === 1 ? true : undefined));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(logOf(logDir).some((line) => line[1] === 'sent')).toBe(false);

    const second = await startServer(args);
    try {
      const [outcomeAt, , , answer] = await waitFor('the run to finish', () => logOf(logDir).find((line) => line[1] === 'outcome'));
      const log = logOf(logDir);
      expect(log.filter((line) => line[1] === 'prepare')).toHaveLength(1);
      const sent = log.filter((line) => line[1] === 'sent');
      expect(sent).toHaveLength(1);
      // Not before the timer was due (3 s after the first step), whatever the restart did.
      expect(Number(sent[0]![0])).toBeGreaterThanOrEqual(Number(prepared) + 3_000);
      expect(Number(outcomeAt)).toBeGreaterThanOrEqual(Number(sent[0]![0]));
      expect(answer).toBe('silent');
    } finally {
      expect(await stopServer(second.child)).toBe(0);
    }
  });

  it('does not send again when the process died right after a send', async () => {
    database = createTestDatabase(kind);
    const logDir = mkdtempSync(path.join(tmpdir(), 'rapport-wf-'));
    const args = config(logDir, { delay: 0, crashAfterSend: true });
    const first = await startServer(args);
    const exited = new Promise((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));
    await resolveAConversation(first.url);
    expect(await exited).toBe('SIGKILL');

    const second = await startServer(args);
    try {
      await waitFor('the run to finish', () => logOf(logDir).find((line) => line[1] === 'outcome'));
      const log = logOf(logDir);
      expect(log.filter((line) => line[1] === 'prepare')).toHaveLength(1);
      expect(log.filter((line) => line[1] === 'sent')).toHaveLength(1);
    } finally {
      expect(await stopServer(second.child)).toBe(0);
    }
  });
});
