/**
 * Console benchmark: the first load's weight, as the console route sends it to a browser that
 * accepts gzip: index.html plus every script and stylesheet it names. The budget is
 * 300 KB gzipped. Prints `{ benchmark, firstLoadGzipBytes, budget, met, files, lazyChunks }`; builds the
 * console first when it is missing. Run with `npm run -s bench:console`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_DIST_DIR, createConsoleRoute } from '../core/src/console/consoleRoute.js';

const BUDGET = 300 * 1024;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(path.join(CONSOLE_DIST_DIR, 'index.html'))) {
  execFileSync('npm', ['run', '-s', 'build:console', '-w', '@rapport/core'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

const route = createConsoleRoute();
const server = createServer((request, response) => {
  void Promise.resolve(route(request, response)).then((handled) => handled || response.writeHead(404).end());
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Bytes on the wire (gzip, as accepted), not decoded: node:http does not decompress. */
function gzipBytes(urlPath: string): Promise<{ path: string; gzipBytes: number; encoding: string | null }> {
  return new Promise((resolve, reject) => {
    request(`${base}${urlPath}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ path: urlPath, gzipBytes: bytes, encoding: (response.headers['content-encoding'] as string | undefined) ?? null }));
    })
      .on('error', reject)
      .end();
  });
}

try {
  const index = await (await fetch(`${base}/console`)).text();
  const assets = [...index.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((match) => match[1]!);
  const files = [await gzipBytes('/console'), ...(await Promise.all(assets.map(gzipBytes)))];
  const firstLoadGzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  // Chunks loaded on demand (the admin pages, the chart library, plugin views' code): not in the budget, reported to watch them.
  const lazy = readdirSync(path.join(CONSOLE_DIST_DIR, 'assets'))
    .map((name) => `/console/assets/${name}`)
    .filter((file) => file.endsWith('.js') && !assets.includes(file));
  const lazyChunks = await Promise.all(lazy.map(gzipBytes));
  const report = { benchmark: 'console', node: process.version, firstLoadGzipBytes, budget: BUDGET, met: firstLoadGzipBytes <= BUDGET, files, lazyChunks };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  server.close();
}
