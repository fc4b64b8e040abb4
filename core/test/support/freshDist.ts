import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingBuildOutputs, staleBuildOutputs, type RapportInstallation } from '../../src/scaffold/rapportInstallation.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Vitest's global setup: the tests of `rapport new plugin` install generated plugins that compile
 * and test against sdk/dist and core/dist, which `npm install` builds. After a developer edits the
 * sources, dist/ is older than them; build it again first, once, so those tests check the code as
 * it is. (A fresh clone's dist/ is current, and nothing is built.)
 */
export default function setup(): void {
  const installation = { sdkDir: path.join(ROOT, 'sdk'), coreDir: path.join(ROOT, 'core') } as RapportInstallation;
  const outdated = [...missingBuildOutputs(installation), ...staleBuildOutputs(installation)];
  if (outdated.length === 0) return;
  process.stderr.write(`rapport tests: building sdk/dist and core/dist, which are older than their sources (${outdated.join(', ')})\n`);
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
