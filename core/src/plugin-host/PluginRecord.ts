import type { PluginManifest, PluginMetrics, PluginModule } from '@rapport/sdk';
import type { PluginContextHandle } from './context/PluginContextFactory.js';

/** Why a plugin cannot be loaded at all in this process; set once while loading. */
export interface StaticFailure {
  state: 'FAILED' | 'INCOMPATIBLE';
  error: string;
}

/** Why a plugin is turned off. */
export interface Disablement {
  by: 'operator' | 'circuit-breaker';
  reason: string;
}

/**
 * Everything the host knows about one configured plugin. The public state is derived from these
 * fields (see `PluginHost.stateOf`), so it can never disagree with them.
 */
export interface PluginRecord {
  /** The entry as written in rapport.config.json. */
  entry: string;
  /** The package name, or the entry when the manifest could not be read. */
  name: string;
  version: string;
  displayName: string | null;
  /** The plugin's directory and its package.json. */
  dir: string;
  manifestFile: string;
  manifest: PluginManifest | undefined;
  /** The entry module to import on activation. */
  mainFile: string | undefined;
  settings: Record<string, unknown>;
  staticFailure: StaticFailure | undefined;
  disabled: Disablement | undefined;
  /** The error of the last failed activation; cleared when the plugin is enabled again. */
  activationError: string | undefined;
  active: boolean;
  /** The activation in progress, shared by concurrent callers. */
  activation: Promise<void> | undefined;
  context: PluginContextHandle | undefined;
  /** The import of the entry module; ES modules load once per process, so this is kept. */
  moduleLoad: Promise<PluginModule> | undefined;
  module: PluginModule | undefined;
  exports: unknown;
  metrics: PluginMetrics;
}

export function emptyMetrics(): PluginMetrics {
  return { activationTimeMs: null, activatedAt: null, handlerCalls: 0, failures: 0, lastError: null };
}
