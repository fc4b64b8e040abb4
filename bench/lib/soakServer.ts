/**
 * The server of the soak benchmark (bench/soak.ts): a real `rapport start` composed as the
 * platform example is (its plugins and their settings), over the benchmark's database, with a
 * rate limit no load of the benchmark reaches, and its memory watched from outside.
 *
 * Memory is read two ways, both without touching the server's code:
 * - RSS from `/proc/<pid>/status` (VmRSS), by this process, as an operator's probe reads it;
 * - V8's heap from inside: Node preloads {@link MEMORY_PROBE} (`--import` of a data: URL), which
 *   prints `process.memoryUsage()` as one JSON line on stdout every few seconds. The preload runs
 *   in the very process `rapport start` runs in, so the composition measured is exactly the
 *   deployed one; its timer is unref'd, so it never keeps the process alive. It forces no garbage
 *   collection (no --expose-gc): the slope over many samples reads through the sawtooth.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_SERVER_ENV } from './benchCredential.js';
import { readRss } from './processMemory.js';
import { REPO_ROOT, startRapportServer, type RapportReady, type ServerProcess } from './serverProcess.js';

const PLATFORM_CONFIG = path.join(REPO_ROOT, 'examples/platform-app/rapport.config.json');
const AUDIT_SECRET = randomBytes(32).toString('base64url');
/** The key of the probe's lines, so they are told apart from the server's pino lines. */
const PROBE_KEY = 'soakMemory';

/**
 * The preload that reports the server's memory; `RAPPORT_SOAK_SAMPLE_MS` sets its period. Used
 * heap between collections is a sawtooth (tens of MB up and down within seconds under load), so
 * it also reports the used heap just after the latest major collection (a PerformanceObserver on
 * `gc` entries): the live heap, whose slope says whether something keeps memory.
 */
const MEMORY_PROBE = `
import { PerformanceObserver, constants } from 'node:perf_hooks';
const every = Number(process.env.RAPPORT_SOAK_SAMPLE_MS) || 2000;
let heapAfterGc = null;
let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
    majorGcs += 1;
    heapAfterGc = process.memoryUsage().heapUsed;
  }
}).observe({ entryTypes: ['gc'] });
setInterval(() => {
  const m = process.memoryUsage();
  process.stdout.write(JSON.stringify({ ${PROBE_KEY}: { at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, heapAfterGc, majorGcs } }) + '\\n');
}, every).unref();
`;

/** What the probe last reported. */
export interface HeapReport {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Used heap right after the latest major collection; null before the first. */
  heapAfterGc: number | null;
  majorGcs: number;
}

export interface SoakServer {
  process: ServerProcess<RapportReady>;
  graphqlUrl: string;
  /** The server's RSS now, from /proc (bytes); null once it has exited. */
  rssBytes(): number | null;
  /** The probe's latest report, if any came yet. */
  lastHeap(): HeapReport | undefined;
  stop(): Promise<void>;
}

/**
 * The platform example's config with its plugins as absolute paths (the config is written
 * outside the repository), the given database, any free port, and a rate limit out of reach.
 * The log stays at `info`: the ready line is an info line.
 */
export function writeSoakConfig(dir: string, databaseUrl: string): string {
  const platform = JSON.parse(readFileSync(PLATFORM_CONFIG, 'utf8')) as { plugins: string[]; pluginSettings: object; pluginHost: object };
  // Workspace packages are linked into node_modules; their manifests need no export to be found there.
  const plugins = platform.plugins.map((entry) =>
    entry.startsWith('.') ? path.resolve(path.dirname(PLATFORM_CONFIG), entry) : realpathSync(path.join(REPO_ROOT, 'node_modules', entry)),
  );
  const file = path.join(dir, 'rapport.config.json');
  const config = {
    server: { host: '127.0.0.1', port: 0 },
    database: { url: databaseUrl },
    plugins,
    pluginSettings: platform.pluginSettings,
    pluginHost: platform.pluginHost,
    rateLimit: { max: 1_000_000_000, windowMs: 60_000 },
    // Bulk calls of 500 inputs in a few KB each: room for them, as an importer's deployment would give.
    graphql: { limits: { maxBodyBytes: 16 * 1024 * 1024, maxTokens: 1_000_000 } },
    logLevel: 'info',
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Starts `rapport start` over `databaseUrl` with the memory probe preloaded. */
export async function startSoakServer(databaseUrl: string, sampleMs: number, log: (line: string) => void): Promise<SoakServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-soak-'));
  const configFile = writeSoakConfig(dir, databaseUrl);
  let heap: HeapReport | undefined;
  const server = await startRapportServer({
    args: ['--config', configFile],
    // BENCH_SOAK_NODE_ARGS adds Node options, e.g. `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=/tmp/snaps` to look inside.
    nodeArgs: ['--import', `data:text/javascript,${encodeURIComponent(MEMORY_PROBE)}`, ...(process.env.BENCH_SOAK_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    cwd: dir,
    // An audit secret, as a deployment sets one (without it the chain's key lives in the database, and the log warns).
    env: { ...process.env, ...BENCH_SERVER_ENV, NODE_ENV: 'production', RAPPORT_AUDIT_SECRET: AUDIT_SECRET, RAPPORT_SOAK_SAMPLE_MS: String(sampleMs) },
    readyTimeoutMs: 120_000,
    onLine(line) {
      if (line.startsWith(`{"${PROBE_KEY}"`)) {
        heap = (JSON.parse(line) as Record<string, HeapReport>)[PROBE_KEY];
        return;
      }
      // Warnings and errors of the server are worth seeing; the ready line is parsed elsewhere.
      if (line.includes('"level":40') || line.includes('"level":50') || line.includes('"level":60')) log(`  server: ${line.slice(0, 400)}`);
    },
    onStderr: (text) => log(`  server stderr: ${text.trimEnd().slice(0, 400)}`),
  });
  const pid = server.child.pid!;
  return {
    process: server,
    graphqlUrl: server.graphqlUrl,
    rssBytes: () => readRss(pid),
    lastHeap: () => heap,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

