/**
 * The console's route as `rapport start` mounts it, over real HTTP: the built app (core/console/dist,
 * which the tests' global setup keeps current) for client routes, its hashed assets cached and
 * compressed, the Content-Security-Policy on every answer, and nothing outside assets/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST_DIR, createConsoleRoute } from '../../src/console/consoleRoute.js';
import { createHttpServer } from '../../src/server/createHttpServer.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: fetch would normalize `..` out of the path before sending it. */
function get(base: string, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function serve(route: ReturnType<typeof createConsoleRoute>): Promise<{ server: Server; url: string }> {
  const server = createHttpServer([], [route]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

const INDEX = readFileSync(path.join(CONSOLE_DIST_DIR, 'index.html'), 'utf8');
const ASSETS = [...INDEX.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((match) => match[1]!);

describe('the console route', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => ({ server, url } = await serve(createConsoleRoute())));
  afterAll(() => close(server));

  it.each(['/console', '/console/', '/console/inbox', '/console/conversations/Q29udmVyc2F0aW9uOjE', '/console/customers/Q3VzdG9tZXI6MQ', '/console/dashboard'])(
    'answers %s with index.html, not cached, under the CSP',
    async (route) => {
      const answer = await get(url, route);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.body.toString('utf8')).toBe(INDEX);
      const csp = String(answer.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]) {
        expect(csp).toContain(directive);
      }
      expect(csp).toContain(`connect-src 'self' ws://${new URL(url).host} wss://${new URL(url).host}`);
      expect(csp).not.toContain('unsafe-inline');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    },
  );

  it('index.html has no inline script or style: every script and stylesheet is a file of assets/', () => {
    const scripts = [...INDEX.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/src="\/console\/assets\/[^"]+\.js"/);
      expect(content!.trim()).toBe('');
    }
    expect(INDEX).not.toMatch(/<style\b/);
    expect(INDEX).not.toMatch(/\sstyle=/);
    expect(INDEX).not.toMatch(/\son[a-z]+=/);
    expect(ASSETS.some((asset) => asset.endsWith('.css'))).toBe(true);
  });

  it('serves the assets index.html names, with a year of caching and brotli or gzip', async () => {
    for (const asset of ASSETS) {
      const plain = await get(url, asset);
      expect(plain.status).toBe(200);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['content-type']).toMatch(asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-security-policy']).toContain("script-src 'self'");
      const file = readFileSync(path.join(CONSOLE_DIST_DIR, 'assets', path.basename(asset)));
      expect(plain.body.equals(file)).toBe(true);

      const br = await get(url, asset, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toBe('Accept-Encoding');
      expect(brotliDecompressSync(br.body).equals(file)).toBe(true);

      const gzip = await get(url, asset, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(file)).toBe(true);
      expect(gzip.body.length).toBeLessThan(file.length);
    }
  });

  it('answers 404 for an asset that does not exist', async () => {
    const answer = await get(url, '/console/assets/index-doesnotexist.js');
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).toContain('No console asset /console/assets/index-doesnotexist.js');
  });

  it.each(['/console/assets/../../package.json', '/console/assets/..%2F..%2Fpackage.json', '/console/assets/%2e%2e/index.html', '/console/assets/sub/../../../package.json', '/console/assets/..'])(
    'refuses the path traversal %s with 404',
    async (raw) => {
      const answer = await get(url, raw);
      expect(answer.status).toBe(404);
      expect(answer.body.toString()).not.toContain('"name"');
    },
  );

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(url, '/console/inbox', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const post = await get(url, '/console/inbox', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('leaves other paths, and plugin views, to other routes', async () => {
    expect((await get(url, '/consoles')).status).toBe(404);
    expect((await get(url, '/console/plugin-views/acme/loyalty.js')).body.toString()).toContain('No route for GET');
  });
});

describe('without a build', () => {
  let server: Server;
  let url: string;
  const empty = mkdtempSync(path.join(tmpdir(), 'rapport-console-dist-'));

  beforeAll(async () => ({ server, url } = await serve(createConsoleRoute({ distDir: empty }))));
  afterAll(async () => {
    await close(server);
    rmSync(empty, { recursive: true, force: true });
  });

  it('answers 503 saying to run npm run build', async () => {
    for (const route of ['/console', '/console/inbox', '/console/assets/index.js']) {
      const answer = await get(url, route);
      expect(answer.status).toBe(503);
      expect(answer.body.toString()).toContain('The console is not built');
      expect(answer.body.toString()).toContain('npm run build');
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });
});
