/**
 * Runs every benchmark, each in its own process (so one's warm caches never help another), and
 * prints their JSON documents as one: `{ "benchmarks": [ … ] }`. Run with `npm run -s bench`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REGISTER_SOURCE } from './lib/serverProcess.js';

const BENCHMARKS = ['startup.ts', 'ingest.ts', 'query.ts', 'workflows.ts', 'webhooks.ts', 'emailIngest.ts', 'chat.ts', 'console.ts'];

function run(file: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REGISTER_SOURCE, fileURLToPath(new URL(file, import.meta.url))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${file} exited with ${code}`));
      try {
        resolve(JSON.parse(output));
      } catch {
        reject(new Error(`${file} printed no JSON document:\n${output}`));
      }
    });
  });
}

const benchmarks = [];
for (const file of BENCHMARKS) benchmarks.push(await run(file));
process.stdout.write(`${JSON.stringify({ benchmarks }, null, 2)}\n`);
