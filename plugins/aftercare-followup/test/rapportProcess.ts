import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PLUGIN_DIR } from './paths.js';

/** The `rapport` bin of @rapport/core in this repository, as npm links it. */
const RAPPORT_BIN = path.resolve(PLUGIN_DIR, '../../core/bin/rapport.js');

/** A `rapport start` process and the URL it serves on. */
export interface RapportProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far, for failure messages. */
  output(): string;
}

/**
 * Starts `rapport start --config <file>` and resolves once it logs its address (it listens on
 * the port the config names; 0 picks a free one) and `/readyz` answers 200.
 */
export async function startRapport(configFile: string): Promise<RapportProcess> {
  const child = spawn(process.execPath, [RAPPORT_BIN, 'start', '--config', configFile], { stdio: 'pipe' });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rapport start did not log its address within 30 s:\n${output}`));
    }, 30_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`rapport start exited with ${code} before it was ready:\n${output}`));
    };
    child.once('exit', onExit);
    child.stdout!.on('data', () => {
      // pino writes one JSON object a line; the ready line carries the URL.
      const ready = output.split('\n').find((line) => line.includes('"Rapport ready at'));
      if (!ready) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve((JSON.parse(ready) as { url: string }).url);
    });
  });
  await waitFor('/readyz to answer 200', async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined));
  return { child, url, output: () => output };
}

/** Kills the process with SIGKILL, as a crash would, and resolves once it is gone. */
export async function killRapport(server: RapportProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

/** Stops the process with SIGTERM and resolves with its exit code. */
export async function stopRapport(server: RapportProcess): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  return exited;
}

/** Runs a GraphQL operation over HTTP; GraphQL errors throw, with the server's messages. */
export async function graphql<Data>(server: RapportProcess, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${body.errors.map((error) => error.message).join('; ')}`);
  return body.data!;
}

/** Polls `probe` until it gives a value other than undefined, or fails naming `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A probe that throws (the server is not listening yet) counts as not there yet.
    const value = await Promise.resolve().then(probe).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
