import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { createTestHost, type TestHost, type TestHostOptions } from '@rapport/sdk/testing';

/** The directory of the fixture plugin packages. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plugins');

/** A fixture plugin's package.json, as the host names it in messages. */
export const manifestOf = (dir: string): string => path.join(FIXTURES, dir, 'package.json');

/** Starts a test host on fixture plugins, given by directory name. */
export function hostWith(dirs: string[], options: Omit<TestHostOptions, 'plugins'> = {}): Promise<TestHost> {
  return createTestHost({ plugins: dirs.map((dir) => (dir.startsWith('.') ? dir : `./${dir}`)), baseDir: FIXTURES, ...options });
}

/** What fixture plugins leave on globalThis for the tests to inspect. */
export function fixtureProbe(name: string): Record<string, unknown> | undefined {
  return (globalThis as { __rapportFixtures?: Record<string, Record<string, unknown>> }).__rapportFixtures?.[name];
}

/**
 * Registers an afterEach that stops whatever host the test started, and returns the starter:
 * `const start = useFixtureHosts(); const host = await start(['good-js']);`.
 */
export function useFixtureHosts(): (dirs: string[], options?: Omit<TestHostOptions, 'plugins'>) => Promise<TestHost> {
  const running: TestHost[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((host) => host.stop()));
  });
  return async (dirs, options) => {
    const host = await hostWith(dirs, options);
    running.push(host);
    return host;
  };
}
