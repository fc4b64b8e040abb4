/**
 * One measured start of bench/startup.ts: a real `rapport start` on a generated plugin set, timed
 * from just before spawn to its ready line, then stopped.
 */
import type { PluginSet } from './generatePlugins.js';
import { REPO_ROOT, startRapportServer, type RapportReady, type ServerProcess } from './serverProcess.js';

/** How long a child gets to exit after SIGTERM before it is killed outright. */
const EXIT_GRACE_MS = 10_000;

/** One measured start: wall time seen by this process, and the child's own `uptimeMs`. */
export type RunOutcome = { ok: true; wallMs: number; childUptimeMs: number; pluginHostMs: number } | { ok: false; error: string };

/**
 * The child's environment. LOG_LEVEL is dropped because it overrides the config's `info`, and a
 * stricter level would hide the ready line; PORT and RAPPORT_CONFIG are overridden by the
 * command line anyway.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.LOG_LEVEL;
  return env;
}

/** Starts `rapport start` on a plugin set, waits for the ready line, then stops the child. */
export async function measureStart(set: PluginSet, timeoutMs: number): Promise<RunOutcome> {
  let server: ServerProcess<RapportReady> | undefined;
  try {
    // readyAfterMs runs from just before spawn(), so the figure includes Node's own boot and
    // tsx's compilation, which a user running `rapport start` also waits for.
    server = await startRapportServer({
      args: ['--config', set.configFile, '--port', '0'],
      cwd: REPO_ROOT,
      env: childEnv(),
      readyTimeoutMs: timeoutMs,
      exitGraceMs: EXIT_GRACE_MS,
    });
    const { uptimeMs, pluginHostMs } = readyFigures(server.ready);
    checkPluginStates(server.ready.plugins, set);
    return { ok: true, wallMs: server.readyAfterMs, childUptimeMs: uptimeMs, pluginHostMs };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    await server?.stop();
  }
}

/** The child's uptime and the plugin host's load + activation time, which the ready line must carry. */
function readyFigures(ready: RapportReady): { uptimeMs: number; pluginHostMs: number } {
  if (ready.uptimeMs === undefined) throw new Error(`the ready line has no numeric uptimeMs: ${ready.line}`);
  const { load, activation } = ready.pluginHostMs ?? {};
  if (typeof load !== 'number' || typeof activation !== 'number') throw new Error(`the ready line has no pluginHostMs: ${ready.line}`);
  return { uptimeMs: ready.uptimeMs, pluginHostMs: load + activation };
}

/**
 * A run only counts if every generated plugin ended in the intended state: a manifest mistake
 * that made them FAILED would otherwise be measured as a (fast) successful startup.
 */
function checkPluginStates(states: Record<string, number>, set: PluginSet): void {
  const expected = set.mode === 'lazy' ? 'INSTALLED' : 'ACTIVE';
  if (states[expected] === set.count && Object.keys(states).length === 1) return;
  throw new Error(`expected ${set.count} plugins ${expected}, the ready line reports ${JSON.stringify(states)}.`);
}
