import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, RequestDrain, type ReadinessCheck } from '../../src/server/createHttpServer.js';
import { redisReadinessCheck, type ClosableReadinessCheck } from '../../src/server/redisReadiness.js';

/** The Redis the tests use (see .ci/run). */
const REDIS_URL = 'redis://127.0.0.1:6379';

describe('/readyz', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serve(checks: ReadinessCheck[], drain?: RequestDrain): Promise<string> {
    const server: Server = createHttpServer(checks, [() => false], undefined, [], drain ? { drain } : {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function redis(url: string): ClosableReadinessCheck {
    const check = redisReadinessCheck(url, 500);
    cleanups.push(() => check.close());
    return check;
  }

  it('answers 200 with each dependency ready, Redis answering its PING', async () => {
    const url = await serve([{ name: 'database', ready: () => true }, redis(REDIS_URL)]);
    const answer = await fetch(`${url}/readyz`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', ready: true },
        { name: 'redis', ready: true },
      ],
    });
  });

  it('answers 503 naming Redis and why when it does not answer, and becomes ready when it does', async () => {
    const url = await serve([{ name: 'database', ready: () => true }, redis('redis://127.0.0.1:1')]);
    const started = Date.now();
    const answer = await fetch(`${url}/readyz`);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(answer.status).toBe(503);
    const body = (await answer.json()) as { status: string; checks: { name: string; ready: boolean; detail?: string }[] };
    expect(body.status).toBe('not ready');
    expect(body.checks[0]).toEqual({ name: 'database', ready: true });
    expect(body.checks[1]).toMatchObject({ name: 'redis', ready: false });
    expect(body.checks[1]!.detail).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:1 is unreachable: /);
  });

  it('reports a check that throws as not ready, with its message', async () => {
    const url = await serve([
      {
        name: 'plugins',
        ready: () => {
          throw new Error('the host is gone');
        },
      },
      { name: 'database', ready: () => ({ ready: false, detail: 'The database does not answer a trivial query.' }) },
    ]);
    const answer = await fetch(`${url}/readyz`);
    expect(answer.status).toBe(503);
    expect(await answer.json()).toEqual({
      status: 'not ready',
      checks: [
        { name: 'plugins', ready: false, detail: 'the host is gone' },
        { name: 'database', ready: false, detail: 'The database does not answer a trivial query.' },
      ],
    });
  });

  it('answers 503 "draining" at once while draining, refuses new work, keeps /healthz, and waits for requests in flight', async () => {
    const drain = new RequestDrain();
    let release!: () => void;
    const server: Server = createHttpServer([{ name: 'database', ready: () => true }], [
      async (request, response) => {
        if (request.url !== '/slow') return false;
        await new Promise<void>((resolve) => (release = resolve));
        response.end('done');
        return true;
      },
    ], undefined, [], { drain });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const slow = fetch(`${url}/slow`);
    await until(() => drain.inFlight === 1);
    drain.start();
    const settled = drain.settled(5_000);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'draining' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const refused = await fetch(`${url}/slow`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(drain.inFlight).toBe(1);

    release();
    expect(await (await slow).text()).toBe('done');
    expect(await settled).toBe(true);
    expect(drain.inFlight).toBe(0);
    // A bound that passes first says so.
    expect(await new RequestDrain().settled(10)).toBe(true);
  });
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
