/**
 * The platform example's deployment as a real `rapport start --demo` process on a SQLite file and a
 * free port, with this client's persisted-documents.json as its only runnable operations for every
 * credential but ADMIN. (`startRapport` of the SDK's testing kit starts no demo data, so the
 * process is started here the same way, with `--demo`.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PLATFORM_CONFIG = path.resolve(PACKAGE_DIR, '..', 'platform-app', 'rapport.config.json');
export const PERSISTED_DOCUMENTS = path.join(PACKAGE_DIR, 'src', 'gql', 'persisted-documents.json');

export interface DemoServer {
  url: string;
  /** The ADMIN key the process was started with (RAPPORT_BOOTSTRAP_API_KEY). */
  adminKey: string;
  output(): string;
  /** Runs an operation as text with the ADMIN key; errors throw with their codes. */
  admin<Data>(query: string, variables?: Record<string, unknown>): Promise<Data>;
  stop(): Promise<void>;
}

/** The installed `rapport` bin (@rapport/core), run with this Node. */
export function rapportBin(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('@rapport/core/package.json')), 'bin', 'rapport.js');
}

/** `persisted: false` starts the deployment as `npm start` does, without an operation list. */
export async function startDemoServer(options: { persisted?: boolean } = {}): Promise<DemoServer> {
  const composed = JSON.parse(readFileSync(PLATFORM_CONFIG, 'utf8')) as { plugins: string[] } & Record<string, unknown>;
  mkdirSync(path.join(PACKAGE_DIR, '.rapport'), { recursive: true });
  // Inside the package, so package names among the plugins resolve as they do for `npm start`.
  const runDir = mkdtempSync(path.join(PACKAGE_DIR, '.rapport', 'test-'));
  const config = {
    ...composed,
    server: { host: '127.0.0.1', port: 0 },
    database: { url: `sqlite:${path.join(runDir, 'rapport.db')}` },
    plugins: composed.plugins.map((entry) => (entry.startsWith('.') ? path.resolve(path.dirname(PLATFORM_CONFIG), entry) : entry)),
    ...(options.persisted !== false && { graphql: { persistedOperations: { file: PERSISTED_DOCUMENTS, onlyListed: true } } }),
    // Subscriptions hear of a change when the event bus delivers it: poll often.
    events: { pollIntervalMs: 100 },
  };
  const configFile = path.join(runDir, 'rapport.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  const adminKey = `rk_${randomBytes(32).toString('base64url')}`;
  const child = spawn(process.execPath, [rapportBin(), 'start', '--config', configFile, '--demo'], {
    stdio: 'pipe',
    env: { ...process.env, RAPPORT_BOOTSTRAP_API_KEY: adminKey, LOG_LEVEL: 'info' },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const cleanUp = () => rmSync(runDir, { recursive: true, force: true });

  let url: string;
  try {
    url = await readyUrl(child, () => output, 60_000);
  } catch (error) {
    await stopChild(child);
    cleanUp();
    throw error;
  }

  return {
    url,
    adminKey,
    output: () => output,
    async admin<Data>(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] };
      if (body.errors?.length) throw new Error(`GraphQL errors: ${body.errors.map((e) => `${e.message} (${e.extensions?.code})`).join('; ')}`);
      return body.data!;
    },
    async stop() {
      await stopChild(child);
      cleanUp();
    },
  };
}

/** Resolves with the URL of the ready line pino writes, once /readyz answers 200. */
async function readyUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = output()
      .split('\n')
      .find((line) => line.includes('"Rapport ready at'));
    if (ready) {
      const url = (JSON.parse(ready) as { url: string }).url;
      if ((await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200) return url;
    }
    if (child.exitCode !== null) throw new Error(`rapport start exited with ${child.exitCode} before it was ready:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`rapport start was not ready within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const cut = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(cut);
}
