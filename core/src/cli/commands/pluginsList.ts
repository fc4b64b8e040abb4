import { createLogger } from '../../logging/createLogger.js';
import type { PluginStatus } from '@rapport/sdk';
import { loadConfig } from '../../config/loadConfig.js';
import { openConfiguredKernel } from '../openConfiguredKernel.js';

/** The states in which a plugin cannot be used until its deployment is changed. */
export function unusable(plugin: PluginStatus): boolean {
  return plugin.state === 'FAILED' || plugin.state === 'INCOMPATIBLE' || plugin.state === 'MISSING_DEPENDENCY';
}

/**
 * `rapport plugins list`: loads and checks every configured plugin, as `start` would, without
 * activating any, and prints each one's name, version, state and the reason for that state.
 * Exits 1 when a plugin is FAILED, INCOMPATIBLE or MISSING_DEPENDENCY, unless `allowFailures`.
 */
export async function pluginsListCommand(options: { config?: string; json?: boolean; allowFailures?: boolean }): Promise<number> {
  const config = await loadConfig({ file: options.config });
  // The database is read for operators' enable/disable choices; nothing is written.
  const kernel = await openConfiguredKernel(config, createLogger({ level: 'silent' }), { inspect: true });
  const plugins = kernel.host.list();
  await kernel.database.close();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(plugins.map(({ name, version, state, error }) => ({ name, version, state, reason: error })), null, 2)}\n`);
  } else {
    process.stdout.write(formatTable(plugins));
  }
  return plugins.some(unusable) && !options.allowFailures ? 1 : 0;
}

/** A plain-text table; multi-line reasons are indented under their plugin. */
export function formatTable(plugins: PluginStatus[]): string {
  if (plugins.length === 0) return 'No plugins configured.\n';
  const rows = [['NAME', 'VERSION', 'STATE', 'REASON'], ...plugins.map((p) => [p.name, p.version, p.state, p.error ?? ''])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => {
      const [first = '', ...rest] = row[3]!.split('\n');
      const line = [...row.slice(0, 3).map((cell, i) => cell.padEnd(widths[i]!)), first].join('  ').trimEnd();
      const indent = ' '.repeat(widths.reduce((sum, w) => sum + w + 2, 0));
      return [line, ...rest.map((more) => indent + more)].join('\n');
    })
    .join('\n')
    .concat('\n');
}
