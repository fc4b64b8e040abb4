import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingBuildOutputs, staleBuildOutputs, type RapportInstallation } from '../../src/scaffold/rapportInstallation.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Vitest's global setup: the tests of `rapport new plugin` install generated plugins that compile
 * and test against sdk/dist and core/dist, which `npm install` builds. After a developer edits the
 * sources, dist/ is older than them; build it again first, once, so those tests check the code as
 * it is. The console's build (core/console/dist) is checked the same way: the console tests and
 * `rapport start` serve it. (A fresh clone's dist/ is current, and nothing is built.)
 */
export default function setup(): void {
  const installation = { sdkDir: path.join(ROOT, 'sdk'), coreDir: path.join(ROOT, 'core') } as RapportInstallation;
  const outdated = [...missingBuildOutputs(installation), ...staleBuildOutputs(installation)];
  if (outdated.length > 0) {
    process.stderr.write(`rapport tests: building sdk/dist and core/dist, which are older than their sources (${outdated.join(', ')})\n`);
    // core's build builds the console too.
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    return;
  }
  if (consoleIsStale()) {
    process.stderr.write('rapport tests: building core/console/dist, which is missing or older than core/console\n');
    execFileSync('npm', ['run', '-s', 'build:console', '-w', '@rapport/core'], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** The console's build (core/console/dist) is missing, or older than a file it is built from. */
function consoleIsStale(): boolean {
  const consoleDir = path.join(ROOT, 'core', 'console');
  const built = path.join(consoleDir, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = [
    path.join(consoleDir, 'index.html'),
    path.join(consoleDir, 'vite.config.ts'),
    ...readdirSync(path.join(consoleDir, 'src'), { recursive: true, encoding: 'utf8' }).map((file) => path.join(consoleDir, 'src', file)),
  ];
  return sources.some((file) => statSync(file).isFile() && statSync(file).mtimeMs > builtAt);
}
