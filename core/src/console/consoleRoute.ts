import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { RouteHandler } from '../util/http.js';
import { consoleSecurityHeaders } from './securityHeaders.js';

/** Where the console is served; its client routes (/console/inbox, …) all answer index.html. */
export const CONSOLE_PATH = '/console';

/** Paths under /console another route answers (plugin views are served by pluginViewRoute.ts). */
const OTHER_ROUTES = [`${CONSOLE_PATH}/plugin-views/`];

/**
 * The built console: core/console/dist, two folders up from this file in the sources
 * (core/src/console) and in the published package (core/dist/console) alike.
 */
export const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../console/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Only a plain file name in assets/: no slashes, no dot-segments, nothing encoded away. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

interface Encoded {
  mtimeMs: number;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/**
 * `GET /console` and every `/console/…` route: index.html for the client's routes, hashed files
 * from `/console/assets/` cached for a year, each compressed once (brotli or gzip, as the browser
 * accepts) and kept in memory. Every answer carries the console's Content-Security-Policy. Without
 * a build (a clone before `npm run build`), the answer is 503 saying how to build it.
 */
export function createConsoleRoute(options: { distDir?: string } = {}): RouteHandler {
  const distDir = options.distDir ?? CONSOLE_DIST_DIR;
  const assetsDir = path.join(distDir, 'assets');
  const cache = new Map<string, Encoded>();

  return (request, response) => {
    const pathname = (request.url ?? '/').split('?')[0]!;
    if (pathname !== CONSOLE_PATH && !pathname.startsWith(`${CONSOLE_PATH}/`)) return false;
    if (OTHER_ROUTES.some((prefix) => pathname.startsWith(prefix))) return false;
    const headers = consoleSecurityHeaders(request.headers.host);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(request, response, 405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, Buffer.from('The console answers GET and HEAD only.\n'));
      return true;
    }
    const indexFile = path.join(distDir, 'index.html');
    if (!existsSync(indexFile)) {
      const message = `The console is not built: ${indexFile} is missing. Run \`npm run build\` at the root of the Rapport repository (or \`npm run build -w @rapport/core\`), then reload.\n`;
      send(request, response, 503, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '60' }, Buffer.from(message));
      return true;
    }

    if (pathname.startsWith(`${CONSOLE_PATH}/assets/`)) {
      const name = safeAssetName(pathname.slice(`${CONSOLE_PATH}/assets/`.length));
      const file = name === undefined ? undefined : path.join(assetsDir, name);
      if (!file || path.dirname(file) !== assetsDir || !isFile(file)) {
        send(request, response, 404, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, Buffer.from(`No console asset ${pathname}. Asset names change with every build: reload the console.\n`));
        return true;
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      // Names carry a content hash: a new build gets new names, so a year is safe.
      sendEncoded(request, response, { ...headers, 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' }, encoded(cache, file));
      return true;
    }

    // Every other path is a client route: the app reads location and shows the page (or its own "not found").
    sendEncoded(request, response, { ...headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }, encoded(cache, indexFile));
    return true;
  };
}

function safeAssetName(raw: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return ASSET_NAME.test(name) && !name.includes('..') ? name : undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The file and its compressed forms, made again when the file changed (a rebuild while serving). */
function encoded(cache: Map<string, Encoded>, file: string): Encoded {
  const { mtimeMs } = statSync(file);
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached;
  const identity = readFileSync(file);
  const entry = {
    mtimeMs,
    identity,
    br: brotliCompressSync(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gzip: gzipSync(identity, { level: 9 }),
  };
  cache.set(file, entry);
  return entry;
}

function sendEncoded(request: IncomingMessage, response: ServerResponse, headers: Record<string, string>, body: Encoded): void {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  const encoding = acceptsEncoding(accepted, 'br') ? 'br' : acceptsEncoding(accepted, 'gzip') ? 'gzip' : undefined;
  const content = encoding ? body[encoding] : body.identity;
  send(request, response, 200, { ...headers, vary: 'Accept-Encoding', ...(encoding && { 'content-encoding': encoding }) }, content);
}

function acceptsEncoding(header: string, encoding: string): boolean {
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    return name?.trim().toLowerCase() === encoding && !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
  });
}

function send(request: IncomingMessage, response: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  response.writeHead(status, { ...headers, 'content-length': String(body.length) });
  response.end(request.method === 'HEAD' ? undefined : body);
}
