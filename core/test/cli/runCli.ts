import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The rapport bin, exactly as npm links it. */
export const RAPPORT_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/rapport.js');

/** The ADMIN key every server of {@link startServer} is bootstrapped with (RAPPORT_BOOTSTRAP_API_KEY). */
export const TEST_ADMIN_TOKEN = `rk_${randomBytes(32).toString('base64url')}`;

/** The Authorization header of {@link TEST_ADMIN_TOKEN}, for requests to a started server. */
export const ADMIN_HEADERS: Readonly<Record<string, string>> = Object.freeze({ authorization: `Bearer ${TEST_ADMIN_TOKEN}` });

/** Writes a config file into a new temporary directory and returns its path. */
export function writeConfig(config: unknown, name = 'rapport.config.json'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-cli-'));
  const file = path.join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return file;
}

/** Runs the CLI to completion, as a process of its own; `stdin` is written to its standard input. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RAPPORT_BIN, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    if (stdin !== undefined) child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs a command line in this process, through the same `main` the bin calls, and captures what
 * it writes to standard output and error. A spawned `rapport` spends about 2.5 s loading the core
 * before it does anything; here that happens once per test file. Meant for commands that finish
 * (errors, `keys`, `users`, `migrate`, `audit verify`, `new plugin`): a `start` that serves stays a
 * process of its own ({@link startServer}), and the bin itself keeps its own tests through
 * {@link runCli}. `env` is set for the command's duration; `stdin` is what standard input gives.
 */
export async function runCliInProcess(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/commandLine.js');
  const captured = { stdout: '', stderr: '' };
  const restore: (() => void)[] = [];
  for (const [name, value] of Object.entries(options.env ?? {})) {
    const before = process.env[name];
    restore.push(() => (before === undefined ? delete process.env[name] : (process.env[name] = before)));
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const write = process[stream].write;
    restore.push(() => (process[stream].write = write));
    process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  }
  if (options.stdin !== undefined) {
    const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
    restore.push(() => Object.defineProperty(process, 'stdin', stdin));
    Object.defineProperty(process, 'stdin', { configurable: true, value: Readable.from([Buffer.from(options.stdin)]) });
  }
  try {
    const code = await main(args);
    return { code, ...captured };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}

/** Starts `rapport start` and resolves with its URL once it logs that it is ready. */
export function startServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string; logs: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RAPPORT_BIN, 'start', ...args], {
      stdio: 'pipe',
      env: { ...process.env, RAPPORT_BOOTSTRAP_API_KEY: TEST_ADMIN_TOKEN, ...env },
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rapport start was not ready within 30 s:\n${output}`));
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = output.split('\n').find((line) => line.includes('"Rapport ready at'));
      if (ready) {
        clearTimeout(timer);
        resolve({ child, url: (JSON.parse(ready) as { url: string }).url, logs: () => output });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`rapport start exited with ${code}:\n${output}`));
    });
  });
}

/** Stops a server started with {@link startServer} and resolves with its exit code. */
export function stopServer(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Polls `probe` until it gives a value (not undefined), or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
