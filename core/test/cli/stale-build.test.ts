import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleBuildOutputs, type RapportInstallation } from '../../src/scaffold/rapportInstallation.js';

/** A package folder with a built dist/ and one source file, the source written `sourceAge` seconds after the build. */
function packageDir(root: string, name: string, sourceAfterBuildSeconds: number | null): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  writeFileSync(path.join(dir, 'dist/index.js'), '');
  const builtAt = new Date('2026-11-28T10:00:00Z');
  utimesSync(path.join(dir, 'dist/index.js'), builtAt, builtAt);
  if (sourceAfterBuildSeconds !== null) {
    mkdirSync(path.join(dir, 'src/deep'), { recursive: true });
    writeFileSync(path.join(dir, 'src/deep/file.ts'), '');
    const editedAt = new Date(builtAt.getTime() + sourceAfterBuildSeconds * 1000);
    utimesSync(path.join(dir, 'src/deep/file.ts'), editedAt, editedAt);
  }
  return dir;
}

describe('rapport new plugin, from a clone whose dist/ is older than its sources', () => {
  it('names the packages to build again, and none when dist/ is current or there are no sources', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-stale-'));
    const installation = (sdkDir: string, coreDir: string) => ({ sdkDir, coreDir }) as RapportInstallation;
    const sdk = packageDir(root, 'sdk', 60);
    const core = packageDir(root, 'core', -60);
    expect(staleBuildOutputs(installation(sdk, core))).toEqual([sdk]);
    expect(staleBuildOutputs(installation(packageDir(root, 'sdk2', -1), core))).toEqual([]);
    // A published package ships dist/ only.
    expect(staleBuildOutputs(installation(packageDir(root, 'sdk3', null), packageDir(root, 'core3', null)))).toEqual([]);
  });
});
