import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('../../core/bin/register-source.js', import.meta.url));
const SERVER = fileURLToPath(new URL('./benchServer.ts', import.meta.url));

/** Which server bench/lib/benchServer.ts runs. */
export type BenchServerMode = 'rapport' | 'bare-yoga';

/** A benchmark server in its own process. */
export interface BenchServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts bench/lib/benchServer.ts over a database and resolves once it listens. It runs as
 * production does: NODE_ENV=production turns off graphql-js's development-only checks (e.g. its
 * cross-realm instanceOf), for the baseline as for Rapport.
 */
export function startBenchServer(mode: BenchServerMode, databaseUrl: string): Promise<BenchServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REGISTER, SERVER, mode, databaseUrl], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { port } = JSON.parse(line) as { port: number };
      child.removeAllListeners('exit');
      resolve({
        child,
        url: `http://127.0.0.1:${port}/graphql`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
