/** Budgets of the plugin host, in milliseconds (see docs/configuration.md, `pluginHost`). */
export interface PluginHostOptions {
  /** How long `activate()` may run before the plugin is FAILED. */
  activationTimeoutMs: number;
  /** How long one event handler call may run before it counts as a failure. */
  handlerTimeoutMs: number;
  /** How long `deactivate()` and each disposal may run during shutdown or disable. */
  deactivationTimeoutMs: number;
  /** Handler failures within `circuitBreakerWindowMs` that disable a plugin. */
  circuitBreakerThreshold: number;
  circuitBreakerWindowMs: number;
}

export const DEFAULT_PLUGIN_HOST_OPTIONS: PluginHostOptions = {
  activationTimeoutMs: 10_000,
  handlerTimeoutMs: 10_000,
  deactivationTimeoutMs: 5_000,
  circuitBreakerThreshold: 5,
  circuitBreakerWindowMs: 60_000,
};
