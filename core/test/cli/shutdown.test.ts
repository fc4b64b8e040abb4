import { request } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { scrape } from '../metrics/scrape.js';
import { ADMIN_HEADERS, startServer, waitFor, writeConfig } from './runCli.js';

const TOKEN = 'shutdown-test-metrics-token-42';

/** A POST /graphql whose body arrives in two parts: the request is in flight until `finish()`. */
function slowGraphQLRequest(url: string): { answer: Promise<{ status: number; body: string }>; finish: () => void } {
  const body = JSON.stringify({ query: '{ customers { totalCount } }' });
  let finish!: () => void;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...ADMIN_HEADERS },
    });
    req.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.write(body.slice(0, 10));
    finish = () => req.end(body.slice(10));
  });
  return { answer, finish };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
  });
}

describe('rapport start: metrics, readiness and graceful shutdown', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  async function start(shutdownTimeout: string) {
    const config = writeConfig({
      server: { host: '127.0.0.1', port: 0, shutdownTimeout },
      database: { url: 'sqlite:./rapport.db' },
      redis: { url: 'redis://127.0.0.1:6379' },
      metrics: { token: TOKEN },
    });
    const server = await startServer(['--config', config, '--create-database']);
    children.push(server.child);
    return server;
  }

  it('serves /metrics and /readyz with Redis; on SIGTERM answers the request in flight, /readyz 503 meanwhile, and exits 0', async () => {
    const server = await start('8s');
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'plugins', ready: true },
        { name: 'database', ready: true },
        { name: 'redis', ready: true },
      ],
    });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const figures = await scrape(server.url, TOKEN);
    expect(figures.value('rapport_http_requests_total', { family: 'other', status_class: '2xx' })).toBe(1);
    expect(figures.value('rapport_http_requests_total', { family: 'other', status_class: '4xx' })).toBe(1);
    expect(figures.families.has('process_resident_memory_bytes')).toBe(true);

    const slow = slowGraphQLRequest(server.url);
    // The request has begun (its headers are in) before the signal.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = Date.now();
    const exit = exited(server.child);
    server.child.kill('SIGTERM');
    await waitFor('the drain to begin', () => (server.logs().includes('"msg":"draining') ? true : undefined), 5_000);
    const draining = await fetch(`${server.url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ status: 'draining' });
    const refused = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...ADMIN_HEADERS }, body: '{"query":"{ __typename }"}' });
    expect(refused.status).toBe(503);
    expect(server.child.exitCode).toBeNull();

    slow.finish();
    const answered = await slow.answer;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { customers: { totalCount: 0 } } });
    expect(await exit).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(8_000);
    expect(server.logs()).toContain('"msg":"stopped"');
  });

  it('cuts off a request that never finishes and exits within server.shutdownTimeout', async () => {
    const server = await start('2s');
    const stuck = slowGraphQLRequest(server.url);
    stuck.answer.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = Date.now();
    const exit = exited(server.child);
    server.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    const took = Date.now() - signalled;
    // The request waits the bound less the closing reserve (400 ms of 2 s), then everything closes.
    expect(took).toBeGreaterThanOrEqual(1_500);
    expect(took).toBeLessThan(2_500);
    expect(server.logs()).toContain('requests still in flight at the shutdown bound are cut off');
    await expect(stuck.answer).rejects.toThrow();
  });
});
