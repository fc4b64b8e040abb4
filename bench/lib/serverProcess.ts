/**
 * The one way the benchmarks start a server in its own process: spawn it, wait for its ready
 * line on stdout, give back where it listens (and the line's own figures), stop it cleanly.
 *
 * - {@link startRapportServer}: a real `rapport start` (bench/startup.ts, bench/workflows.ts);
 * - {@link startBenchServer}: bench/lib/benchServer.ts, Rapport's core or the bare graphql-yoga
 *   baseline (bench/query.ts, bench/ingest.ts);
 * - {@link startServerProcess}: what both are built on.
 *
 * Not `startRapport` of `@rapport/sdk/testing`: that one is for tests, and does not fit a
 * benchmark. It runs `rapport start --config <file>` only (no Node options such as
 * `--cpu-prof`, no `--port 0` or `--database`, no working directory), resolves only after
 * polling `/readyz` with fetch (which would put an HTTP round trip, and the first fetch's own
 * set-up in this process, into a startup time that must end at the ready line), does not say
 * when the ready line arrived nor give its figures (`uptimeMs`, `pluginHostMs`, `plugins`),
 * keeps all of the child's output in memory (a workflow instance logs for many minutes), never
 * escalates a stop to SIGKILL, and cannot run bench/lib/benchServer.ts at all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BENCH_SERVER_ENV } from './benchCredential.js';

/** The repository's root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Node's `--import` hook that runs the workspace's TypeScript from source, as `npm run bench` does. */
export const REGISTER_SOURCE = fileURLToPath(new URL('../../core/bin/register-source.js', import.meta.url));
const RAPPORT_BIN = fileURLToPath(new URL('../../core/bin/rapport.js', import.meta.url));
const BENCH_SERVER = fileURLToPath(new URL('./benchServer.ts', import.meta.url));
const READY_PREFIX = 'Rapport ready at';
const DEFAULT_READY_TIMEOUT_MS = 60_000;
const DEFAULT_EXIT_GRACE_MS = 10_000;
/** How much of a child's output to quote when it fails to start. */
const TAIL_CHARS = 2_000;
/** Children not yet exited, for {@link killLiveChildren}. */
const liveChildren = new Set<ChildProcess>();

/** What every ready line must give: where the server listens. */
export interface Listening {
  port: number;
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:41234/graphql`. */
  graphqlUrl: string;
}

export interface ServerProcessOptions<Ready extends Listening> {
  /** Names the process in errors and progress lines, e.g. `rapport start`. */
  name: string;
  /** Everything after `node`: Node's own options, the script, then the script's arguments. */
  argv: string[];
  cwd?: string;
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * The ready line's content, or undefined for any other stdout line. A throw fails the start
   * (the child is then stopped).
   */
  readyLine(line: string): Ready | undefined;
  /** Called with every stdout line, before and after the ready line. */
  onLine?(line: string): void;
  /** Called with every stderr chunk, unless stderr is inherited. */
  onStderr?(text: string): void;
  /** `inherit`: the child's stderr goes straight to this process's (and is not quoted in errors). */
  stderr?: 'capture' | 'inherit';
  /** How long the child may take to print its ready line (default 60 s). */
  readyTimeoutMs?: number;
  /** How long {@link ServerProcess.stop} waits after SIGTERM before SIGKILL (default 10 s). */
  exitGraceMs?: number;
}

/** A started server process. */
export interface ServerProcess<Ready extends Listening> {
  child: ChildProcess;
  port: number;
  graphqlUrl: string;
  /** What {@link ServerProcessOptions.readyLine} made of the ready line. */
  ready: Ready;
  /** From just before spawn() to the moment the ready line was read, before it was parsed. */
  readyAfterMs: number;
  /** SIGTERM, as an operator would stop it; SIGKILL after the grace period. Resolves with the exit code (null after a signal); may be called again. */
  stop(): Promise<number | null>;
}

/**
 * Spawns `node <argv>` and resolves once a stdout line passes `readyLine`. Rejects, after
 * stopping the child, if it exits first, is not ready in time, or `readyLine` throws; the
 * error quotes the end of its output. Stdout keeps being read to the end, so a chatty child
 * never blocks on a full pipe.
 */
export async function startServerProcess<Ready extends Listening>(options: ServerProcessOptions<Ready>): Promise<ServerProcess<Ready>> {
  const { name, readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS, exitGraceMs = DEFAULT_EXIT_GRACE_MS } = options;
  const inheritStderr = options.stderr === 'inherit';
  let tail = '';
  const keep = (text: string) => {
    tail = (tail + text).slice(-TAIL_CHARS);
  };
  const quote = () => (tail.trim() ? ` Output: ${tail.trim()}` : '');

  // Taken just before spawn(), so a startup time includes Node's own boot and tsx's compilation,
  // which a user running `rapport start` also waits for.
  const startedAt = performance.now();
  const child = spawn(process.execPath, options.argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', inheritStderr ? 'inherit' : 'pipe'],
  });
  liveChildren.add(child);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve(signal ? `signal ${signal}` : `code ${code}`);
    });
  });
  if (!inheritStderr) {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      keep(chunk);
      options.onStderr?.(chunk);
    });
  }

  let stopping: Promise<number | null> | undefined;
  const stop = () => (stopping ??= stopChild(child, exited, name, exitGraceMs));

  const readyAt = new Promise<{ ready: Ready; at: number }>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`${name} was not ready within ${readyTimeoutMs} ms.${quote()}`))), readyTimeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      // Timed first, so neither parsing the line nor the callbacks are counted.
      const at = performance.now();
      keep(`${line}\n`);
      options.onLine?.(line);
      if (settled) return;
      try {
        const ready = options.readyLine(line);
        if (ready !== undefined) settle(() => resolve({ ready, at }));
      } catch (error) {
        settle(() => reject(error as Error));
      }
    });
    void exited.then((how) => settle(() => reject(new Error(`${name} exited (${how}) before it was ready.${quote()}`))));
    child.on('error', (error) => settle(() => reject(error)));
  });

  try {
    const { ready, at } = await readyAt;
    return { child, port: ready.port, graphqlUrl: ready.graphqlUrl, ready, readyAfterMs: at - startedAt, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<string>, name: string, graceMs: number): Promise<number | null> {
  // A child that never spawned has no pid and will not emit 'exit'.
  if (child.pid === undefined) return null;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([exited, graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      process.stderr.write(`  ${name} (pid ${child.pid}) ignored SIGTERM for ${graceMs} ms; killing it.\n`);
      child.kill('SIGKILL');
    }
  }
  await exited;
  return child.exitCode;
}

/**
 * SIGKILLs every child not yet exited, synchronously: for a benchmark's `exit` listener, when
 * Ctrl-C or a crash skips its own clean-up and a child would otherwise keep serving.
 */
export function killLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

// rapport start ----------------------------------------------------------------------------------

/** The ready line of `rapport start` (core/src/cli/commands/start.ts). */
export interface RapportReady extends Listening {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The child's own `process.uptime()` when it logged the line, if the line has it. */
  uptimeMs: number | undefined;
  /** The plugin host's load and activation times, if the line has them. */
  pluginHostMs: { load?: unknown; activation?: unknown } | undefined;
  /** How many plugins are in each state. */
  plugins: Record<string, number>;
  /** The line itself, for error messages. */
  line: string;
}

/** The ready line's content, or undefined for any other line (including non-JSON output). */
export function rapportReadyLine(line: string): RapportReady | undefined {
  let entry: { msg?: unknown; url?: unknown; graphql?: unknown; port?: unknown; uptimeMs?: unknown; plugins?: unknown; pluginHostMs?: unknown } | null;
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return undefined;
  }
  if (typeof entry?.msg !== 'string' || !entry.msg.startsWith(READY_PREFIX)) return undefined;
  return {
    port: Number(entry.port),
    url: String(entry.url),
    graphqlUrl: String(entry.graphql),
    uptimeMs: typeof entry.uptimeMs === 'number' ? entry.uptimeMs : undefined,
    pluginHostMs: (entry.pluginHostMs ?? undefined) as RapportReady['pluginHostMs'],
    plugins: (entry.plugins ?? {}) as Record<string, number>,
    line,
  };
}

export interface RapportServerOptions extends Pick<ServerProcessOptions<RapportReady>, 'cwd' | 'env' | 'onLine' | 'onStderr' | 'readyTimeoutMs' | 'exitGraceMs'> {
  /** What follows `rapport start`, e.g. `['--config', file, '--port', '0']`. */
  args: string[];
  /** Node's own options, before the bin (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}

/** Starts the workspace's `rapport start` and resolves at its `Rapport ready at …` line. */
export function startRapportServer(options: RapportServerOptions): Promise<ServerProcess<RapportReady>> {
  const { args, nodeArgs = [], ...rest } = options;
  return startServerProcess({ ...rest, name: 'rapport start', argv: [...nodeArgs, RAPPORT_BIN, 'start', ...args], readyLine: rapportReadyLine });
}

// bench/lib/benchServer.ts -------------------------------------------------------------------------

/** Which server bench/lib/benchServer.ts runs. */
export type BenchServerMode = 'rapport' | 'rapport-open' | 'bare-yoga';

/**
 * Starts bench/lib/benchServer.ts over a database and resolves once it prints `{"port": n}`. It
 * runs as production does: NODE_ENV=production turns off graphql-js's development-only checks
 * (e.g. its cross-realm instanceOf), for the baseline as for Rapport, and it is given the bench's
 * API key (bench/lib/benchCredential.ts), which the load generators send. Its stderr is this
 * process's. `nodeArgs` go to Node before the script (e.g. `--cpu-prof`).
 */
export function startBenchServer(mode: BenchServerMode, databaseUrl: string, nodeArgs: readonly string[] = []): Promise<ServerProcess<Listening>> {
  return startServerProcess({
    name: `${mode} server`,
    argv: [...nodeArgs, '--import', REGISTER_SOURCE, BENCH_SERVER, mode, databaseUrl],
    env: { ...process.env, ...BENCH_SERVER_ENV, NODE_ENV: 'production' },
    stderr: 'inherit',
    readyLine(line) {
      let port: unknown;
      try {
        port = (JSON.parse(line) as { port?: unknown } | null)?.port;
      } catch {
        return undefined;
      }
      return typeof port === 'number' ? { port, graphqlUrl: `http://127.0.0.1:${port}/graphql` } : undefined;
    },
  });
}
