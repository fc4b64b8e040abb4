import type { ActivationEvent, Permission } from './manifest.js';

/**
 * The lifecycle state of a plugin (docs/plugin-manifest.md#states).
 *
 * - `INSTALLED`: found and checked, not activated yet (its activation events have not happened).
 * - `ACTIVE`: `activate()` finished and its contributions are live.
 * - `DISABLED`: turned off by an operator or by the circuit breaker.
 * - `FAILED`: its manifest or settings are invalid, it is in a dependency cycle, or `activate()`
 *   threw or timed out.
 * - `INCOMPATIBLE`: its `engines.rapport` range does not match this core's `API_VERSION`.
 * - `MISSING_DEPENDENCY`: a plugin it depends on is absent, out of range or not usable.
 */
export type PluginState = 'INSTALLED' | 'ACTIVE' | 'DISABLED' | 'FAILED' | 'INCOMPATIBLE' | 'MISSING_DEPENDENCY';

/** Per-plugin figures kept by the plugin host. */
export interface PluginMetrics {
  /** How long the last `activate()` took, in milliseconds. */
  activationTimeMs: number | null;
  /** When the plugin was last activated. */
  activatedAt: Date | null;
  /** Event handler calls made to this plugin. */
  handlerCalls: number;
  /** Activations and handler calls that threw or timed out. */
  failures: number;
  /** The most recent failure. */
  lastError: { message: string; at: Date } | null;
}

/** What the host knows about one plugin. */
export interface PluginStatus {
  name: string;
  displayName: string | null;
  version: string;
  state: PluginState;
  /** Why the plugin is in a state other than INSTALLED or ACTIVE, for a person to read. */
  error: string | null;
  activationEvents: ActivationEvent[];
  permissions: Permission[];
  /** The plugin's directory. */
  location: string;
  metrics: PluginMetrics;
}
