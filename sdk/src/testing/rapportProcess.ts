import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A `rapport start` process started by {@link startRapport}, and the URL it serves on. */
export interface RapportProcess {
  readonly child: ChildProcess;
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /**
   * The ADMIN API key the process was started with (`RAPPORT_BOOTSTRAP_API_KEY`): {@link graphql}
   * sends it; send it yourself as `authorization: Bearer <apiKey>` for your own requests to
   * `/graphql`. Channel webhooks (`/channels/…`) do not take it: each channel checks its callers.
   */
  readonly apiKey: string;
  /** Everything the process printed so far (pino JSON lines), for failure messages. */
  output(): string;
  /**
   * Runs a GraphQL operation over HTTP with {@link apiKey} as its credential; GraphQL errors
   * throw with the server's messages and codes.
   */
  graphql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<Data>;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, a graceful stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts a real deployment, `rapport start --config <configFile>` from `@rapport/core` (which
 * must be installed, as for the test host), and resolves once it logs its address and
 * `/readyz` answers 200. For tests that need a whole process: a restart in the middle of a
 * workflow, webhooks over real HTTP, an end-to-end story. Give the config `"port": 0` to get a
 * free port.
 *
 * Every GraphQL request needs a credential, so the process gets `RAPPORT_BOOTSTRAP_API_KEY`: an
 * ADMIN API key made fresh for it (`rk_` and 32 random bytes, base64url), or the one given in
 * `options.env`. It is {@link RapportProcess.apiKey}, and {@link RapportProcess.graphql} sends it.
 *
 * @example
 * ```ts
 * const server = await startRapport('/tmp/test/rapport.config.json');
 * const data = await server.graphql('{ customers { totalCount } }');
 * await server.stop();
 * ```
 */
export async function startRapport(configFile: string, options: { env?: NodeJS.ProcessEnv; readyTimeoutMs?: number } = {}): Promise<RapportProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const apiKey = options.env?.RAPPORT_BOOTSTRAP_API_KEY ?? `rk_${randomBytes(32).toString('base64url')}`;
  const env = { ...process.env, ...options.env, RAPPORT_BOOTSTRAP_API_KEY: apiKey };
  const child = spawn(process.execPath, [rapportBin(), 'start', '--config', configFile], { stdio: 'pipe', env });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rapport start did not log its address within ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
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
  await waitFor('/readyz to answer 200', async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), readyTimeoutMs);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    url,
    apiKey,
    output: () => output,
    async graphql<Data>(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] };
      if (body.errors?.length) {
        throw new Error(`GraphQL errors: ${body.errors.map((error) => `${error.message}${error.extensions?.code ? ` (${error.extensions.code})` : ''}`).join('; ')}`);
      }
      return body.data!;
    },
    async kill() {
      if (exited()) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    },
    async stop() {
      if (exited()) return child.exitCode;
      const gone = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return gone;
    },
  };
}

/**
 * Polls `probe` until it gives a value other than `undefined` (a probe that throws counts as
 * not yet), or fails naming `what` after `timeoutMs`.
 *
 * @example
 * ```ts
 * const mail = await waitFor('the survey email', () => inbox.find((m) => m.subject.includes('How did we do')));
 * ```
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve().then(probe).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The `rapport` bin of the installed @rapport/core. */
function rapportBin(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('@rapport/core/package.json');
  } catch (error) {
    throw new Error('startRapport needs @rapport/core. Install it as a devDependency: npm install --save-dev @rapport/core', { cause: error });
  }
  return path.join(path.dirname(manifest), 'bin', 'rapport.js');
}
