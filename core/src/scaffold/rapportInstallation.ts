import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Rapport packages that run `rapport new plugin`, which the new plugin depends on. */
export interface RapportInstallation {
  /** The real folder of `@rapport/core` (symlinks resolved). */
  coreDir: string;
  coreVersion: string;
  /** The real folder of the `@rapport/sdk` the core uses. */
  sdkDir: string;
  sdkVersion: string;
  /**
   * True when the core is a source checkout (a clone of the Rapport repository, or a package
   * linked from one) rather than a package installed from a registry into a `node_modules`
   * folder. A new plugin then links `@rapport/sdk` and `@rapport/core` with `file:` specs, since
   * they need not be published.
   */
  linked: boolean;
  /** The repository's package-lock.json, in a clone: the versions its dev tools are pinned to. */
  lockFile?: string;
}

/**
 * Finds the installation this module runs from: `core/src/scaffold` in a clone (run by tsx), or
 * `core/dist/scaffold` in a published package, both two folders below the core's.
 */
export function findRapportInstallation(): RapportInstallation {
  const coreDir = realpathSync(fileURLToPath(new URL('../..', import.meta.url)));
  const core = readManifest(path.join(coreDir, 'package.json'));
  // The core's own dependency: the SDK it was built and tested with.
  const sdkManifest = createRequire(path.join(coreDir, 'package.json')).resolve('@rapport/sdk/package.json');
  const sdkDir = realpathSync(path.dirname(sdkManifest));
  const sdk = readManifest(path.join(sdkDir, 'package.json'));
  const linked = !coreDir.split(path.sep).includes('node_modules');
  const lockFile = linked ? findUp(path.dirname(coreDir), 'package-lock.json') : undefined;
  return { coreDir, coreVersion: core.version, sdkDir, sdkVersion: sdk.version, linked, ...(lockFile && { lockFile }) };
}

/**
 * Whether a plugin can compile and run against this SDK from outside the repository: a source
 * checkout needs the SDK's and the core's `dist/` built (the repository's `npm install` does it,
 * with its `prepare` script). Returns the missing files.
 */
export function missingBuildOutputs(installation: RapportInstallation): string[] {
  return [path.join(installation.sdkDir, 'dist', 'index.d.ts'), path.join(installation.coreDir, 'dist', 'testing', 'index.js')].filter(
    (file) => !existsSync(file),
  );
}

/**
 * The packages of a clone whose sources changed after their `dist/` was built (`npm install`
 * builds it; a later edit does not), so the new plugin would type-check and test against old
 * code. A published installation has no sources and is never stale.
 */
export function staleBuildOutputs(installation: RapportInstallation): string[] {
  return [installation.sdkDir, installation.coreDir].filter((dir) => {
    const built = path.join(dir, 'dist', 'index.js');
    if (!existsSync(built) || !existsSync(path.join(dir, 'src'))) return false;
    const builtAt = statSync(built).mtimeMs;
    return readdirSync(path.join(dir, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .some((file) => statSync(path.join(dir, 'src', file)).mtimeMs > builtAt);
  });
}

function readManifest(file: string): { name: string; version: string } {
  return JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string };
}

function findUp(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
